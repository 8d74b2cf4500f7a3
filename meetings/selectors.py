"""Reads of meetings, scoped in one place."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from liaison.deadlines import CHINA
from meetings.models import Meeting
from meetings.models.deliberation import ActionItem, Topic
from meetings.models.meeting import DELIBERATION_KINDS
from petitions import workflow
from petitions.models import Petition
from petitions.selectors import petitions_visible_to
from stations.scope import scope_for


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Clerks: their stations' meetings. Street / district staff: everything under their street or
    district. A deputy: the meetings they are invited to, and those of the nodes they are assigned to."""
    scope = scope_for(user)
    if scope.is_admin:
        return Meeting.objects.all()
    q = scope.positions_q()
    if scope.deputy_id:
        q |= Q(attendees__deputy_id=scope.deputy_id) | Q(node_id__in=sorted(scope.node_ids | scope.station_ids))
        return Meeting.objects.filter(q).distinct()
    return Meeting.objects.filter(q)


def meeting_get_for_user(user, pk: int) -> Meeting:
    """Fetch-or-404 on the user's scope."""
    return get_object_or_404(
        meetings_visible_to(user).select_related("node", "street", "station", "created_by"), pk=pk
    )


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The calendar year in China time, as aware instants [start, end)."""
    return dt.datetime(year, 1, 1, tzinfo=CHINA), dt.datetime(year + 1, 1, 1, tzinfo=CHINA)


def meeting_counts(*, stations_qs, year: int, statuses=(Meeting.Status.HELD,)) -> dict[int, dict[str, int]]:
    """{station_id: {kind: n}} of the meetings held (by default) at the stations (and their points) in
    the calendar year: one aggregate query. Stations with none are absent."""
    start, end = year_bounds(year)
    rows = (
        Meeting.objects.filter(
            station__in=stations_qs, starts_at__gte=start, starts_at__lt=end, status__in=list(statuses)
        )
        .values("station_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["station_id"]][row["kind"]] = row["n"]
    return dict(counts)


def action_items_visible_to(user) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(meeting__in=meetings_visible_to(user).values("pk"))


def action_get_for_user(user, pk: int) -> ActionItem:
    return get_object_or_404(
        action_items_visible_to(user).select_related("meeting", "owner", "decision__topic"), pk=pk
    )


def topic_get_for_user(user, pk: int) -> Topic:
    return get_object_or_404(
        Topic.objects.filter(meeting__in=meetings_visible_to(user).values("pk")).select_related("meeting"), pk=pk
    )


def with_overdue(actions: QuerySet[ActionItem], today: dt.date | None = None) -> QuerySet[ActionItem]:
    today = today or timezone.localdate()
    return actions.annotate(
        is_overdue=ExpressionWrapper(Q(status=ActionItem.Status.OPEN, due_on__lt=today), output_field=BooleanField()),
    )


def open_cases_near(user, meeting: Meeting) -> QuerySet[Petition]:
    """Open cases the user sees in the meeting's station (or street, or district when held there)."""
    if meeting.station_id:
        area = Q(station_id=meeting.station_id)
    elif meeting.street_id:
        area = Q(street_id=meeting.street_id)
    else:
        area = Q(district_id=meeting.district_id)
    return petitions_visible_to(user).filter(area, status__in=sorted(workflow.OPEN))


def topic_suggestions(user, meeting: Meeting, *, limit: int = 8) -> list[dict]:
    """The most frequent (category, community or place) among open cases near the meeting, in one
    aggregate query: [{category_id, category__name, community_id, community__name, place, n}], most first.
    Cases already behind one of this meeting's topics are left out."""
    taken = Topic.cases.through.objects.filter(topic__meeting=meeting).values("petition_id")
    return list(
        open_cases_near(user, meeting)
        .exclude(pk__in=taken)
        .values("category_id", "category__name", "community_id", "community__name", "place")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__name", "community__name", "place")[:limit]
    )


def units_with_deliberation(unit_ids: list[int], first: dt.date, last: dt.date) -> set[int]:
    """The ledger's "每半年一次议事": which of the units (stations, or streets' homes) held a meeting of a
    deliberation kind between the two local dates. One query; registered in petitions.ledger."""
    start = dt.datetime.combine(first, dt.time.min, tzinfo=CHINA)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=CHINA)
    held = Meeting.objects.filter(
        kind__in=list(DELIBERATION_KINDS), status=Meeting.Status.HELD, starts_at__gte=start, starts_at__lt=end
    ).filter(Q(station_id__in=unit_ids) | Q(station__isnull=True, street_id__in=unit_ids))
    return {station or street for station, street in held.values_list("station_id", "street_id").distinct()}
