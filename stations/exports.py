"""The reception days list's export (/exports/receptions.xlsx|csv): upcoming receptions, the list's filters.

Registered from StationsConfig.ready(). Only clerks and committee staff, like the list.
"""

from __future__ import annotations

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison import exports
from stations.scope import scope_for

COLUMNS = (
    gettext_lazy("Date"),
    gettext_lazy("Weekday"),
    gettext_lazy("Time"),
    gettext_lazy("Station or point"),
    gettext_lazy("Mode"),
    gettext_lazy("Status"),
    gettext_lazy("Notes"),
    gettext_lazy("On duty"),
    gettext_lazy("Topics"),
)


def reception_rows(user, params):
    """What /network/receptions/ lists for this user and these GET parameters (reception_views.reception_list)."""
    from stations.reception_forms import ReceptionFilter
    from stations.reception_selectors import (
        reception_nodes_manageable_by,
        receptions_manageable_by,
        upcoming_receptions,
    )

    nodes = reception_nodes_manageable_by(user).order_by("code")
    filterset = ReceptionFilter(params, queryset=upcoming_receptions(receptions_manageable_by(user)), nodes=nodes)
    return filterset.qs, filterset


def _notes(reception) -> str:
    """The badges beside the status on the list."""
    notes = []
    if reception.holiday_shifted:
        notes.append(_("moved off a holiday"))
    if reception.moved_from:
        notes.append(_("moved from %(d)s") % {"d": f"{reception.moved_from:%Y-%m-%d}"})
    if reception.calendar_unconfirmed:
        notes.append(_("calendar not confirmed"))
    return "；".join(notes)


def reception_row(reception, user) -> list:
    return [
        reception.date,
        date_format(reception.date, "l"),
        f"{reception.start_time:%H:%M}–{reception.end_time:%H:%M}",
        reception.node.display_name,
        reception.get_mode_display(),
        reception.get_status_display(),
        _notes(reception),
        reception.duty_count,
        reception.topic_count,
    ]


def _allowed(user) -> bool:
    scope = scope_for(user)
    return scope.is_staff_reader or "clerk" in scope.roles


def register_exports() -> None:
    exports.register(
        "receptions",
        title=gettext_lazy("Reception days"),
        columns=COLUMNS,
        queryset=reception_rows,
        row=reception_row,
        allowed=_allowed,
    )
