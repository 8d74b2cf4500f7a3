"""Forms of the assessment and targets pages. They parse input; the rules live in performance.assessment
and performance.targets."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from performance.models.assessment import QUARTERS, Item
from stations.models import Node

MAX_YEAR, MIN_YEAR = 2100, 2000


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: beside the field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class PeriodForm(forms.Form):
    """Which quarter (and street) a ranking shows; bad input falls back to the defaults."""

    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=QUARTERS, coerce=int)
    street = forms.ModelChoiceField(label=_("Street"), queryset=Node.objects.none(), required=False,
                                    empty_label=_("All streets"))

    def __init__(self, *args, streets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if streets is None:
            del self.fields["street"]
        else:
            self.fields["street"].queryset = streets


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    behind = forms.BooleanField(label=_("Only stations behind a target"), required=False)


class ScoreForm(forms.Form):
    """One score and one evidence note per item of a checklist: fields score_<id> and note_<id>."""

    def __init__(self, *args, items: list[Item], initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        initial_scores = initial_scores or {}
        for item in items:
            saved = initial_scores.get(item.pk)
            self.fields[f"score_{item.pk}"] = forms.DecimalField(
                label=_("Score (out of %(max)s)") % {"max": f"{item.max_score.normalize():f}"},
                required=False, max_digits=6, decimal_places=1,
                initial=saved.score if saved else None,
                widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": str(item.max_score),
                                                "class": "form-control form-control-sm"}),
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=_("Evidence note"), required=False, max_length=500,
                initial=saved.note if saved else "",
                widget=forms.TextInput(
                    attrs={"placeholder": item.evidence_hint, "class": "form-control form-control-sm"}
                ),
            )

    def scores(self) -> dict:
        return {
            item.pk: (self.cleaned_data.get(f"score_{item.pk}"), self.cleaned_data.get(f"note_{item.pk}", ""))
            for item in self.items
        }

    def field_pair(self, item: Item):
        return self[f"score_{item.pk}"], self[f"note_{item.pk}"]


class ChecklistCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    name = forms.CharField(label=_("Name"), max_length=100)
    sample = forms.BooleanField(label=_("Start from the sample checklist"), required=False, initial=True)


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("For the year"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("New category"), max_length=100)


class ItemForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    text = forms.CharField(label=_("Item"), max_length=300)
    max_score = forms.DecimalField(label=_("Maximum score"), max_digits=6, decimal_places=1, min_value=0.5,
                                   max_value=1000)
    evidence_hint = forms.CharField(label=_("Evidence to look for"), max_length=300, required=False)

    def __init__(self, *args, checklist, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = checklist.categories.all()


class TargetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kinds = forms.MultipleChoiceField(
        label=_("Meetings counted"), choices=Meeting.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    minimum = forms.IntegerField(label=_("Minimum per station a year"), min_value=1, max_value=1000)
