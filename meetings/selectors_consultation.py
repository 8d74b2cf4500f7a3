"""Reads of legislative consultation, scoped in one place.

Drafts: a district's draft is seen by everyone with a role in that district; a street's draft by the
district's staff and by those in that street (its staff, its stations' clerks, deputies placed there).
Opinions: like cases, by their own district/street/station columns for staff and clerks; a deputy
sees the opinions they sent.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from meetings.models.consultation import DraftRegulation, Opinion
from stations.models import Node
from stations.scope import Scope, scope_for


def _reach(scope: Scope) -> tuple[set[int], set[int]]:
    """(districts, streets) the user belongs to through any position or deputy assignment."""
    districts, streets = set(scope.district_ids), set(scope.street_ids)
    others = scope.street_ids | scope.station_ids | scope.node_ids
    if others:
        rows = Node.objects.filter(pk__in=sorted(others)).values_list("district_id", "street_id")
        for district_id, street_id in rows:
            if district_id:
                districts.add(district_id)
            if street_id:
                streets.add(street_id)
    return districts, streets


def drafts_visible_to(user) -> QuerySet[DraftRegulation]:
    scope = scope_for(user)
    if scope.is_admin:
        return DraftRegulation.objects.all()
    districts, streets = _reach(scope)
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(district_id__in=sorted(scope.district_ids))
    if districts:
        q |= Q(district_id__in=sorted(districts), street__isnull=True)
    if streets:
        q |= Q(street_id__in=sorted(streets))
    return DraftRegulation.objects.filter(q)


def draft_get_for_user(user, pk: int) -> DraftRegulation:
    return get_object_or_404(drafts_visible_to(user).select_related("district", "street"), pk=pk)


def drafts_open_to_public(today=None) -> QuerySet[DraftRegulation]:
    """Drafts residents may read and comment on today (local date)."""
    today = today or timezone.localdate()
    return DraftRegulation.objects.filter(opinions_open_from__lte=today, opinions_due__gte=today)


def drafts_public(today=None) -> QuerySet[DraftRegulation]:
    """Drafts residents may read: open now, or closed (the page then says so); never before they open."""
    today = today or timezone.localdate()
    return DraftRegulation.objects.filter(opinions_open_from__lte=today)


def opinions_visible_to(user) -> QuerySet[Opinion]:
    scope = scope_for(user)
    if scope.is_admin:
        return Opinion.objects.all()
    q = scope.positions_q()
    if scope.deputy_id:
        q |= Q(deputy_id=scope.deputy_id)
    return Opinion.objects.filter(q)


def opinion_get_for_user(user, pk: int) -> Opinion:
    return get_object_or_404(
        opinions_visible_to(user).select_related(
            "draft__district", "draft__street", "node", "station", "deputy", "meeting", "entered_by", "decided_by"
        ),
        pk=pk,
    )


def decision_counts(opinions: QuerySet[Opinion]) -> dict[str, int]:
    """{"pending": n, "adopted": n, "not_adopted": n, "total": n} in one query."""
    row = opinions.order_by().aggregate(
        total=Count("pk"),
        **{value: Count("pk", filter=Q(decision=value)) for value in Opinion.Decision.values},
    )
    return row


def adopted_opinion_counts(*, year: int, by: str = "deputy") -> dict[int, int]:
    """Adopted opinions per deputy (by="deputy") or per station (by="station") in a year (the local year
    of the decision), as {id: n}, in one aggregate query. Each counted opinion is an Opinion row with
    decision "adopted" and that deputy_id / station_id, so every point can be traced to its row.
    Unscoped: callers filter the ids they may show."""
    column = {"deputy": "deputy_id", "station": "station_id"}[by]
    rows = (
        Opinion.objects.filter(decision=Opinion.Decision.ADOPTED, decided_at__year=year, **{f"{column}__isnull": False})
        .order_by()
        .values(column)
        .annotate(n=Count("pk"))
        .values_list(column, "n")
    )
    return dict(rows)
