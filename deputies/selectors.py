"""Reads of deputies, scoped by user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from deputies.models import Assignment, Deputy, VoterContact
from stations.models import Node, Position
from stations.scope import Role, scope_for
from stations.selectors import nodes_visible_to


def _assigned_under_positions_q(user, scope) -> Q:
    """Assignments at nodes under the user's staff or clerk positions.

    Not `scope.nodes_q()`: for a deputy that also holds the stations they are assigned to, and a
    deputy sees only their own record, not every colleague on the same station."""
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(node__district_id__in=sorted(scope.district_ids))
    if scope.street_ids:
        q |= Q(node__street_id__in=sorted(scope.street_ids))
    if Role.CLERK in scope.roles:
        clerk_stations = Position.objects.filter(user=user, node__kind=Node.Kind.STATION).values("node_id")
        q |= Q(node__station_id__in=clerk_stations)
    return q


def deputies_visible_to(user) -> QuerySet[Deputy]:
    """District staff: their district's roll. Street staff: deputies of their street or assigned in
    it. Clerks: deputies assigned to their stations (or the points under them). A deputy: their own
    record."""
    scope = scope_for(user)
    if scope.is_admin:
        return Deputy.objects.all()
    # An uncorrelated IN (subquery): PostgreSQL hashes it once, where a correlated EXISTS next to an OR
    # would be run for every deputy of the roll (a second on 50,000 deputies).
    assigned_here = Assignment.objects.filter(_assigned_under_positions_q(user, scope)).values("deputy_id")
    q = Q(pk__in=assigned_here)
    if scope.district_ids:
        q |= Q(district_id__in=sorted(scope.district_ids))
    if scope.street_ids:
        q |= Q(street_id__in=sorted(scope.street_ids))
    if scope.deputy_id:
        q |= Q(pk=scope.deputy_id)
    return Deputy.objects.filter(q)


def deputy_get_for_user(user, pk: int) -> Deputy:
    return get_object_or_404(deputies_visible_to(user).select_related("district", "street", "user"), pk=pk)


def assignments_with_nodes() -> Prefetch:
    return Prefetch(
        "assignments", queryset=Assignment.objects.select_related("node", "node__street").order_by("node__code")
    )


def deputy_list_for(user) -> QuerySet[Deputy]:
    """The list page's rows: street, assignments (with their nodes) and specialties in three queries."""
    return (
        deputies_visible_to(user)
        .select_related("street")
        .prefetch_related(assignments_with_nodes(), "specialties")
        .order_by("name", "id")
    )


def assignments_visible_to(user) -> QuerySet[Assignment]:
    scope = scope_for(user)
    if scope.is_admin:
        return Assignment.objects.all()
    q = scope.nodes_q("node__")
    if scope.deputy_id:
        q |= Q(deputy_id=scope.deputy_id)
    return Assignment.objects.filter(q)


def assignment_get_for_user(user, pk: int) -> Assignment:
    return get_object_or_404(
        assignments_visible_to(user).filter(deputy__in=deputies_visible_to(user)).select_related("deputy", "node"),
        pk=pk,
    )


def voter_contacts_visible_to(user) -> QuerySet[VoterContact]:
    return VoterContact.objects.filter(deputy__in=deputies_visible_to(user))


def streets_visible_to(user) -> QuerySet[Node]:
    return nodes_visible_to(user).filter(kind=Node.Kind.STREET).order_by("code")


def stations_visible_to(user) -> QuerySet[Node]:
    return nodes_visible_to(user).filter(kind=Node.Kind.STATION).order_by("code")


def districts_managed_by(user) -> QuerySet[Node]:
    return nodes_visible_to(user).filter(kind=Node.Kind.DISTRICT).order_by("code")


def assignable_nodes(user, deputy: Deputy) -> QuerySet[Node]:
    """Homes, stations and points in the user's scope and the deputy's district."""
    return (
        nodes_visible_to(user)
        .filter(
            kind__in=[Node.Kind.STREET, Node.Kind.STATION, Node.Kind.POINT],
            is_active=True,
            district_id=deputy.district_id,
        )
        .select_related("street", "station")
        .order_by("code")
    )


def linkable_users(user, deputy: Deputy | None = None):
    """Login accounts a manager may link to a deputy: active, not yet a deputy, and holding no
    position outside the manager's scope (a fresh account holds none)."""
    scope = scope_for(user)
    q = Q(is_active=True, is_superuser=False, deputy__isnull=True)
    if not scope.is_admin:
        outside = Position.objects.filter(user=OuterRef("pk")).exclude(scope.nodes_q("node__"))
        q &= ~Q(Exists(outside))
    if deputy is not None and deputy.user_id:
        q |= Q(pk=deputy.user_id)
    users = get_user_model().objects.filter(q)
    return users.order_by("username")


def unassigned_deputies(user) -> QuerySet[Deputy]:
    """Active deputies in scope assigned nowhere: the coverage target is none."""
    return (
        deputies_visible_to(user)
        .filter(is_active=True)
        .exclude(Exists(Assignment.objects.filter(deputy=OuterRef("pk"))))
    )


def coverage_by_street(user) -> tuple[list[dict], dict]:
    """Active deputies in scope and how many are assigned somewhere, per street of their electoral
    district and overall. One query: the database counts, Python only adds up the rows."""
    assigned = Exists(Assignment.objects.filter(deputy=OuterRef("pk")))
    rows = list(
        deputies_visible_to(user)
        .filter(is_active=True)
        .values("street_id", "street__name", "street__code")
        .annotate(total=Count("pk"), assigned=Count("pk", filter=assigned))
        .order_by("street__code")
    )
    total = {"total": sum(r["total"] for r in rows), "assigned": sum(r["assigned"] for r in rows)}
    for row in [*rows, total]:
        row["unassigned"] = row["total"] - row["assigned"]
        row["rate"] = round(100 * row["assigned"] / row["total"], 1) if row["total"] else None
    return rows, total


def can_see_private_contact(user, deputy: Deputy) -> bool:
    """Voters' phones: the deputy themself and committee staff see them whole; others see them masked."""
    scope = scope_for(user)
    return scope.is_staff_reader or scope.deputy_id == deputy.pk


def can_edit_contacts(user, deputy: Deputy) -> bool:
    """The deputy keeps their own voter list; district staff may correct it."""
    scope = scope_for(user)
    return scope.can_manage or scope.deputy_id == deputy.pk


def upcoming_duties(deputy, *, today=None, limit: int = 10):
    """A deputy's next reception duties (planned, from today), for their home page. One query."""
    # Imported here: this function was appended by the receptions work, the module's head is shared.
    from django.utils import timezone

    from deputies.models import Duty
    from stations.models import Reception

    today = today or timezone.localdate()
    return list(
        Duty.objects.filter(deputy=deputy, reception__date__gte=today, reception__status=Reception.Status.PLANNED)
        .select_related("reception__node", "swapped_with")
        .order_by("reception__date", "reception__start_time", "id")[:limit]
    )
