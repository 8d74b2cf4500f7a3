"""A checked plan → the same services the portal's forms use. The caller holds one transaction.

An empty cell leaves an existing record's value as it is; it never clears it. Assignments and
voter contacts are only added (or a role changed), never removed: a file lists who to add.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from deputies import services as deputy_services
from deputies.importing.validate import NEW, Plan
from deputies.models import Assignment, ImportJob, VoterContact
from stations import services as station_services
from stations.models import Node

# Defaults for a new record's empty cells.
_NODE_DEFAULTS = {
    "home_name": "",
    "address": "",
    "phone": "",
    "opening_hours": "",
    "vice_heads": "",
    "is_active": True,
    "point_kind": "",
}
_DEPUTY_DEFAULTS = {
    "street": None,
    "electoral_district": "",
    "profession": "",
    "is_leader": False,
    "bio": "",
    "term_start": None,
    "term_end": None,
}


def _fields(clean: dict, defaults: dict, *, creating: bool) -> dict:
    """On create every field (empty → default); on update only the cells that were filled."""
    if creating:
        return {k: default if clean.get(k) is None else clean[k] for k, default in defaults.items() if k in clean}
    return {k: clean[k] for k in defaults if clean.get(k) is not None}


@contextmanager
def _row(number: int):
    """A service's refusal, told with the row it came from."""
    try:
        yield
    except ValidationError as exc:
        raise ValidationError(
            _("Row %(row)d: %(reason)s") % {"row": number, "reason": "; ".join(exc.messages)}
        ) from exc


def apply_plan(plan: Plan, *, district: Node, by, tick: Callable[[], None]) -> dict:
    """Write every row; `tick()` after each. Returns counts of new and updated records."""
    writer = {
        ImportJob.Kind.STATIONS: _apply_stations,
        ImportJob.Kind.POINTS: _apply_points,
        ImportJob.Kind.DEPUTIES: _apply_deputies,
    }[plan.kind]
    writer(plan, district, by, tick)
    return {"new": plan.new, "updated": plan.updated}


def _apply_stations(plan: Plan, district: Node, by, tick) -> None:
    created: dict[str, Node] = {}  # streets of this file by code, for the stations below them
    # Streets first, so that a station may name a street defined further down the file.
    for row in sorted(plan.rows, key=lambda r: r.values["tier"] != Node.Kind.STREET):
        with _row(row.row):
            _write_station(row, district, by, created)
        tick()


def _write_station(row, district: Node, by, created: dict[str, Node]) -> None:
    clean = row.values
    if clean["tier"] == Node.Kind.STREET:
        parent = district
    else:
        source, ref = clean["street"]
        parent = created[ref] if source == "file" else ref
    fields = {
        "name": clean["name"],
        "code": clean["code"],
        **_fields(clean, _NODE_DEFAULTS, creating=row.action == NEW),
    }
    communities = None
    if clean["tier"] == Node.Kind.STATION and clean["communities"]:
        communities = [station_services.community_get_or_create(street=parent, name=n) for n in clean["communities"]]
    if row.action == NEW:
        node = station_services.node_create(
            by=by, kind=clean["tier"], parent=parent, communities=communities or (), **fields
        )
    else:
        node = station_services.node_update(by=by, node=row.target, parent=parent, communities=communities, **fields)
    if clean["tier"] == Node.Kind.STREET:
        created[node.code] = node
        for name in clean["communities"]:
            station_services.community_get_or_create(street=node, name=name)


def _apply_points(plan: Plan, district: Node, by, tick) -> None:
    for row in plan.rows:
        clean = row.values
        fields = {"name": clean["name"], "code": clean["code"], "point_kind": clean["point_kind"]}
        fields.update(_fields(clean, _NODE_DEFAULTS, creating=row.action == NEW))
        with _row(row.row):
            if row.action == NEW:
                station_services.node_create(by=by, kind=Node.Kind.POINT, parent=clean["parent"], **fields)
            else:
                station_services.node_update(by=by, node=row.target, parent=clean["parent"], **fields)
        tick()


def _apply_deputies(plan: Plan, district: Node, by, tick) -> None:
    existing_ids = [row.target.pk for row in plan.rows if row.target is not None]
    roles_now = {
        (deputy_id, node_id): role
        for deputy_id, node_id, role in Assignment.objects.filter(deputy_id__in=existing_ids).values_list(
            "deputy_id", "node_id", "role"
        )
    }
    voters_now = set(VoterContact.objects.filter(deputy_id__in=existing_ids).values_list("deputy_id", "name", "phone"))
    for row in plan.rows:
        with _row(row.row):
            _write_deputy(row, district, by, roles_now, voters_now)
        tick()


def _write_deputy(row, district: Node, by, roles_now: dict, voters_now: set) -> None:
    clean = row.values
    fields = {"name": clean["name"], "phone": clean["phone"], "gender": clean["gender"], "level": clean["level"]}
    fields.update(_fields(clean, _DEPUTY_DEFAULTS, creating=row.action == NEW))
    specialties = deputy_services.specialties_from_names(clean["specialties"]) if clean["specialties"] else None
    if row.action == NEW:
        deputy = deputy_services.deputy_create(by=by, district=district, specialties=specialties or (), **fields)
    else:
        deputy = deputy_services.deputy_update(by=by, deputy=row.target, specialties=specialties, **fields)
    for node, role in clean["assignments"]:
        if roles_now.get((deputy.pk, node.pk)) != role:
            deputy_services.assignment_add(by=by, deputy=deputy, node=node, role=role)
    for name, phone in clean["voters"]:
        if (deputy.pk, name, phone) not in voters_now:
            deputy_services.voter_contact_save(by=by, deputy=deputy, name=name, phone=phone)
