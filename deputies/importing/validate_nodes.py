"""Checks for the network files: streets and stations (one file), contact points (another)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from deputies.importing import values
from deputies.importing.columns import POINT_KIND_LABELS, POINT_KINDS, TIER_LABELS, TIERS
from deputies.importing.validate import Checker
from deputies.models import ImportJob
from stations.models import Node


class StationChecker(Checker):
    """Streets (deputies' homes) and community stations. A station names its street by code or
    name: one already in the district, or one defined anywhere in the same file."""

    kind = ImportJob.Kind.STATIONS
    preview_keys = ("tier", "name", "code", "street")

    def prepare(self) -> None:
        self.by_code = {n.code: n for n in Node.objects.filter(code__in=self.file_codes("code"))}
        self.db_streets: dict[str, Node] = {}
        for street in Node.objects.filter(district=self.district, kind=Node.Kind.STREET):
            self.db_streets.setdefault(street.code, street)
            self.db_streets.setdefault(street.name, street)
        # Streets this file defines, by code and by name → their code.
        self.file_streets: dict[str, str] = {}
        tier_h, code_h, name_h = (self.present.get(k) for k in ("tier", "code", "name"))
        for _number, cells in self.table.rows:
            if tier_h and TIERS.get(values.text(cells.get(tier_h))) == Node.Kind.STREET:
                code = values.text(cells.get(code_h)) if code_h else ""
                name = values.text(cells.get(name_h)) if name_h else ""
                if code:
                    self.file_streets[code] = code
                    if name:
                        self.file_streets.setdefault(name, code)
        self.seen: dict[str, int] = {}

    def check_row(self):
        tier = self.value("tier", values.choice, TIERS, TIER_LABELS) or Node.Kind.STATION
        name = self.value("name", required=True, max_length=100)
        code, existing = self.check_code(tier, self.by_code, self.seen)
        street = None
        if tier == Node.Kind.STATION:
            ref = self.value("street", required=True)
            if ref in self.file_streets:
                street = ("file", self.file_streets[ref])
            elif ref in self.db_streets:
                street = ("db", self.db_streets[ref])
            elif ref is not None:
                self.error("street", _("No street “%(value)s” in this district or in this file.") % {"value": ref})
        communities = self.value("communities", values.items) or []
        for community in communities:
            if len(community) > 100:
                self.error("communities", _("Too long: at most %(max)d characters.") % {"max": 100})
        vice_heads = self.value("vice_heads", values.items)
        clean = {
            "tier": tier,
            "name": name,
            "code": code,
            "street": street,
            "home_name": self.value("home_name", max_length=100) if tier == Node.Kind.STREET else None,
            "communities": communities,
            "vice_heads": "、".join(vice_heads) if vice_heads else None,
            **self.node_fields(),
        }
        if clean["vice_heads"] and len(clean["vice_heads"]) > 200:
            self.error("vice_heads", _("Too long: at most %(max)d characters.") % {"max": 200})
        return clean, existing


class PointChecker(Checker):
    """Contact points, each under a station (or a street's home) already in the district."""

    kind = ImportJob.Kind.POINTS
    preview_keys = ("name", "code", "parent", "point_kind")

    def prepare(self) -> None:
        self.by_code = {n.code: n for n in Node.objects.filter(code__in=self.file_codes("code"))}
        parent_kinds = Node.PARENT_KINDS[Node.Kind.POINT]
        self.parents = {
            n.code: n
            for n in Node.objects.filter(
                district=self.district, kind__in=parent_kinds, code__in=self.file_codes("parent")
            )
        }
        self.seen: dict[str, int] = {}

    def check_row(self):
        name = self.value("name", required=True, max_length=100)
        code, existing = self.check_code(Node.Kind.POINT, self.by_code, self.seen)
        parent_code = self.value("parent", required=True)
        parent = self.parents.get(parent_code)
        if parent_code is not None and parent is None:
            self.error("parent", _("No station with code “%(code)s” in this district.") % {"code": parent_code})
        clean = {
            "name": name,
            "code": code,
            "parent": parent,
            "point_kind": self.value("point_kind", values.choice, POINT_KINDS, POINT_KIND_LABELS, required=True),
            **self.node_fields(),
        }
        return clean, existing
