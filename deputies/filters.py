"""The deputy list's filters. Choices (streets, stations) come from the user's scope."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from deputies.models import Assignment, Deputy, Specialty
from deputies.selectors import stations_visible_to, streets_visible_to

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# Sort keys the list's column headers offer.
SORTS = {"name", "-name", "level", "-level"}
_LEVEL_RANK = Case(
    *(When(level=value, then=Value(rank)) for rank, value in enumerate(Deputy.Level.values)),
    output_field=IntegerField(),
)


def sort_deputies(queryset: QuerySet[Deputy], key: str | None) -> QuerySet[Deputy]:
    """By name, or by level from national down to township (not alphabetically by code)."""
    key = key if key in SORTS else "name"
    desc = key.startswith("-")
    if key.lstrip("-") == "level":
        rank = _LEVEL_RANK.desc() if desc else _LEVEL_RANK.asc()
        return queryset.order_by(rank, "name", "id")
    return queryset.order_by("-name" if desc else "name", "id")


class DeputyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or phone"), method="filter_search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Deputy.Level.choices, empty_label=_("Any"))
    street = django_filters.ModelChoiceFilter(
        label=_("Street"),
        queryset=lambda request: streets_visible_to(request.user),
        method="filter_street",
        empty_label=_("Any"),
    )
    station = django_filters.ModelChoiceFilter(
        label=_("Station"),
        queryset=lambda request: stations_visible_to(request.user),
        method="filter_station",
        empty_label=_("Any"),
    )
    specialty = django_filters.ModelChoiceFilter(
        label=_("Specialty"), queryset=Specialty.objects.all(), field_name="specialties", empty_label=_("Any")
    )
    leader = django_filters.ChoiceFilter(
        label=_("Leadership post"), choices=YES_NO, method="filter_leader", empty_label=_("Any")
    )
    active = django_filters.ChoiceFilter(
        label=_("In office"), choices=YES_NO, method="filter_active", empty_label=_("Any")
    )
    unassigned = django_filters.BooleanFilter(
        label=_("Unassigned only"), widget=forms.CheckboxInput, method="filter_unassigned"
    )

    class Meta:
        model = Deputy
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q(name__icontains=value)
        digits = re.sub(r"\D", "", value)
        if len(digits) >= 3:
            q |= Q(phone__contains=digits)
        return queryset.filter(q)

    def filter_street(self, queryset, name, street):
        """Deputies of that street, and deputies assigned at a home, station or point in it."""
        assigned = Assignment.objects.filter(deputy=OuterRef("pk"), node__street_id=street.pk)
        return queryset.filter(Q(street=street) | Q(Exists(assigned)))

    def filter_station(self, queryset, name, station):
        """Deputies assigned at that station or at a point under it."""
        return queryset.filter(Exists(Assignment.objects.filter(deputy=OuterRef("pk"), node__station_id=station.pk)))

    def filter_leader(self, queryset, name, value):
        return queryset.filter(is_leader=value == "yes")

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes")

    def filter_unassigned(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(Exists(Assignment.objects.filter(deputy=OuterRef("pk"))))
