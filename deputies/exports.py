"""The deputy list's export (/exports/deputies.xlsx|csv): the list's selector, filters and order.

Registered from DeputiesConfig.ready(). The columns are the list's: no phone numbers.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison import exports
from stations.scope import scope_for

COLUMNS = (
    gettext_lazy("Name"),
    gettext_lazy("Gender"),
    gettext_lazy("Level"),
    gettext_lazy("Street"),
    gettext_lazy("Stations and points"),
    gettext_lazy("Specialties"),
    gettext_lazy("Leadership post"),
    gettext_lazy("In office"),
)


def deputy_rows(user, params):
    """What /deputies/ lists for this user and these GET parameters (deputies.views.deputy_list)."""
    from deputies.filters import DeputyFilter, sort_deputies
    from deputies.selectors import deputy_list_for

    request = SimpleNamespace(user=user, GET=params)
    filterset = DeputyFilter(params or None, queryset=deputy_list_for(user), request=request)
    return sort_deputies(filterset.qs, params.get("o", "name")), filterset


def _placement(assignment) -> str:
    name = assignment.node.display_name
    return f"{name} ({assignment.get_role_display()})" if assignment.role == "head" else name


def deputy_row(deputy, user) -> list:
    return [
        deputy.name,
        deputy.get_gender_display(),
        deputy.get_level_display(),
        deputy.street.name if deputy.street_id else "",
        "、".join(_placement(a) for a in deputy.assignments.all()) or _("Unassigned"),
        "、".join(s.name for s in deputy.specialties.all()),
        _("Yes") if deputy.is_leader else "",
        _("Yes") if deputy.is_active else _("No"),
    ]


def register_exports() -> None:
    exports.register(
        "deputies",
        title=gettext_lazy("Deputies"),
        columns=COLUMNS,
        queryset=deputy_rows,
        row=deputy_row,
        allowed=lambda user: scope_for(user).role != "none",
    )
