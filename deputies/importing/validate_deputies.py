"""Checks for the deputies file: the deputy, their stations and roles there, and voter contacts.

A deputy is recognised by name and mobile number within the district, so importing the same file
again updates the same people instead of adding them twice.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from deputies.importing import values
from deputies.importing.columns import GENDERS, LEVEL_LABELS, LEVELS, ROLE_LABELS, ROLES
from deputies.importing.validate import Checker
from deputies.models import Assignment, Deputy, ImportJob
from stations.models import Node

_VOTER = re.compile(r"^(?P<name>.*?)[\s:：]*(?P<phone>\+?[\d\-]{7,})$")


def default_role(node: Node) -> str:
    return Assignment.Role.HOST if node.kind == Node.Kind.POINT else Assignment.Role.RESIDENT


class DeputyChecker(Checker):
    kind = ImportJob.Kind.DEPUTIES
    preview_keys = ("name", "level", "phone", "nodes", "roles")

    def prepare(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.streets: dict[str, Node] = {}
        for node in Node.objects.filter(
            district=self.district, kind__in=[Node.Kind.STREET, Node.Kind.STATION, Node.Kind.POINT]
        ):
            self.nodes[node.code] = node
            if node.kind == Node.Kind.STREET:
                self.streets.setdefault(node.code, node)
                self.streets.setdefault(node.name, node)
        self.existing = {(d.name, d.phone): d for d in Deputy.objects.filter(district=self.district)}
        self.seen: dict[tuple[str, str], int] = {}
        self.heads: dict[str, int] = {}  # node code → the row naming its head

    def check_row(self):
        name = self.value("name", required=True, max_length=50)
        phone = self.value("phone", values.mobile, required=True)
        existing = None
        if name and phone:
            key = (name, phone)
            if key in self.seen:
                self.error(
                    "name", _("The same deputy (name and phone) is already in row %(row)d.") % {"row": self.seen[key]}
                )
            self.seen.setdefault(key, self._number)
            existing = self.existing.get(key)
        street = None
        street_ref = self.value("street")
        if street_ref is not None:
            street = self.streets.get(street_ref)
            if street is None:
                self.error("street", _("No street “%(value)s” in this district.") % {"value": street_ref})
        specialties = self.value("specialties", values.items) or []
        if any(len(s) > 40 for s in specialties):
            self.error("specialties", _("Too long: at most %(max)d characters.") % {"max": 40})
        clean = {
            "name": name,
            "phone": phone,
            "gender": self.value("gender", values.choice, GENDERS, list(GENDERS), required=True),
            "level": self.value("level", values.choice, LEVELS, LEVEL_LABELS, required=True),
            "street": street,
            "electoral_district": self.value("electoral_district", max_length=100),
            "profession": self.value("profession", max_length=100),
            "specialties": specialties,
            "is_leader": self.value("is_leader", values.yes_no),
            "bio": self.value("bio", max_length=2000),
            "term_start": self.value("term_start", values.date),
            "term_end": self.value("term_end", values.date),
            "assignments": self._assignments(),
            "voters": self._voters(),
        }
        start = clean["term_start"] or (existing.term_start if existing else None)
        end = clean["term_end"] or (existing.term_end if existing else None)
        if start and end and end < start:
            self.error("term_end" if clean["term_end"] else "term_start", _("The term must end after it starts."))
        return clean, existing

    def _assignments(self) -> list[tuple[Node, str]]:
        nodes = []
        for code in self.value("nodes", values.items) or []:
            node = self.nodes.get(code)
            if node is None:
                self.error("nodes", _("No station or point with code “%(code)s” in this district.") % {"code": code})
            else:
                nodes.append(node)
        roles = []
        for label in self.value("roles", values.items) or []:
            try:
                roles.append(values.choice(label, ROLES, ROLE_LABELS))
            except values.CellError as exc:
                self.error("roles", str(exc))
                return []
        if roles and not self.value("nodes"):
            self.error("roles", _("A role needs a station code in “%(column)s”.") % {"column": self._header("nodes")})
            return []
        if len(roles) > 1 and len(roles) != len(nodes):
            self.error(
                "roles",
                _("Give one role for all stations, or one role for each of the %(count)d codes.")
                % {"count": len(nodes)},
            )
            return []
        if len(roles) == 1:
            roles = roles * len(nodes)
        pairs = list(zip(nodes, roles or [default_role(n) for n in nodes], strict=False))
        for node, role in pairs:
            if role == Assignment.Role.HEAD:
                if node.code in self.heads:
                    self.error(
                        "roles",
                        _("“%(code)s” already has a station head in row %(row)d.")
                        % {"code": node.code, "row": self.heads[node.code]},
                    )
                self.heads.setdefault(node.code, self._number)
        return pairs

    def _voters(self) -> list[tuple[str, str]]:
        voters = []
        for entry in self.value("voters", values.items) or []:
            match = _VOTER.match(entry)
            name = match["name"].strip() if match else ""
            try:
                if not name or len(name) > 50:
                    raise values.CellError(_("Write each voter as a name and a phone number, e.g. 王五 13900000001."))
                voters.append((name, values.phone(match["phone"])))
            except values.CellError as exc:
                self.error("voters", f"{entry}: {exc}")
        return voters

    def _header(self, key: str) -> str:
        return self.present.get(key) or self.columns[key].header
