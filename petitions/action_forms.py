"""Forms of the lifecycle actions on a case. They parse input; the services decide and write.

Every form carries the case's `version` (hidden): the view passes it to the service as
`expected_version`, so a form opened before someone else moved the case is refused, not applied.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from petitions.models import Petition


def _note(label, *, required=False, help_text="", rows=3, max_length=2000):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, petition: Petition, user, **kwargs):
        self.petition = petition
        self.user = user
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", petition.version)
        super().__init__(*args, **kwargs)


class DeputyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, deputy) -> str:
        return deputy.name


class AssignForm(ActionForm):
    deputy = DeputyChoiceField(label=_("Deputy in charge"), queryset=None, empty_label=None)
    note = _note(_("Note"), help_text=_("Optional: what the deputy should know."))

    def __init__(self, *args, deputies, suggestions: list[tuple], **kwargs):
        """`suggestions`: (deputy, why) pairs, best first; `deputies`: everyone else the user may pick."""
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions
        field = self.fields["deputy"]
        field.queryset = deputies
        # Suggestions first (with why), then every other deputy the user may pick, by name.
        suggested = [(d.pk, f"{d.name} · {why}") for d, why in suggestions]
        suggested_ids = {d.pk for d, _why in suggestions}
        others = [(d.pk, d.name) for d in deputies if d.pk not in suggested_ids]
        field.choices = [("", "---------")]
        if suggested:
            field.choices = [*field.choices, (_("Suggested"), suggested)]
        if others:
            field.choices = [*field.choices, (_("Other deputies"), others)]
        if not self.is_bound:
            current = self.petition.assigned_deputy_id
            self.initial.setdefault("deputy", current or (suggestions[0][0].pk if suggestions else None))


class ResolveForm(ActionForm):
    resolution = _note(
        _("How it was resolved"), required=True, rows=4, help_text=_("What was done, by whom, and when.")
    )


class InformForm(ActionForm):
    class Method(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit")
        SMS = "sms", _("Text message")
        TRACKING = "tracking", _("Tracking page")

    method = forms.ChoiceField(label=_("How the resident was told"), choices=Method.choices, widget=forms.RadioSelect)
    note = _note(_("Note"), help_text=_("Optional: what the resident said."))


class RateForm(ActionForm):
    rating = forms.ChoiceField(
        label=_("The resident's rating"), choices=Petition.Rating.choices, widget=forms.RadioSelect
    )
    comment = _note(_("The resident's comment"), max_length=500, help_text=_("Taken down on the phone."))


class CloseForm(ActionForm):
    note = _note(_("Note"), help_text=_("Optional."))


class WithdrawForm(ActionForm):
    reason = _note(_("Why the resident withdrew the case"), required=True)


class MergeForm(ActionForm):
    into = forms.CharField(
        label=_("Tracking number of the case to merge into"),
        max_length=40,
        help_text=_("The case that deals with the same problem, e.g. LT01-20260310-0001."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates

    def clean_into(self):
        number = self.cleaned_data["into"].strip()
        target = self.candidates.filter(tracking_no__iexact=number).first()
        if target is None:
            raise forms.ValidationError(_("No case with this tracking number that you can see."))
        return target


class EscalateForm(ActionForm):
    note = _note(
        _("Subject of the deputy suggestion"),
        required=True,
        help_text=_("The suggestion (代表建议) this opinion grows into."),
    )


class CommentForm(ActionForm):
    note = _note(_("Note"), required=True, rows=4)
