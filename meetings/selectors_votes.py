"""Reads of the votes area, scoped in one place.

Vote rounds are run by committee staff: district staff see (and manage) their district's rounds and
its streets' rounds, street staff their street's. Deputies see the projects they supervise.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from deputies.models import Deputy
from deputies.selectors import deputies_visible_to
from meetings.models.votes import Candidate, ProgressUpdate, Project, Score, Voter, VoteRound
from stations.models import Node
from stations.scope import scope_for


def _staff_q(scope, prefix: str = "") -> Q:
    if scope.is_admin:
        return Q()
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(**{f"{prefix}district_id__in": sorted(scope.district_ids)})
    if scope.street_ids:
        q |= Q(**{f"{prefix}street_id__in": sorted(scope.street_ids)})
    return q


def rounds_visible_to(user) -> QuerySet[VoteRound]:
    return VoteRound.objects.filter(_staff_q(scope_for(user)))


def round_for(user, pk: int) -> VoteRound:
    return get_object_or_404(rounds_visible_to(user).select_related("node", "meeting", "parent"), pk=pk)


def round_list_for(user) -> QuerySet[VoteRound]:
    return (
        rounds_visible_to(user)
        .select_related("node")
        .annotate(n_candidates=Count("candidates", distinct=True), n_voters=Count("voters", distinct=True))
        .order_by("-year", "-id")
    )


def nodes_for_rounds(user) -> QuerySet[Node]:
    """Where the user may hold a round: their district(s) and streets under them, or their street(s)."""
    scope = scope_for(user)
    kinds = [Node.Kind.DISTRICT, Node.Kind.STREET]
    if scope.is_admin:
        return Node.objects.filter(kind__in=kinds, is_active=True)
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(district_id__in=sorted(scope.district_ids))
    if scope.street_ids:
        q |= Q(street_id__in=sorted(scope.street_ids))
    return Node.objects.filter(q, kind__in=kinds, is_active=True)


def may_hold_at(user, node: Node) -> bool:
    return nodes_for_rounds(user).filter(pk=node.pk).exists()


def candidates_of(round: VoteRound) -> QuerySet[Candidate]:
    return round.candidates.select_related("lead_unit").order_by("order", "id")


def results_of(round: VoteRound) -> list[Candidate]:
    """Counted candidates, best first (the counts are stored on the rows when the round is closed)."""
    return list(round.candidates.select_related("lead_unit").order_by("rank", "order", "id"))


def voters_of(round: VoteRound) -> QuerySet[Voter]:
    return round.voters.select_related("deputy", "credential").order_by("kind", "name", "id")


def deputies_for_electorate(user, round: VoteRound) -> QuerySet[Deputy]:
    """Deputies the user sees, in the round's district or street, not yet on its electorate."""
    qs = deputies_visible_to(user).filter(is_active=True, district_id=round.district_id)
    if round.street_id:
        qs = qs.filter(Q(street_id=round.street_id) | Q(assignments__node__street_id=round.street_id))
    return qs.exclude(vote_voters__round=round).distinct().order_by("name", "id")


def published_rounds() -> QuerySet[VoteRound]:
    return VoteRound.objects.filter(status=VoteRound.Status.PUBLISHED).select_related("node").order_by("-year", "-id")


def public_round_or_404(pk: int) -> VoteRound:
    return get_object_or_404(published_rounds(), pk=pk)


def projects_visible_to(user) -> QuerySet[Project]:
    """Staff: projects of the rounds they see. A deputy: the projects they supervise."""
    scope = scope_for(user)
    q = _staff_q(scope, "round__")
    if scope.deputy_id:
        q |= Q(supervisors__id=scope.deputy_id)
        return Project.objects.filter(q).distinct()
    return Project.objects.filter(q)


def project_list_for(user, *, year: int | None = None) -> QuerySet[Project]:
    qs = projects_visible_to(user).select_related("candidate", "candidate__lead_unit", "round")
    if year:
        qs = qs.filter(year=year)
    return qs.prefetch_related(Prefetch("supervisors", queryset=Deputy.objects.order_by("name"))).order_by(
        "-year", "round_id", "candidate__rank", "id"
    )


def project_for(user, pk: int) -> Project:
    return get_object_or_404(
        projects_visible_to(user).select_related("candidate", "candidate__lead_unit", "round"), pk=pk
    )


def project_updates(project: Project) -> QuerySet[ProgressUpdate]:
    return project.updates.select_related("by")


def may_manage_project(user, project: Project) -> bool:
    return rounds_visible_to(user).filter(pk=project.round_id).exists()


def may_report_progress(user, project: Project) -> bool:
    """Staff who run the round, and the project's supervising deputies."""
    scope = scope_for(user)
    if may_manage_project(user, project):
        return True
    return bool(scope.deputy_id) and project.supervisors.filter(pk=scope.deputy_id).exists()


def score_summary(round: VoteRound) -> list[dict]:
    """Per project of the round: number of scores and average (one aggregate query)."""
    from django.db.models import Avg

    rows = (
        Score.objects.filter(project__round=round)
        .values("project_id")
        .annotate(n=Count("id"), avg=Avg("value"))
    )
    by_project = {r["project_id"]: r for r in rows}
    out = []
    for project in round.projects.select_related("candidate").order_by("candidate__rank", "id"):
        row = by_project.get(project.pk, {})
        out.append({"project": project, "n": row.get("n", 0), "avg": row.get("avg")})
    return out


def supervised_projects(deputy_id: int, year: int) -> int:
    """How many of the year's livelihood projects the deputy supervises (for the scorecard)."""
    return Project.objects.filter(supervisors__id=deputy_id, year=year).count()
