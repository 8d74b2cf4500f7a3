"""Which login accounts a manager may see and manage (the user accounts pages)."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from stations.models import Node, Position
from stations.scope import Role, scope_for
from stations.selectors import nodes_visible_to

ROLE_BY_KIND = {
    Node.Kind.DISTRICT: Role.DISTRICT_STAFF,
    Node.Kind.STREET: Role.STREET_STAFF,
    Node.Kind.STATION: Role.CLERK,
}


def users_visible_to(user) -> QuerySet:
    """Admins: every account. District staff: accounts whose every position is in their district, or
    linked to a deputy on their district's roll, or with no role yet that staff of their district
    created or last changed (a new deputy's account waiting to be linked; a clerk who left).

    Never superusers or Django-admin staff, and never someone who also holds a position in another
    district: resetting their password would hand a manager more than their own district.
    """
    User = get_user_model()
    scope = scope_for(user)
    if scope.is_admin:
        return User.objects.all()
    if not scope.can_manage:
        return User.objects.none()
    districts = sorted(scope.district_ids)
    positions = Position.objects.filter(user=OuterRef("pk"))
    touched_here = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_id=Cast(OuterRef("pk"), CharField()),
        user__positions__node__district_id__in=districts,
    )
    no_role = ~Exists(positions) & Q(deputy__isnull=True)
    in_district = (
        Exists(positions.filter(node__district_id__in=districts))
        | Q(deputy__district_id__in=districts)
        | (no_role & Exists(touched_here))
    )
    elsewhere = Exists(positions.exclude(node__district_id__in=districts)) | (
        Q(deputy__isnull=False) & ~Q(deputy__district_id__in=districts)
    )
    return User.objects.filter(in_district & ~elsewhere, is_superuser=False, is_staff=False)


def users_for_list(user) -> QuerySet:
    """The list page's rows: positions with their nodes, and the linked deputy, in two more queries."""
    return (
        users_visible_to(user)
        .select_related("deputy")
        .prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("node").order_by("node__code"))
        )
        .order_by("username")
    )


def user_get_for_manager(user, pk: int):
    """Fetch-or-404: an account the manager may not manage does not exist for them."""
    return get_object_or_404(users_for_list(user), pk=pk)


def position_nodes_for(user) -> QuerySet[Node]:
    """Where a manager may place someone: the active districts, streets and stations in scope."""
    return nodes_visible_to(user).filter(kind__in=list(ROLE_BY_KIND), is_active=True).order_by("code")


def filter_by_role(queryset: QuerySet, role: str) -> QuerySet:
    if role == Role.DEPUTY:
        return queryset.filter(deputy__isnull=False)
    if role == Role.NONE:
        return queryset.filter(~Exists(Position.objects.filter(user=OuterRef("pk"))), deputy__isnull=True)
    kinds = [kind for kind, r in ROLE_BY_KIND.items() if r == role]
    return queryset.filter(Exists(Position.objects.filter(user=OuterRef("pk"), node__kind__in=kinds)))
