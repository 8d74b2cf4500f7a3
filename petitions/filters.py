"""The case list's filters and sort orders. Choices (stations, deputies) come from the user's scope."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.selectors import deputies_visible_to
from petitions import workflow
from petitions.models import Category, Petition
from stations.models import Node
from stations.scope import scope_for
from stations.selectors import nodes_visible_to

_PHONE = re.compile(r"^[\d\s-]{7,20}$")
# Sort keys the column headers offer; "" is the working order (overdue first, then by due date).
SORTS = {
    "received": ("received_at", "id"),
    "-received": ("-received_at", "-id"),
    "tracking": ("tracking_no",),
    "-tracking": ("-tracking_no",),
    "due": (F("due_on").asc(nulls_last=True), "-received_at", "-id"),
    "-due": (F("due_on").desc(nulls_last=True), "-received_at", "-id"),
    "status": ("status", "-received_at", "-id"),
    "-status": ("-status", "-received_at", "-id"),
}


def overdue_q(today) -> Q:
    """Awaiting a written reply and past its due date (the deadline is the end of the due day,
    Asia/Shanghai). Other statuses may keep a stale due_on; they owe nothing, so they are not overdue."""
    return Q(due_on__lt=today, status__in=sorted(workflow.AWAITING_REPLY))


def with_overdue(queryset: QuerySet[Petition], today=None) -> QuerySet[Petition]:
    today = today or timezone.localdate()
    return queryset.annotate(
        is_overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def sort_cases(queryset: QuerySet[Petition], key: str | None) -> QuerySet[Petition]:
    """Overdue first, then the nearest due date, then the newest; or by a column header's key."""
    queryset = with_overdue(queryset)
    if key in SORTS:
        return queryset.order_by(*SORTS[key])
    return queryset.order_by("-is_overdue", F("due_on").asc(nulls_last=True), "-received_at", "-id")


def _stations(request):
    return nodes_visible_to(request.user).filter(kind=Node.Kind.STATION).order_by("code")


def _deputies(request):
    return deputies_visible_to(request.user).filter(is_active=True).order_by("name", "id")


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        help_text=_("Tracking number, words of the content, or the resident's whole phone number."),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Petition.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), widget=forms.CheckboxInput, method="filter_overdue")
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("Any")
    )
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=Petition.Grade.choices, empty_label=_("Any"))
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Petition.Channel.choices, empty_label=_("Any"))
    station = django_filters.ModelChoiceFilter(label=_("Station"), queryset=_stations, empty_label=_("Any"))
    deputy = django_filters.ModelChoiceFilter(
        label=_("Deputy in charge"), queryset=_deputies, field_name="assigned_deputy", empty_label=_("Any")
    )
    received = django_filters.DateFromToRangeFilter(
        label=_("Received between"),
        field_name="received_at",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Petition
        fields = []

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(timezone.localdate())) if value else queryset

    def filter_search(self, queryset, name, value):
        """Tracking number (part of it), or every word in the content; a whole phone number matches
        the resident's phone, but only on cases where the user's position lets them see phones."""
        value = value.strip()
        if not value:
            return queryset
        words = value.split()
        content = Q()
        for word in words[:10]:
            content &= Q(content__icontains=word)
        q = Q(tracking_no__icontains=value) | content
        if _PHONE.match(value):
            # positions_q: a deputy's own cases are not searchable by phone (they see phones masked).
            q |= Q(resident_phone=re.sub(r"\s", "", value)) & scope_for(self.request.user).positions_q()
        return queryset.filter(q)
