"""Reads of deputies' reports to voters, scoped in one place.

Who sees what:
- district staff: every plan and report of their district; street staff: their street's plans, and
  the reports of their street (a district plan's report counts for the deputy's own street);
- a clerk: the reports given at their stations, or by deputies assigned there (read only);
- a deputy: their own reports.
Who manages (plans, schedules, issues codes, closes): staff whose scope holds the plan's node.
"""

from __future__ import annotations

import math
from collections import defaultdict

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from deputies.models import Assignment, Deputy
from meetings.models.reports import Rating, RatingCredential, Report, ReportPlan
from stations.models import Node
from stations.scope import scope_for

LEVELS = [Report.Level.SATISFIED, Report.Level.MOSTLY, Report.Level.NOT]


def plans_visible_to(user) -> QuerySet[ReportPlan]:
    """Plans a user may see, which are also the plans they may manage: committee staff only."""
    scope = scope_for(user)
    if scope.is_admin:
        return ReportPlan.objects.all()
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(district_id__in=sorted(scope.district_ids))
    if scope.street_ids:
        q |= Q(street_id__in=sorted(scope.street_ids))
    return ReportPlan.objects.filter(q)


def plan_get_for_user(user, pk: int) -> ReportPlan:
    return get_object_or_404(plans_visible_to(user).select_related("node", "district", "street"), pk=pk)


def reports_visible_to(user) -> QuerySet[Report]:
    scope = scope_for(user)
    if scope.is_admin:
        return Report.objects.all()
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(district_id__in=sorted(scope.district_ids))
    if scope.street_ids:
        q |= Q(street_id__in=sorted(scope.street_ids))
    if scope.clerk_station_ids:
        stations = sorted(scope.clerk_station_ids)
        assigned = Assignment.objects.filter(deputy=OuterRef("deputy_id"), node__station_id__in=stations)
        q |= Q(meeting__station_id__in=stations) | Q(Exists(assigned))
    if scope.deputy_id:
        q |= Q(deputy_id=scope.deputy_id)
    return Report.objects.filter(q)


def report_get_for_user(user, pk: int) -> Report:
    return get_object_or_404(
        reports_visible_to(user).select_related("plan__node", "deputy", "meeting__node", "text_by"), pk=pk
    )


def can_manage_plan(user, plan: ReportPlan) -> bool:
    """Staff whose scope holds the plan's node: district staff any plan of their district, street
    staff their street's plans (not the district's)."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if plan.district_id in scope.district_ids:
        return True
    return plan.street_id is not None and plan.street_id in scope.street_ids


def can_manage_report(user, report: Report) -> bool:
    return can_manage_plan(user, report.plan)


def can_edit_text(user, report: Report) -> bool:
    """The deputy themself, or staff who manage it, while the rating is not closed."""
    if report.is_closed:
        return False
    scope = scope_for(user)
    return scope.deputy_id == report.deputy_id or can_manage_report(user, report)


def can_read_comments(user, report: Report) -> bool:
    """Voters' comments go to the deputy, and to the staff who run the review; clerks see counts only."""
    return scope_for(user).deputy_id == report.deputy_id or can_manage_report(user, report)


def plan_nodes_for(user) -> QuerySet[Node]:
    """The district and streets a user may plan for."""
    scope = scope_for(user)
    base = Node.objects.filter(kind__in=[Node.Kind.DISTRICT, Node.Kind.STREET], is_active=True)
    if scope.is_admin:
        return base.order_by("kind", "code")
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(district_id__in=sorted(scope.district_ids)) | Q(pk__in=sorted(scope.district_ids))
    if scope.street_ids:
        q |= Q(pk__in=sorted(scope.street_ids))
    return base.filter(q).order_by("kind", "code")


def meeting_nodes_for(plan: ReportPlan) -> QuerySet[Node]:
    """Where a plan's report meetings may be held: the plan's node and the active nodes under it."""
    column = "street_id" if plan.street_id else "district_id"
    return Node.objects.filter(Q(pk=plan.node_id) | Q(**{column: plan.node_id}), is_active=True).order_by("code")


# Planning


def deputies_in_plan_scope(node: Node) -> QuerySet[Deputy]:
    """The active deputies a plan chooses from: a street's deputies (by their electoral street) or
    the district's whole roll."""
    if node.kind == Node.Kind.STREET:
        return Deputy.objects.filter(street=node, is_active=True)
    return Deputy.objects.filter(district=node, is_active=True)


def plan_candidates(plan: ReportPlan) -> QuerySet[Deputy]:
    """Every candidate of the plan's scope with `last_reported` (the latest earlier year, or None),
    those who reported longest ago (or never) first, then by name: a stable order. One query."""
    return (
        deputies_in_plan_scope(plan.node)
        .annotate(last_reported=Max("voter_reports__year", filter=Q(voter_reports__year__lt=plan.year)))
        .order_by(F("last_reported").asc(nulls_first=True), "name", "id")
    )


def plan_suggestion(plan: ReportPlan) -> list[Deputy]:
    """A third of the scope's active deputies (rounded up): those who reported longest ago first.
    Deputies already reporting this year under another plan are left out."""
    candidates = list(plan_candidates(plan))
    taken = set(Report.objects.filter(year=plan.year).exclude(plan=plan).values_list("deputy_id", flat=True))
    wanted = math.ceil(len(candidates) / 3)
    return [d for d in candidates if d.pk not in taken][:wanted]


# Results


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def result_numbers(counts: dict[str, int], codes_issued: int) -> dict:
    total = sum(counts.get(level, 0) for level in LEVELS)
    satisfied = counts.get(Report.Level.SATISFIED, 0) + counts.get(Report.Level.MOSTLY, 0)
    return {
        "levels": [
            {
                "level": level,
                "label": level.label,
                "count": counts.get(level, 0),
                "percent": _rate(counts.get(level, 0), total),
            }
            for level in LEVELS
        ],
        "satisfied": counts.get(Report.Level.SATISFIED, 0),
        "mostly": counts.get(Report.Level.MOSTLY, 0),
        "not": counts.get(Report.Level.NOT, 0),
        "total": total,
        "codes_issued": codes_issued,
        "satisfaction_rate": _rate(satisfied, total),
        "turnout": _rate(total, codes_issued),
    }


def report_result(report: Report) -> dict:
    """Counts and percentages per level, satisfaction rate ((satisfied+mostly)/total) and turnout
    (ratings / codes issued). Two queries."""
    counts = dict(report.ratings.values_list("level").annotate(n=Count("id")).order_by())
    issued = RatingCredential.objects.filter(report=report).count()
    return result_numbers(counts, issued)


def report_comments(report: Report) -> list[str]:
    """The voters' comments, in text order (never in the order they came in, never with a time)."""
    return list(
        Rating.objects.filter(report=report).exclude(comment="").order_by("comment").values_list("comment", flat=True)
    )


def report_results(deputy_id: int) -> dict[int, dict]:
    """For the performance record: {year: result_numbers(...)} of the deputy's closed reports.
    Two queries, however many years."""
    reports = dict(
        Report.objects.filter(deputy_id=deputy_id, status=Report.Status.RATING_CLOSED).values_list("pk", "year")
    )
    if not reports:
        return {}
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for report_id, level, n in (
        Rating.objects.filter(report_id__in=reports)
        .values_list("report_id", "level")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[report_id][level] = n
    issued = dict(
        RatingCredential.objects.filter(report_id__in=reports)
        .values_list("report_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        year: result_numbers(counts.get(pk, {}), issued.get(pk, 0))
        for pk, year in sorted(reports.items(), key=lambda item: item[1])
    }


def report_list_for(user) -> QuerySet[Report]:
    return (
        reports_visible_to(user)
        .select_related("deputy", "meeting", "plan__node")
        .order_by("-year", "deputy__name", "id")
    )


def deputy_reports_for(user, deputy_id: int) -> list[Report]:
    """The deputy's reports the user may see (for the card on the deputy's page)."""
    return list(reports_visible_to(user).filter(deputy_id=deputy_id).select_related("meeting").order_by("-year"))


def public_reports() -> QuerySet[Report]:
    """Closed reports whose results staff published."""
    return Report.objects.filter(status=Report.Status.RATING_CLOSED, is_public=True, deputy__is_active=True)
