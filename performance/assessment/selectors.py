"""Station assessments: the reads, scoped in one place. Totals, maxima, percentages and ranks are
computed in the database."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, NullIf, Rank
from django.shortcuts import get_object_or_404

from performance.assessment.rules import ZERO, districts_visible_to, previous_quarter
from performance.models.assessment import Assessment, Category, Checklist, Item, ItemScore
from stations.models import Node
from stations.scope import scope_for

_DEC = DecimalField(max_digits=9, decimal_places=2)


# --- selectors ----------------------------------------------------------------------------------


def checklists_visible_to(user) -> QuerySet[Checklist]:
    """Committee staff read their districts' checklists; others none."""
    if not scope_for(user).is_staff_reader:
        return Checklist.objects.none()
    return Checklist.objects.filter(district__in=districts_visible_to(user))


def assessments_visible_to(user) -> QuerySet[Assessment]:
    """Staff: every assessment under their street or district. Clerks and deputies: their stations'
    published assessments."""
    scope = scope_for(user)
    if scope.is_admin:
        return Assessment.objects.all()
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(district_id__in=sorted(scope.district_ids))
    if scope.street_ids:
        q |= Q(street_id__in=sorted(scope.street_ids))
    if scope.station_ids:
        q |= Q(station_id__in=sorted(scope.station_ids), status=Assessment.Status.PUBLISHED)
    return Assessment.objects.filter(q)


def with_totals(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate total (Σ scores), max_total (Σ the checklist's maxima) and percent, in the database."""
    total = (
        ItemScore.objects.filter(assessment=OuterRef("pk"))
        .values("assessment")
        .annotate(s=Sum("score"))
        .values("s")
    )
    maximum = (
        Item.objects.filter(category__checklist=OuterRef("checklist"))
        .values("category__checklist")
        .annotate(s=Sum("max_score"))
        .values("s")
    )
    return assessments.annotate(
        total=Coalesce(Subquery(total, output_field=_DEC), Value(ZERO), output_field=_DEC),
        max_total=Coalesce(Subquery(maximum, output_field=_DEC), Value(ZERO), output_field=_DEC),
    ).annotate(
        # NULL, not a division by zero, for a checklist without items.
        percent=ExpressionWrapper(F("total") * Value(Decimal(100)) / NullIf(F("max_total"), Value(ZERO)),
                                  output_field=_DEC),
    )


def ranked(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Rank by total within each district (ties share a rank), best first."""
    return (
        with_totals(assessments)
        .annotate(rank=Window(Rank(), partition_by=[F("district_id")], order_by=F("total").desc()))
        .select_related("station", "street")
        .order_by("district_id", "rank", "station__code")
    )


RANKED_STATUSES = (Assessment.Status.SUBMITTED, Assessment.Status.PUBLISHED)


def ranking(
    user, *, year: int, quarter: int, street_id: int | None = None, published_only: bool = False
) -> list[Assessment]:
    """A quarter's ranking of the stations the user sees (within the street when one is chosen), each
    with `previous_rank` (same view, previous quarter) and `change` (positive: moved up). Two queries."""
    statuses = (Assessment.Status.PUBLISHED,) if published_only else RANKED_STATUSES
    base = assessments_visible_to(user).filter(status__in=statuses)
    if street_id:
        base = base.filter(street_id=street_id)
    rows = list(ranked(base.filter(year=year, quarter=quarter)))
    py, pq = previous_quarter(year, quarter)
    before = dict(ranked(base.filter(year=py, quarter=pq)).values_list("station_id", "rank"))
    for row in rows:
        row.previous_rank = before.get(row.station_id)
        row.change = None if row.previous_rank is None else row.previous_rank - row.rank
    return rows


def public_ranking(*, year: int, quarter: int) -> list[Assessment]:
    """Published assessments of a quarter, ranked within each district (the no-login page)."""
    published = Assessment.objects.filter(year=year, quarter=quarter, status=Assessment.Status.PUBLISHED)
    return list(ranked(published).select_related("district"))


def assessment_get_for_user(user, pk: int) -> Assessment:
    """Fetch-or-404 on the user's visible assessments, with totals."""
    return get_object_or_404(
        with_totals(assessments_visible_to(user)).select_related(
            "station", "street", "district", "checklist", "assessed_by"
        ),
        pk=pk,
    )


def checklist_rows(checklist: Checklist, assessment: Assessment | None = None) -> list[dict]:
    """The checklist as categories with their items (and, given an assessment, each item's score).
    Two queries (three with scores)."""
    categories = list(checklist.categories.prefetch_related("items"))
    scores = {s.item_id: s for s in assessment.scores.all()} if assessment is not None and assessment.pk else {}
    rows = []
    for category in categories:
        items = [{"item": item, "score": scores.get(item.pk)} for item in category.items.all()]
        got = sum((r["score"].score for r in items if r["score"]), ZERO)
        rows.append({
            "category": category,
            "items": items,
            "max": sum((i.max_score for i in category.items.all()), ZERO),
            "score": got,
        })
    return rows


def station_history(user, station: Node) -> dict:
    """A station's assessments, quarters as rows and categories (by name) as columns. Three queries:
    the assessments with totals, the per-category sums, the column order of the newest checklist."""
    assessments = list(
        with_totals(assessments_visible_to(user).filter(station=station)).order_by("-year", "-quarter")
    )
    sums = (
        ItemScore.objects.filter(assessment__in=[a.pk for a in assessments])
        .values("assessment_id", "item__category__name")
        .annotate(s=Sum("score"))
    )
    by_assessment: dict[int, dict[str, Decimal]] = {}
    for row in sums:
        by_assessment.setdefault(row["assessment_id"], {})[row["item__category__name"]] = row["s"]
    columns: list[str] = []
    if assessments:
        columns = list(
            Category.objects.filter(checklist_id=assessments[0].checklist_id).values_list("name", flat=True)
        )
    for assessment in assessments:
        for name in by_assessment.get(assessment.pk, {}):
            if name not in columns:
                columns.append(name)  # a category an older checklist had
    for assessment in assessments:
        got = by_assessment.get(assessment.pk, {})
        assessment.cells = [got.get(name) for name in columns]
    return {"columns": columns, "rows": assessments}


def checklist_for(*, district_id: int, year: int) -> Checklist | None:
    return Checklist.objects.filter(district_id=district_id, year=year).first()
