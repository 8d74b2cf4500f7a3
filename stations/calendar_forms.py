"""Forms of the working-day calendar page. They parse input; liaison.workdays services decide."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.models import CalendarDay, CalendarYear

DAY_KINDS = [("0", _("A rest day (holiday)")), ("1", _("A working day (adjusted working weekend, 调休)"))]


class CalendarDayFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year", label=_("Year"))

    class Meta:
        model = CalendarDay
        fields = []


class CalendarDayForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Adding a date that already has an override changes it."),
    )
    is_working = forms.TypedChoiceField(
        label=_("On this day"), choices=DAY_KINDS, coerce=lambda value: value == "1", widget=forms.RadioSelect
    )
    note = CalendarDay._meta.get_field("note").formfield()

    def __init__(self, *args, **kwargs):
        # Its own element ids: the page also holds the year filter and the confirm-a-year form.
        kwargs.setdefault("auto_id", "day_%s")
        super().__init__(*args, **kwargs)


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        help_text=_("Confirm only after entering all of the year's holidays and adjusted working days above."),
    )
    note = CalendarYear._meta.get_field("note").formfield()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "confirm_%s")
        super().__init__(*args, **kwargs)
