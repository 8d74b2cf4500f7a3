"""The station clerk's home (/cases/home/): the day's reception days and the cases waiting on the station.

It lives here, not in stations (which may not import cases). Everything is cut to the stations the
user clerks at and read through the selectors, so a clerk never sees another station's receptions or
cases; every list is cut to a few rows, so the page costs the same queries whatever the data size.
The old stations:clerk_home stays as "my stations", linked from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deputies.models import Duty
from petitions import workflow
from petitions.filters import overdue_q, sort_cases
from petitions.models import Petition
from petitions.reception_log import LOGGABLE
from petitions.reception_views import RECENT_DAYS
from petitions.selectors import petitions_visible_to
from petitions.views import _annotate_privacy
from stations.access import member_required
from stations.models import Node
from stations.reception_selectors import receptions_manageable_by
from stations.scope import scope_for
from stations.selectors import nodes_visible_to

UPCOMING_DAYS = 14
UPCOMING_LIMIT = 20  # receptions shown for today and the next 14 days together
TO_LOG_LIMIT = 10  # past receptions still to log; the rest are on petitions:reception_todo
GROUP_ROWS = 5  # cases shown per group; the group's link opens the whole filtered list
S = Petition.Status


@dataclass
class Group:
    """Cases waiting on the station for one kind of step, and the case-list filter that lists them all."""

    key: str
    label: Promise
    q: Q
    params: list[tuple[str, str]]
    count: int = 0
    cases: list = field(default_factory=list)
    url: str = ""


def _groups(today: dt.date) -> list[Group]:
    """What the station has to do next, by status; `params` are petitions.filters.CaseFilter's own."""
    awaiting = sorted(workflow.AWAITING_REPLY)
    return [
        Group("assign", gettext_lazy("To assign to a deputy"), Q(status=S.RECEIVED), [("status", S.RECEIVED)]),
        Group(
            "inform",
            gettext_lazy("To inform the resident"),
            Q(status__in=[S.RESOLVED, S.REPLIED]),
            [("status", S.RESOLVED), ("status", S.REPLIED)],
        ),
        Group("rate", gettext_lazy("To take the resident's rating"), Q(status=S.INFORMED), [("status", S.INFORMED)]),
        Group("close", gettext_lazy("To close"), Q(status=S.RATED), [("status", S.RATED)]),
        # Someone owes the resident a written answer and its due date has passed: the list's
        # "overdue" filter (filters.overdue_q) is exactly this group.
        Group(
            "overdue",
            gettext_lazy("Overdue: awaiting a reply past its due date"),
            overdue_q(today),
            [("overdue", "on"), *[("status", status) for status in awaiting]],
        ),
        Group("review", gettext_lazy("Reviews open"), Q(status=S.REVIEW), [("status", S.REVIEW)]),
    ]


@member_required
def clerk_home(request):
    """Today's receptions with their log buttons, the next 14 days, those still to log, the cases
    waiting on the station by group (overdue first in each), and the clerk's stations.

    Queries besides the session, the user and the scope (constant in the data size):
    1. today's and the next 14 days' receptions (≤ 21 rows), 2. their deputies on duty (prefetch,
    only when there are receptions), 3. past receptions still to log (≤ 11 rows), 4. the count of
    every case group in one aggregate, 5–10. the first cases of each of the six groups,
    11. the clerk's stations with their points counted, 12. the missed-receptions partial (one more
    when it is full)."""
    scope = scope_for(request.user)
    if not scope.clerk_station_ids:
        messages.info(request, _("You are not a clerk at any station; this is your home page."))
        return redirect("home")
    user = request.user
    stations = sorted(scope.clerk_station_ids)
    today = timezone.localdate()

    receptions = receptions_manageable_by(user).filter(station_id__in=stations).select_related("node")
    on_duty = Prefetch(
        "duties", queryset=Duty.objects.select_related("deputy").order_by("deputy__name", "id"), to_attr="on_duty"
    )
    coming = list(
        receptions.filter(date__gte=today, date__lte=today + dt.timedelta(days=UPCOMING_DAYS))
        .prefetch_related(on_duty)
        .order_by("date", "start_time", "id")[: UPCOMING_LIMIT + 1]
    )
    to_log = list(
        receptions.filter(
            status__in=LOGGABLE, date__lt=today, date__gte=today - dt.timedelta(days=RECENT_DAYS)
        ).order_by("-date", "-start_time", "-id")[: TO_LOG_LIMIT + 1]
    )

    cases = petitions_visible_to(user).filter(station_id__in=stations)
    groups = _groups(today)
    counts = cases.aggregate(**{group.key: Count("pk", filter=group.q) for group in groups})
    # With one station the links pick it in the list's station filter; a clerk of several sees
    # them all there (the list is scoped to what they may see anyway).
    station_param = [("station", str(stations[0]))] if len(stations) == 1 else []
    base_url = reverse("petitions:list")
    for group in groups:
        group.count = counts[group.key]
        group.url = f"{base_url}?{urlencode(group.params + station_param)}"
        group.cases = list(sort_cases(cases.filter(group.q), "").select_related("category")[:GROUP_ROWS])
        for petition in group.cases:
            _annotate_privacy(user, petition, today)

    my_stations = (
        nodes_visible_to(user)
        .filter(pk__in=stations, kind=Node.Kind.STATION, is_active=True)
        .annotate(point_count=Count("children", filter=Q(children__kind=Node.Kind.POINT, children__is_active=True)))
        .order_by("code")
    )
    context = {
        "today": today,
        "today_receptions": [r for r in coming[:UPCOMING_LIMIT] if r.date == today],
        "upcoming": [r for r in coming[:UPCOMING_LIMIT] if r.date > today],
        "more_upcoming": len(coming) > UPCOMING_LIMIT,
        "to_log": to_log[:TO_LOG_LIMIT],
        "more_to_log": len(to_log) > TO_LOG_LIMIT,
        "loggable": LOGGABLE,
        "groups": groups,
        "stations": my_stations,
    }
    return render(request, "petitions/clerk_home.html", context)
