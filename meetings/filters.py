"""Filters of the meeting and action-item lists. Choices come from the user's scope."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from meetings.models.deliberation import ActionItem
from meetings.selectors import year_bounds
from petitions.selectors import handling_units_visible_to
from stations.models import Node
from stations.selectors import nodes_visible_to


def _stations(request):
    if request is None:
        return Node.objects.none()
    return nodes_visible_to(request.user).filter(kind__in=[Node.Kind.STREET, Node.Kind.STATION]).order_by("code")


def _units(request):
    if request is None:
        return Node.objects.none()
    return handling_units_visible_to(request.user).order_by("kind", "name")


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title contains"))
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Meeting.Status.choices, label=_("Status"))
    node = django_filters.ModelChoiceFilter(
        queryset=_stations, label=_("Station or street"), method="filter_node"
    )
    year = django_filters.NumberFilter(label=_("Year"), method="filter_year", widget=forms.NumberInput(
        attrs={"min": 2000, "max": 2100}))

    class Meta:
        model = Meeting
        fields = ["q", "kind", "status", "node", "year"]

    def filter_node(self, queryset, name, node):
        if node is None:
            return queryset
        column = "street_id" if node.kind == Node.Kind.STREET else "station_id"
        return queryset.filter(**{column: node.pk})

    def filter_year(self, queryset, name, year):
        if not year or not 2000 <= int(year) <= 2100:
            return queryset
        start, end = year_bounds(int(year))
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ActionItem.Status.choices, label=_("Status"))
    owner = django_filters.ModelChoiceFilter(queryset=_units, label=_("Owner"))
    overdue = django_filters.BooleanFilter(
        label=_("Overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = ActionItem
        fields = ["status", "owner", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=ActionItem.Status.OPEN, due_on__lt=timezone.localdate())
