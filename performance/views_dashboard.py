"""The staff dashboard and the department compliance page. Thin: parse the filter form, call
performance/dashboard.py, build the charts, render."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from performance import charts
from performance.dashboard import PERIODS, dashboard_for, period_for, where_for
from performance.dashboard_compliance import SORTS, compliance_for
from stations.access import staff_required
from stations.models import Node
from stations.selectors import nodes_visible_to


class DashboardForm(forms.Form):
    """What the page looks at: a period, and optionally one street or station of the user's scope."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=list(PERIODS.items()), required=False)
    street = forms.ModelChoiceField(
        label=gettext_lazy("Street"), queryset=Node.objects.none(), required=False, empty_label=gettext_lazy("All")
    )
    station = forms.ModelChoiceField(
        label=gettext_lazy("Station"), queryset=Node.objects.none(), required=False, empty_label=gettext_lazy("All")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
        visible = nodes_visible_to(user).filter(is_active=True).order_by("code")
        self.fields["street"].queryset = visible.filter(kind=Node.Kind.STREET)
        self.fields["station"].queryset = visible.filter(kind=Node.Kind.STATION)


def _parse(request, default_period: str):
    """The form and what it asks for; a bad or out-of-scope value is shown as an error and ignored."""
    form = DashboardForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    today = timezone.localdate()
    period = period_for(data.get("period") or default_period, today)
    where = where_for(request.user, street=data.get("street"), station=data.get("station"))
    return form, period, where, today


def _charts(numbers: dict) -> dict:
    breakdown = numbers["breakdown"]
    return {
        "rate": charts.bar_chart(
            "chart-rate",
            _("Resolution rate"),
            [(row.label, row.rate, row.resolved.url) for row in breakdown],
            maximum=100,
            suffix="%",
            target=numbers["target"],
            target_text=_("Target %(rate)s%%") % {"rate": numbers["target"]},
        ),
        "ratings": charts.bar_chart(
            "chart-ratings",
            _("Satisfaction"),
            [(r["label"], r["count"].value, r["count"].url) for r in numbers["ratings"]],
            patterns=True,
        ),
        "categories": charts.bar_chart(
            "chart-categories",
            _("Top categories"),
            [(r["label"], r["count"].value, r["count"].url) for r in numbers["top_categories"]],
        ),
        "months": charts.line_chart(
            "chart-months",
            _("Cases by month"),
            [formats.date_format(m["month"], "Y-m") for m in numbers["months"]],
            [
                (_("Received"), [m["received"].value for m in numbers["months"]]),
                (_("Resolved or replied"), [m["resolved"].value for m in numbers["months"]]),
            ],
        ),
    }


@staff_required
def dashboard(request):
    """Street staff see their street, district staff the district, narrowed to a street or station."""
    form, period, where, today = _parse(request, "year")
    numbers = dashboard_for(request.user, period=period, where=where, today=today)
    context = {"form": form, **numbers, "charts": _charts(numbers)}
    return render(request, "performance/dashboard.html", context)


@staff_required
def compliance(request):
    """Per handling unit: cases referred in the period, replied on time, late, still open, overdue."""
    form, period, where, today = _parse(request, "year")
    sort = request.GET.get("o", "")
    if sort.lstrip("-") not in SORTS:
        sort = ""
    result = compliance_for(request.user, period=period, where=where, sort=sort, today=today)
    query = request.GET.copy()
    query.pop("o", None)
    headers = [
        {"key": key, "label": label, "next": f"-{key}" if sort == key else key, "active": sort.lstrip("-") == key}
        for key, label in SORTS.items()
    ]
    context = {"form": form, **result, "headers": headers, "query": query.urlencode(), "today": today}
    return render(request, "performance/compliance.html", context)
