"""Reads of the reception rota (Duty) and the iCal feeds' owners."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from deputies.models import CalendarFeedToken, Deputy, Duty
from stations.models import Node, Reception
from stations.reception_selectors import receptions_manageable_by
from stations.scope import scope_for

# How far back a feed reaches: a phone keeps recent events (and learns of late cancellations).
FEED_DAYS_BACK = 60


def eligible_deputies(reception: Reception) -> QuerySet[Deputy]:
    """Active deputies who may be on this reception's rota: assigned to its node, or to its station
    and the points under it (a station's rota draws on its points' hosts too)."""
    node = reception.node
    q = Q(assignments__node=node)
    if node.station_id:
        q |= Q(assignments__node__station_id=node.station_id)
    return Deputy.objects.filter(q, is_active=True).distinct().order_by("name", "id")


def rota_of(reception: Reception) -> QuerySet[Duty]:
    return reception.duties.select_related("deputy", "swapped_with").order_by("deputy__name", "id")


def duties_manageable_by(user) -> QuerySet[Duty]:
    return Duty.objects.filter(reception__in=receptions_manageable_by(user))


def duty_get_for_swap(user, pk: int) -> Duty:
    """A duty the user may swap: staff and the station's clerks for any, a deputy for their own."""
    scope = scope_for(user)
    q = Q(reception__in=receptions_manageable_by(user))
    if scope.deputy_id:
        q |= Q(deputy_id=scope.deputy_id)
    return get_object_or_404(Duty.objects.filter(q).select_related("reception__node", "deputy"), pk=pk)


def deputy_feed_receptions(deputy: Deputy, *, today: date | None = None) -> QuerySet[Reception]:
    today = today or timezone.localdate()
    return _for_feed(Reception.objects.filter(duties__deputy=deputy), today)


def node_feed_receptions(node: Node, *, today: date | None = None) -> QuerySet[Reception]:
    today = today or timezone.localdate()
    return _for_feed(Reception.objects.filter(node=node), today)


def _for_feed(queryset, today):
    return (
        queryset.filter(date__gte=today - timedelta(days=FEED_DAYS_BACK))
        .exclude(status=Reception.Status.MISSED)
        .select_related("node")
        .prefetch_related("duties__deputy")
        .order_by("date", "start_time", "id")
        .distinct()
    )


def feed_token_lookup(token: str) -> CalendarFeedToken:
    return get_object_or_404(
        CalendarFeedToken.objects.select_related("deputy", "node").filter(
            Q(deputy__isnull=True) | Q(deputy__is_active=True)
        ),
        token=token,
    )
