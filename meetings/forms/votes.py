"""Forms of the votes area. Rules live in meetings/services/votes.py; forms only parse input."""

from __future__ import annotations

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.models.meeting import Meeting
from meetings.models.votes import Candidate, Milestone, Voter, VoteRound
from meetings.selectors import meetings_visible_to
from meetings.selectors_votes import deputies_for_electorate, nodes_for_rounds
from meetings.services.votes import parse_names
from petitions.models import HandlingUnit

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_NAMES = 2000


class RoundForm(forms.ModelForm):
    class Meta:
        model = VoteRound
        fields = ["title", "node", "year", "places", "score_scale", "meeting"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes_for_rounds(user).order_by("kind", "code")
        self.fields["node"].help_text = _("The district, or one street, whose voters choose the projects.")
        self.fields["meeting"].queryset = meetings_visible_to(user).filter(kind=Meeting.Kind.PROJECT_VOTE)
        self.fields["meeting"].required = False
        if self.instance.pk:
            del self.fields["node"]


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = ["name", "description", "budget", "lead_unit"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, round: VoteRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = HandlingUnit.objects.filter(district_id=round.district_id).order_by("name")


class DeputyPickForm(forms.Form):
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputies"), queryset=None, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, round: VoteRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies_for_electorate(user, round)


class VoterImportForm(forms.Form):
    names = forms.CharField(
        label=_("Names"), required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=60000,
        help_text=_("One name per line; a column pasted from a spreadsheet works."),
    )
    file = forms.FileField(
        label=_("Or a spreadsheet"), required=False,
        help_text=_("XLSX or CSV (UTF-8 or GBK): the names in the first column."),
    )
    kind = forms.ChoiceField(label=_("Votes as"), choices=Voter.Kind.choices, initial=Voter.Kind.REPRESENTATIVE)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is too large (at most 2 MB)."))
        return upload

    def clean(self):
        data = super().clean()
        names = parse_names(data.get("names") or "")
        upload = data.get("file")
        if upload:
            try:
                names += _names_from_file(upload)
            except ValueError:
                self.add_error("file", _("This file could not be read as XLSX or CSV."))
                return data
        if not names and not self.errors:
            raise ValidationError(_("Enter at least one name."))
        if len(names) > MAX_IMPORT_NAMES:
            raise ValidationError(_("At most %(n)d names at a time.") % {"n": MAX_IMPORT_NAMES})
        data["parsed"] = names
        return data


def _names_from_file(upload) -> list[str]:
    raw = upload.read()
    if raw[:2] == b"PK":  # a zip container: XLSX
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds on a broken file
            raise ValueError from error
        lines = [str(row[0]) for row in sheet.iter_rows(values_only=True) if row and row[0] is not None]
        return parse_names("\n".join(lines))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError
    return parse_names("\n".join(row[0] for row in csv.reader(io.StringIO(text)) if row))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your voting code"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                      "inputmode": "text", "class": "form-control form-control-lg"}),
        help_text=_("The 8 characters on your slip, e.g. K7M2-QX9P."),
    )


class BallotForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    choices = forms.ModelMultipleChoiceField(
        label=_("Projects"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, round: VoteRound, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["choices"].queryset = round.candidates.select_related("lead_unit").order_by("order", "id")

    def clean_choices(self):
        picks = self.cleaned_data["choices"]
        if len(picks) > self.round.places:
            raise ValidationError(
                _("Choose at most %(places)d projects; you chose %(n)d.") % {"places": self.round.places,
                                                                             "n": len(picks)}
            )
        return picks


class SupervisorsForm(forms.Form):
    deputies = forms.ModelMultipleChoiceField(label=_("Supervising deputies"), queryset=None,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = queryset


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    spent = forms.DecimalField(label=_("Spent to date (yuan)"), min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


THREE_LEVELS = [(3, _("Satisfied")), (2, _("Basically satisfied")), (1, _("Not satisfied"))]


class ScoreForm(forms.Form):
    """One radio group per project; a project left unscored is simply not counted."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=20)

    def __init__(self, *args, round: VoteRound, projects, **kwargs):
        super().__init__(*args, **kwargs)
        if round.score_scale == VoteRound.Scale.THREE:
            choices = THREE_LEVELS
        else:
            choices = [(n, str(n)) for n in range(10, 0, -1)]
        self.project_fields = []
        for project in projects:
            name = f"p{project.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=project.candidate.name, choices=choices, coerce=int, required=False, widget=forms.RadioSelect
            )
            self.project_fields.append((project, name))

    def rows(self):
        return [(project, self[name]) for project, name in self.project_fields]

    def values(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data[name] for p, name in self.project_fields if self.cleaned_data.get(name)}
