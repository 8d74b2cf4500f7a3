"""Forms of the reports area. They parse input; meetings.services.reports decides."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from meetings.models.reports import COMMENT_MAX, Report
from meetings.services.reports import MAX_CODES_PER_ISSUE
from stations.models import Node


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Node) -> str:
        return f"{obj.display_name} ({obj.get_kind_display()})"


class PlanCreateForm(forms.Form):
    node = NodeChoiceField(label=_("Street or district"), queryset=Node.objects.none())
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        help_text=_("A third of the area's deputies are suggested: those who reported longest ago (or never) first."),
    )

    def __init__(self, *args, nodes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else Node.objects.none()
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
            if nodes is not None and len(nodes) == 1:
                self.initial.setdefault("node", nodes[0].pk)


class DeputyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        last = getattr(obj, "last_reported", None)
        if last:
            return _("%(name)s (last reported %(year)s)") % {"name": obj.name, "year": last}
        return _("%(name)s (never reported)") % {"name": obj.name}


class PlanDeputiesForm(forms.Form):
    deputies = DeputyChoiceField(
        label=_("Deputies who report this year"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The candidates' queryset keeps its order and its "last reported" annotation for the labels.
        self.fields["deputies"].queryset = candidates


class ScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Join an existing report meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        help_text=_("Several deputies may report at one meeting. Leave empty to set this report's own meeting."),
    )
    node = NodeChoiceField(label=_("Held at"), queryset=Node.objects.none(), required=False)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, nodes=None, meetings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes if nodes is not None else Node.objects.none()
        self.fields["meeting"].queryset = meetings if meetings is not None else Meeting.objects.none()

    def clean(self):
        data = super().clean()
        if not data.get("meeting"):
            if not data.get("node"):
                self.add_error("node", _("Choose where the report is held, or an existing meeting."))
            if not data.get("starts_at"):
                self.add_error("starts_at", _("Give the start time, or choose an existing meeting."))
        return data


class ReportTextForm(forms.Form):
    text = forms.CharField(
        label=_("Report text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("What you did this year as a deputy: receptions, cases, suggestions, activities."),
    )


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=MAX_CODES_PER_ISSUE,
        help_text=_("One code per attendee. The codes are shown once, to print: keep the page until printed."),
    )


class RatingForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        help_text=_("The code printed on your slip, e.g. K7M2-QX9P."),
    )
    level = forms.ChoiceField(label=_("Your rating"), choices=Report.Level.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anonymous: the deputy reads it without your name."),
    )
