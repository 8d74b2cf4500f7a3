"""Who a user is in the network, and which part of it they may see.

Every app's `*_visible_to(user)` selector starts from `scope_for(user)`: this is the one place that
turns positions and deputy assignments into a filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Node, Position


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    DISTRICT_STAFF = "district_staff", _("District committee staff")
    STREET_STAFF = "street_staff", _("Street committee staff")
    CLERK = "clerk", _("Station clerk")
    DEPUTY = "deputy", _("Deputy")
    NONE = "none", _("No role")


# Highest first: a user with several positions gets the home page of the widest one.
_RANK = [Role.ADMIN, Role.DISTRICT_STAFF, Role.STREET_STAFF, Role.CLERK, Role.DEPUTY, Role.NONE]
_ROLE_BY_KIND = {
    Node.Kind.DISTRICT: Role.DISTRICT_STAFF,
    Node.Kind.STREET: Role.STREET_STAFF,
    Node.Kind.STATION: Role.CLERK,
}


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str]
    district_ids: frozenset[int] = field(default_factory=frozenset)
    street_ids: frozenset[int] = field(default_factory=frozenset)
    station_ids: frozenset[int] = field(default_factory=frozenset)
    # The stations a user clerks at (from positions only; station_ids also holds a deputy's stations).
    clerk_station_ids: frozenset[int] = field(default_factory=frozenset)
    # Nodes seen on their own (a deputy assigned at a street's home sees that home, not the street).
    node_ids: frozenset[int] = field(default_factory=frozenset)
    deputy_id: int | None = None

    @property
    def role(self) -> str:
        return next(r for r in _RANK if r in self.roles)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def can_manage(self) -> bool:
        """Manage the network, deputies and users: district staff (and admins)."""
        return bool(self.roles & {Role.ADMIN, Role.DISTRICT_STAFF})

    @property
    def is_staff_reader(self) -> bool:
        """Committee staff (street or district) who supervise and read dashboards."""
        return bool(self.roles & {Role.ADMIN, Role.DISTRICT_STAFF, Role.STREET_STAFF})

    def positions_q(self, district: str = "district_id", street: str = "street_id", station: str = "station_id") -> Q:
        """A filter from staff and clerk positions only, on a model's own denormalised columns.

        Cases, receptions and the like carry district/street/station columns; being a deputy
        somewhere does not open them (a deputy sees their own cases through their own rule).
        """
        if self.is_admin:
            return Q()
        q = Q(pk__in=[])
        pairs = ((district, self.district_ids), (street, self.street_ids), (station, self.clerk_station_ids))
        for column, ids in pairs:
            if ids:
                q |= Q(**{f"{column}__in": sorted(ids)})
        return q

    def nodes_q(self, prefix: str = "") -> Q:
        """A filter on Node (or on a model reaching a Node through `prefix`, e.g. "node__")."""
        if self.is_admin:
            return Q()
        q = Q(pk__in=[])  # matches nothing
        for column, ids in (
            ("district_id", self.district_ids),
            ("street_id", self.street_ids),
            ("station_id", self.station_ids),
            ("id", self.node_ids),
        ):
            if ids:
                q |= Q(**{f"{prefix}{column}__in": sorted(ids)})
        return q


def scope_for(user) -> Scope:
    """The user's scope, computed once per user object (two small queries)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(roles=frozenset({Role.NONE}))
    cached = getattr(user, "_liaison_scope", None)
    if cached is not None:
        return cached

    roles: set[str] = set()
    ids: dict[str, set[int]] = {"district": set(), "street": set(), "station": set(), "node": set()}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    for node_id, kind in Position.objects.filter(user=user).values_list("node_id", "node__kind"):
        roles.add(_ROLE_BY_KIND[kind])
        ids[kind].add(node_id)

    # The deputies app adds User.deputy (one-to-one) and Node.deputy_assignments; looked up by
    # name here so that stations never imports deputies.
    clerk_stations = set(ids["station"])
    deputy_id = None
    assigned = Node.objects.filter(
        deputy_assignments__deputy__user=user, deputy_assignments__deputy__is_active=True
    ).values_list("id", "station_id", "deputy_assignments__deputy_id")
    for node_id, station_id, assigned_deputy_id in assigned:
        deputy_id = assigned_deputy_id
        if station_id:
            ids["station"].add(station_id)
        else:
            ids["node"].add(node_id)
    if deputy_id is None:
        deputy_id = _deputy_id_without_assignment(user)
    if deputy_id is not None:
        roles.add(Role.DEPUTY)

    scope = Scope(
        roles=frozenset(roles or {Role.NONE}),
        district_ids=frozenset(ids["district"]),
        street_ids=frozenset(ids["street"]),
        station_ids=frozenset(ids["station"]),
        clerk_station_ids=frozenset(clerk_stations),
        node_ids=frozenset(ids["node"]),
        deputy_id=deputy_id,
    )
    user._liaison_scope = scope
    return scope


def _deputy_id_without_assignment(user) -> int | None:
    try:
        deputy = user.deputy
    except ObjectDoesNotExist:
        return None
    return deputy.pk if deputy.is_active else None
