"""The case list's export (/exports/cases.xlsx|csv): the list's selector, filters and order, every page.

Registered from PetitionsConfig.ready(). Residents' phones are masked exactly as the list masks
them (liaison.masking), whatever the user's role; a name the resident withheld from the deputy is
withheld here too.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison import exports
from liaison.masking import mask_phone
from stations.scope import scope_for

COLUMNS = (
    gettext_lazy("Tracking no."),
    gettext_lazy("Received on"),
    gettext_lazy("Station"),
    gettext_lazy("Category"),
    gettext_lazy("Grade"),
    gettext_lazy("What happened"),
    gettext_lazy("Status"),
    gettext_lazy("Deputy"),
    gettext_lazy("Due"),
    gettext_lazy("Days overdue"),
    gettext_lazy("Resident"),
    gettext_lazy("Resident's phone"),
)


def case_rows(user, params):
    """What /cases/ lists for this user and these GET parameters (petitions.views.case_list)."""
    from petitions.filters import CaseFilter, sort_cases
    from petitions.selectors import petitions_visible_to

    request = SimpleNamespace(user=user, GET=params)
    filterset = CaseFilter(params or None, queryset=petitions_visible_to(user), request=request)
    queryset = sort_cases(filterset.qs, params.get("o", "")).select_related(
        "node", "category", "assigned_deputy", "reported_by"
    )
    return queryset, filterset


def _resident(petition) -> str:
    if petition.resident_name or petition.resident_phone:
        if petition.show_name:
            return petition.resident_name
        return _("(name withheld at the resident's request)")
    if petition.reported_by_id:
        return _("Seen by deputy %(name)s") % {"name": petition.reported_by.name}
    return ""


def case_row(petition, user) -> list:
    from petitions.views import _annotate_privacy  # the list's own rule for names and overdue days

    _annotate_privacy(user, petition, timezone.localdate())
    return [
        petition.tracking_no,
        timezone.localtime(petition.received_at).date(),
        petition.node.display_name,
        petition.category.name,
        petition.get_grade_display(),
        petition.content,
        petition.get_status_display(),
        petition.assigned_deputy.name if petition.assigned_deputy_id else "",
        petition.due_on,
        petition.days_overdue,
        _resident(petition),
        mask_phone(petition.resident_phone),
    ]


def register_exports() -> None:
    exports.register(
        "cases",
        title=gettext_lazy("Cases"),
        columns=COLUMNS,
        queryset=case_rows,
        row=case_row,
        allowed=lambda user: scope_for(user).role != "none",
    )
