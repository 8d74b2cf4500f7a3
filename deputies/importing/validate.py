"""Every row checked against the database and the rest of the file, before anything is written.

The result is a Plan: the clean rows (each new or an update of an existing record) and the errors,
each with the row number as Excel shows it, the column header as written in the file, and what is
wrong in the uploader's language. A handful of queries load what rows refer to, whatever the size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from deputies.importing import values
from deputies.importing.columns import COLUMNS, EXAMPLE_PREFIX, header_map
from deputies.importing.reader import Table
from stations.models import Node

PREVIEW_ROWS = 10
NEW, UPDATE = "new", "update"


@dataclass
class PlanRow:
    row: int
    action: str  # NEW or UPDATE
    values: dict  # column key → clean value; None where the cell was empty
    target: object | None = None  # the existing Node or Deputy an update changes


@dataclass
class Plan:
    kind: str
    total: int = 0
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    preview_headers: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(1 for r in self.rows if r.action == NEW)

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.action == UPDATE)


Progress = Callable[[int, int], None]


class Checker:
    """Shared by the three kinds: header matching, cell parsing, error collection, codes."""

    kind: str
    preview_keys: tuple[str, ...] = ()

    def __init__(self, district: Node, table: Table):
        self.district = district
        self.table = table
        self.columns = {c.key: c for c in COLUMNS[self.kind]}
        self.plan = Plan(kind=self.kind, total=len(table.rows))
        self.present: dict[str, str] = {}  # column key → the header as written in the file
        accepted = header_map(self.kind)
        for header in table.headers:
            column = accepted.get(header)
            if column is None:
                continue  # extra columns (notes, numbering) are allowed and ignored
            if column.key in self.present:
                self._add_error(table.header_row, header, _("This column appears twice."))
            self.present[column.key] = header
        self._number, self._cells, self._row_ok = 0, {}, True

    # Running -------------------------------------------------------------------------------

    def run(self, progress: Progress | None = None, batch: int = 25) -> Plan:
        total = len(self.table.rows)
        for column in self.columns.values():
            if column.required and column.key not in self.present:
                self._add_error(self.table.header_row or 1, column.header, _("This required column is missing."))
        if not self.table.rows:
            self._add_error(self.table.header_row or 1, "", _("The file has no data rows."))
        if self.plan.errors:
            return self.plan
        self.prepare()
        for done, (number, cells) in enumerate(self.table.rows, start=1):
            self._number, self._cells, self._row_ok = number, cells, True
            if values.text(self.raw("name")).startswith(EXAMPLE_PREFIX):
                self.error("name", _("This is the template's example row: delete it before importing."))
            else:
                result = self.check_row()
                if self._row_ok and result is not None:
                    self._keep(*result)
            if progress and done % batch == 0:
                progress(done, total)
        if progress:
            progress(total, total)
        return self.plan

    def prepare(self) -> None:
        """Load what the rows refer to, in a few queries."""

    def check_row(self) -> tuple[dict, object | None] | None:
        raise NotImplementedError

    def _keep(self, clean: dict, target) -> None:
        action = UPDATE if target is not None else NEW
        self.plan.rows.append(PlanRow(row=self._number, action=action, values=clean, target=target))
        if len(self.plan.preview) < PREVIEW_ROWS:
            cells = [values.text(self.raw(key)) for key in self.preview_keys]
            self.plan.preview.append({"row": self._number, "action": action, "cells": cells})
        if not self.plan.preview_headers:
            self.plan.preview_headers = [self.columns[key].header for key in self.preview_keys]

    # Cells ---------------------------------------------------------------------------------

    def raw(self, key: str):
        header = self.present.get(key)
        return self._cells.get(header) if header else None

    def value(self, key: str, parser=None, *args, required: bool = False, max_length: int | None = None):
        """The clean value of a cell; None when empty (or wrong, after recording the error)."""
        raw = self.raw(key)
        if values.text(raw) == "":
            if required:
                self.error(key, _("A value is required."))
            return None
        try:
            value = parser(raw, *args) if parser else values.text(raw)
            if max_length is not None:
                values.bounded(value, max_length)
        except values.CellError as exc:
            self.error(key, str(exc))
            return None
        return value

    def error(self, key: str, message: str) -> None:
        self._row_ok = False
        self._add_error(self._number, self.present.get(key) or self.columns[key].header, message)

    def _add_error(self, row: int, column: str, message: str) -> None:
        self.plan.errors.append({"row": row, "column": column, "message": message})

    # Codes of network nodes ----------------------------------------------------------------

    def file_codes(self, key: str) -> set[str]:
        header = self.present.get(key)
        return {values.text(cells.get(header)) for _n, cells in self.table.rows} - {""} if header else set()

    def check_code(self, kind: str, by_code: dict[str, Node], seen: dict[str, int]) -> tuple[str | None, Node | None]:
        """A node's own code: present, short, once in the file, and not taken elsewhere."""
        code = self.value("code", required=True, max_length=20)
        if code is None:
            return None, None
        if code in seen:
            self.error(
                "code",
                _("Code “%(code)s” is already used in row %(row)d of this file.") % {"code": code, "row": seen[code]},
            )
            return code, None
        seen[code] = self._number
        existing = by_code.get(code)
        if existing is None:
            return code, None
        if existing.district_id != self.district.pk:
            self.error("code", _("Code “%(code)s” is already used in another district.") % {"code": code})
        elif existing.kind != kind:
            self.error(
                "code",
                _("Code “%(code)s” is already used by a %(tier)s.")
                % {"code": code, "tier": existing.get_kind_display()},
            )
        return code, existing

    def node_fields(self) -> dict:
        return {
            "address": self.value("address", max_length=200),
            "phone": self.value("phone", values.phone, max_length=30),
            "opening_hours": self.value("opening_hours", max_length=100),
            "is_active": self.value("is_active", values.yes_no),
        }
