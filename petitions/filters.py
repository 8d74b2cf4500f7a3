"""The case list's filters and sort orders. Choices (stations, deputies) come from the user's scope."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.selectors import deputies_visible_to
from petitions import workflow
from petitions.models import Category, Petition, Referral
from petitions.selectors import handling_units_visible_to
from stations.models import Node
from stations.scope import scope_for
from stations.selectors import communities_visible_to, nodes_visible_to

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


# Drill-down filters the dashboards link to (performance/dashboard.py builds the same sets).
S = Petition.Status
# Cases that reached an answer: resolved directly, or replied in writing and onwards.
RESOLVED = frozenset({S.RESOLVED, S.REPLIED, S.INFORMED, S.RATED, S.CLOSED})
# Cases that count as received: all but withdrawn and merged ones.
COUNTED = frozenset(set(S) - {S.WITHDRAWN, S.MERGED})
STATE_SETS = {
    "counted": COUNTED,
    "open": workflow.OPEN,
    "awaiting_reply": workflow.AWAITING_REPLY,
    "resolved": RESOLVED,
}
STATE_CHOICES = [
    ("counted", _("Received (not withdrawn or merged)")),
    ("open", _("Open")),
    ("awaiting_reply", _("Awaiting a written reply")),
    ("resolved", _("Resolved or replied")),
]
REPLY_CHOICES = [
    ("on_time", _("Replied on time")),
    ("late", _("Replied late")),
    ("open", _("No reply yet")),
    ("overdue", _("No reply and past the deadline")),
]


def referral_deadline():
    """A referral's reply deadline: the due date (from receipt, or from sending until the receipt is
    recorded), or an approved extension when later (a receipt never shortens an extension)."""
    return Greatest(Coalesce("extended_to", "reply_due_on"), "reply_due_on")


def reply_q(value: str, today) -> Q:
    """A filter on Referral for one of REPLY_CHOICES. "No reply yet" counts only the current referral of a
    case still awaiting its first written reply (referred or acknowledged)."""
    waiting = Q(replied_on__isnull=True, is_current=True, petition__status__in=[S.REFERRED, S.ACKNOWLEDGED])
    return {
        "on_time": Q(replied_on__isnull=False, replied_on__lte=F("deadline")),
        "late": Q(replied_on__isnull=False, replied_on__gt=F("deadline")),
        "open": waiting,
        "overdue": waiting & Q(deadline__lt=today),
    }[value]


def _streets(request):
    return nodes_visible_to(request.user).filter(kind=Node.Kind.STREET).order_by("code")


def _nodes(request):
    kinds = [Node.Kind.STREET, Node.Kind.STATION, Node.Kind.POINT]
    return nodes_visible_to(request.user).filter(kind__in=kinds).order_by("code")


def _communities(request):
    return communities_visible_to(request.user).order_by("name", "id")


def _units(request):
    return handling_units_visible_to(request.user).order_by("name", "id")


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
    # For a district's roll (thousands of deputies) a name search replaces the drop-down (see __init__).
    deputy_name = django_filters.CharFilter(
        label=_("Deputy in charge"), field_name="assigned_deputy__name", lookup_expr="icontains", max_length=50
    )
    received = django_filters.DateFromToRangeFilter(
        label=_("Received between"),
        field_name="received_at",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    state = django_filters.ChoiceFilter(
        label=_("Stage"), choices=STATE_CHOICES, method="filter_state", empty_label=_("Any")
    )
    street = django_filters.ModelChoiceFilter(label=_("Street"), queryset=_streets, empty_label=_("Any"))
    node = django_filters.ModelChoiceFilter(
        label=_("Exactly at (station or point)"), queryset=_nodes, empty_label=_("Any")
    )
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=_communities, empty_label=_("Any"))
    rating = django_filters.ChoiceFilter(
        label=_("Resident's rating"), choices=Petition.Rating.choices, empty_label=_("Any")
    )
    with_unit = django_filters.ModelChoiceFilter(
        label=_("Now with handling unit"), queryset=_units, method="filter_with_unit", empty_label=_("Any")
    )
    # unit, reply and referred describe one referral together (see filter_queryset).
    unit = django_filters.ModelChoiceFilter(
        label=_("Referred to handling unit"), queryset=_units, method="filter_referral", empty_label=_("Any")
    )
    reply = django_filters.ChoiceFilter(
        label=_("Written reply"), choices=REPLY_CHOICES, method="filter_referral", empty_label=_("Any")
    )
    referred = django_filters.DateFromToRangeFilter(
        label=_("Referred between"),
        method="filter_referral",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta:
        model = Petition
        fields = []

    # Filters only the dashboards' links set: shown on the list only when the query string has them.
    DRILL_DOWN_ONLY = ("node", "community", "with_unit", "unit", "reply", "referred")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        keys = set(data or ())
        request = kwargs.get("request")
        if request is not None and scope_for(request.user).can_manage:
            # Rendering every deputy of a district as an option costs seconds; links still pass ?deputy=<id>.
            self.filters["deputy"].field.widget = forms.HiddenInput()
        else:
            del self.filters["deputy_name"]
        for name in self.DRILL_DOWN_ONLY:
            if not any(key == name or key.startswith(f"{name}_") for key in keys):
                del self.filters[name]

    def filter_state(self, queryset, name, value):
        return queryset.filter(status__in=sorted(STATE_SETS[value])) if value else queryset

    def filter_with_unit(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(Referral.objects.filter(petition=OuterRef("pk"), is_current=True, unit=value)))

    def filter_referral(self, queryset, name, value):
        return queryset  # applied once for the three fields in filter_queryset

    def filter_queryset(self, queryset):
        """Cases with one referral matching the unit, the reply state and the sending dates given."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        unit, reply, referred = data.get("unit"), data.get("reply"), data.get("referred")
        if not (unit or reply or referred):
            return queryset
        referrals = Referral.objects.filter(petition=OuterRef("pk")).annotate(deadline=referral_deadline())
        if unit:
            referrals = referrals.filter(unit=unit)
        if reply:
            referrals = referrals.filter(reply_q(reply, timezone.localdate()))
        if referred:
            if referred.start is not None:
                referrals = referrals.filter(sent_at__gte=referred.start)
            if referred.stop is not None:
                referrals = referrals.filter(sent_at__lte=referred.stop)
        return queryset.filter(Exists(referrals))

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
