"""Forms of the scorecard pages: the staff list's filters, and the point rules and quotas."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.selectors import streets_visible_to
from performance.models.scorecard import Metric, Source
from performance.scorecard.rules import QuotaInForce, RuleInForce

LIST_YEARS = 10


def recent_years(today=None) -> list[int]:
    year = (today or timezone.localdate()).year
    return list(range(year, year - LIST_YEARS, -1))


class ScorecardFilterForm(forms.Form):
    """The staff list's filters (GET). Invalid values are dropped, never an error page."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("Name"), required=False, max_length=50)
    street = forms.ModelChoiceField(label=_("Street"), queryset=None, required=False, empty_label=_("Any"))
    behind = forms.BooleanField(label=_("Behind quota only"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in recent_years()]
        self.fields["year"].initial = recent_years()[0]
        self.fields["street"].queryset = streets_visible_to(user)

    def value(self, name: str, default=None):
        """The cleaned value of a field, or `default` when it was missing or invalid."""
        if not self.is_bound:
            return default
        self.is_valid()
        value = self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
        return default if value in (None, "") else value


class PointRulesForm(forms.Form):
    """One row per source: points each and whether it counts, from a year on."""

    year = forms.TypedChoiceField(label=_("From year"), coerce=int)

    def __init__(self, *args, rules: dict[str, RuleInForce], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["year"].initial = years[0]
        for source, rule in rules.items():
            self.fields[f"points_{source}"] = forms.IntegerField(
                label=rule.label, min_value=-100, max_value=100, initial=rule.points
            )
            self.fields[f"active_{source}"] = forms.BooleanField(
                label=_("counts"), required=False, initial=rule.active
            )

    def rows(self):
        """(label, points field, active field) for the template's table."""
        for source in Source.values:
            yield Source(source).label, self[f"points_{source}"], self[f"active_{source}"]

    def values(self) -> dict[str, tuple[int, bool]]:
        data = self.cleaned_data
        return {s: (data[f"points_{s}"], data[f"active_{s}"]) for s in Source.values}


class QuotasForm(forms.Form):
    """One row per metric: at least, and at most (optional), from a year on."""

    year = forms.TypedChoiceField(label=_("From year"), coerce=int)

    def __init__(self, *args, quotas: dict[str, QuotaInForce], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["year"].initial = years[0]
        for metric, quota in quotas.items():
            self.fields[f"min_{metric}"] = forms.IntegerField(
                label=quota.label, min_value=0, max_value=1000, initial=quota.minimum
            )
            self.fields[f"max_{metric}"] = forms.IntegerField(
                label=_("at most"), min_value=0, max_value=1000, required=False, initial=quota.maximum
            )

    def clean(self):
        data = super().clean()
        for metric in Metric.values:
            low, high = data.get(f"min_{metric}"), data.get(f"max_{metric}")
            if low is not None and high is not None and high < low:
                self.add_error(f"max_{metric}", _("The maximum cannot be below the minimum."))
        return data

    def rows(self):
        for metric in Metric.values:
            yield Metric(metric).label, self[f"min_{metric}"], self[f"max_{metric}"]

    def values(self) -> dict[str, tuple[int, int | None]]:
        data = self.cleaned_data
        return {m: (data[f"min_{m}"], data[f"max_{m}"]) for m in Metric.values}
