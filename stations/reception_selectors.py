"""Reads of reception days, scoped by user (and the public notice's own rule).

Staff and clerks see receptions under their positions (the denormalised district/street/station
columns); a deputy sees those of the stations and points they are assigned to. Managing (rules,
moves, cancellations, the rota) is for staff and the station's clerks only.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from stations.models import Node, Reception, ReceptionRule
from stations.scope import Role, scope_for

RECEPTION_NODE_KINDS = (Node.Kind.STREET, Node.Kind.STATION, Node.Kind.POINT)


def can_manage_receptions(user) -> bool:
    scope = scope_for(user)
    return scope.is_staff_reader or Role.CLERK in scope.roles


def receptions_visible_to(user) -> QuerySet[Reception]:
    scope = scope_for(user)
    q = scope.positions_q()
    if scope.deputy_id and not scope.is_admin:
        if scope.station_ids:
            q |= Q(station_id__in=sorted(scope.station_ids))
        if scope.node_ids:
            q |= Q(node_id__in=sorted(scope.node_ids))
    return Reception.objects.filter(q)


def receptions_manageable_by(user) -> QuerySet[Reception]:
    if not can_manage_receptions(user):
        return Reception.objects.none()
    return Reception.objects.filter(scope_for(user).positions_q())


def reception_get_for_user(user, pk: int, *, manage: bool = False) -> Reception:
    """Fetch-or-404 (manage=True: only one the user may change)."""
    queryset = receptions_manageable_by(user) if manage else receptions_visible_to(user)
    return get_object_or_404(queryset.select_related("node", "rule"), pk=pk)


def reception_nodes_manageable_by(user) -> QuerySet[Node]:
    """Nodes a user may hold receptions at: streets' homes, stations and points under their positions."""
    if not can_manage_receptions(user):
        return Node.objects.none()
    return Node.objects.filter(scope_for(user).positions_q(), kind__in=RECEPTION_NODE_KINDS, is_active=True)


def reception_node_get_for_user(user, pk: int) -> Node:
    return get_object_or_404(reception_nodes_manageable_by(user), pk=pk)


def rules_manageable_by(user) -> QuerySet[ReceptionRule]:
    if not can_manage_receptions(user):
        return ReceptionRule.objects.none()
    q = scope_for(user).positions_q("node__district_id", "node__street_id", "node__station_id")
    return ReceptionRule.objects.filter(q)


def rule_get_for_user(user, pk: int) -> ReceptionRule:
    return get_object_or_404(rules_manageable_by(user).select_related("node"), pk=pk)


def upcoming_receptions(queryset: QuerySet[Reception], *, today: date | None = None) -> QuerySet[Reception]:
    """From today on, with the node, the rota count and the topics count (one query)."""
    today = today or timezone.localdate()
    return (
        queryset.filter(date__gte=today)
        .select_related("node")
        .annotate(duty_count=Count("duties", distinct=True), topic_count=Count("topics", distinct=True))
        .order_by("date", "start_time", "id")
    )


def unconfirmed_receptions(queryset: QuerySet[Reception]) -> QuerySet[Reception]:
    """Planned ones whose year the working-day calendar does not cover: someone must check the date."""
    return queryset.filter(calendar_unconfirmed=True, status=Reception.Status.PLANNED).select_related("node")


# The public notice (no login)


def notice_opens_on(reception: Reception) -> date:
    return reception.date - timedelta(days=settings.LIAISON_RECEPTION_NOTICE_DAYS)


def public_reception_or_404(pk: int, *, today: date | None = None) -> Reception:
    """A reception whose notice is published: from LIAISON_RECEPTION_NOTICE_DAYS before its date.

    Before that it does not exist for the public (404), so a schedule not yet announced stays internal."""
    today = today or timezone.localdate()
    reception = get_object_or_404(
        Reception.objects.select_related("node", "node__station", "node__street"),
        pk=pk,
        status__in=[Reception.Status.PLANNED, Reception.Status.CANCELLED, Reception.Status.HELD],
    )
    if today < notice_opens_on(reception):
        raise Http404
    return reception


def on_duty(reception: Reception):
    """The deputies on the rota (deputies.Duty, reached by its reverse name: stations never imports deputies)."""
    return reception.duties.select_related("deputy").order_by("deputy__name")
