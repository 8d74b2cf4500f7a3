"""Forms of the meeting pages and the deliberation steps. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from deputies.models import Assignment, Deputy
from meetings.models import Attendee, Meeting
from meetings.models.deliberation import ActionItem, Topic
from petitions.models import Category, HandlingUnit, Petition
from stations.models import Community, Node

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Node) -> str:
        return f"{obj.display_name} ({obj.code})"


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices, initial=Meeting.Kind.DELIBERATION)
    title = Meeting._meta.get_field("title").formfield()
    node = NodeChoiceField(label=_("Held at"), queryset=Node.objects.none())
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=DATETIME, input_formats=DATETIME_FORMATS, required=False
    )
    place = Meeting._meta.get_field("place").formfield(help_text=_("Room or address; the station's by default."))
    summary = forms.CharField(
        label=_("Public summary"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public page once published. No residents' names or case details."),
    )
    is_public = forms.BooleanField(label=_("Publish the summary page"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices, initial=Meeting.Status.PLANNED)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, nodes, meeting: Meeting | None = None, **kwargs):
        if meeting is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] |= {
                "kind": meeting.kind, "title": meeting.title, "node": meeting.node_id, "starts_at": meeting.starts_at,
                "ends_at": meeting.ends_at, "place": meeting.place, "summary": meeting.summary,
                "is_public": meeting.is_public, "status": meeting.status, "version": meeting.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
        if meeting is None:
            del self.fields["status"]

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must be after the start."))
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class TopicForm(forms.Form):
    title = Topic._meta.get_field("title").formfield()
    description = forms.CharField(
        label=_("Description"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    cases = forms.ModelMultipleChoiceField(
        label=_("Cases behind this topic"), queryset=Petition.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Open cases near the meeting that you can see; several cases can feed one topic."),
    )
    source_category = forms.ModelChoiceField(queryset=Category.objects.all(), required=False, widget=forms.HiddenInput)
    source_community = forms.ModelChoiceField(
        queryset=Community.objects.all(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases.select_related("category", "community").order_by("-received_at", "-pk")
        self.fields["cases"].label_from_instance = _case_label


def _case_label(case: Petition) -> str:
    where = case.community.name if case.community_id else case.place
    return " · ".join(part for part in (case.tracking_no, case.category.name, where) if part)


class AttendeeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Attends as"), choices=Attendee.Kind.choices)
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=Deputy.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=HandlingUnit.objects.none(), required=False)
    user = forms.ModelChoiceField(
        label=_("Staff account"), queryset=get_user_model().objects.none(), required=False,
        help_text=_("Committee staff or clerks with an account get the invitation in the portal."),
    )
    name = forms.CharField(
        label=_("Name"), required=False, max_length=100,
        help_text=_("For officials, resident representatives and others. No phone number is needed."),
    )

    def __init__(self, *args, meeting: Meeting, units, **kwargs):
        super().__init__(*args, **kwargs)
        area = Q(node__street_id=meeting.street_id) if meeting.street_id else Q(node__district_id=meeting.district_id)
        self.fields["deputy"].queryset = (
            Deputy.objects.filter(is_active=True, assignments__in=Assignment.objects.filter(area))
            .distinct()
            .order_by("name")
        )
        self.fields["unit"].queryset = units.filter(is_active=True).order_by("kind", "name")
        nodes = [n for n in (meeting.station_id, meeting.street_id, meeting.district_id) if n]
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(positions__node_id__in=nodes, is_active=True)
            .distinct()
            .order_by("username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()


class AttendanceForm(forms.Form):
    """One radio group per attendee: field "a<pk>"."""

    def __init__(self, *args, attendees, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = list(attendees)
        for attendee in self.attendees:
            self.fields[f"a{attendee.pk}"] = forms.ChoiceField(
                label=attendee.display_name or attendee.get_kind_display(),
                choices=Attendee.Attendance.choices,
                initial=attendee.attendance,
                widget=forms.RadioSelect(attrs={"class": "form-check-inline"}),
            )

    def marks(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data[f"a{a.pk}"] for a in self.attendees}

    def rows(self):
        return [(attendee, self[f"a{attendee.pk}"]) for attendee in self.attendees]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    unit_answer = forms.CharField(
        label=_("The unit's on-the-spot answer"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(
        label=_("Owner (handling unit)"), queryset=HandlingUnit.objects.none(), required=False,
        help_text=_("With an owner and a due date the decision becomes a tracked action item."),
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units.filter(is_active=True).order_by("kind", "name")

    def clean(self):
        data = super().clean()
        if data.get("owner") and not data.get("due_on"):
            self.add_error("due_on", _("An action item needs both its owner and its due date."))
        if data.get("due_on") and not data.get("owner"):
            self.add_error("owner", _("An action item needs both its owner and its due date."))
        return data


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(
        label=_("New due date"), widget=DATE, required=False, help_text=_("Only if the due date moves.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: ActionItem, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] |= {"percent": action.progress, "version": action.version}
        super().__init__(*args, **kwargs)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), widget=forms.RadioSelect, initial="done",
        choices=[("done", _("Done")), ("cancelled", _("Cancelled"))],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
