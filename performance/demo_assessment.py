"""Demo data of station assessments and activity targets, written through the area's own services.

- the sample checklist (DEFAULT_CHECKLIST: 6 categories, 19 items, 100 points) for the year of the last
  finished quarter, and a copy for the current year when that is a different year;
- that quarter's scores for the district's first six stations, and the quarter before when it falls in
  the same year (so the ranking shows a change), submitted and published;
- DOMAIN §5's activity targets for the current year.

Idempotent: a checklist is found by (district, year), an assessment by (station, year, quarter); the
targets are only added to a year that has none.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from performance import assessment as svc
from performance import targets as tsvc
from performance.models.assessment import Assessment, Checklist, Item
from stations.models import Node, Position

STATIONS = 6
HALF = Decimal("0.5")


def _staff_user(district: Node):
    position = Position.objects.filter(node=district).select_related("user").order_by("id").first()
    if position is not None:
        return position.user
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("id").first()


def _checklist(by, district: Node, year: int) -> Checklist:
    checklist = Checklist.objects.filter(district=district, year=year).first()
    if checklist is None:
        checklist = svc.checklist_create(
            by=by, district=district, year=year, name=f"{year}年社区联络站考核", sample=True
        )
    return checklist


def _score(max_score: Decimal, station_index: int, item_index: int, quarter: int) -> Decimal:
    """A deterministic, plausible score: the maximum less 0 to 2 points, varying by station and quarter."""
    off = Decimal((station_index * 7 + item_index * 3 + quarter * 5) % 5) * HALF
    return max(max_score - off, Decimal(0))


def seed(*, district: Node, now: datetime) -> dict[str, int]:
    """Returns how many checklists, assessments and targets were added."""
    added = {"checklists": 0, "assessments": 0, "targets": 0}
    by = _staff_user(district)
    stations = list(
        Node.objects.filter(district=district, kind=Node.Kind.STATION, is_active=True).order_by("code")[:STATIONS]
    )
    if by is None:
        return added
    today = timezone.localdate(now)
    year, quarter = svc.default_quarter(today)
    before = Checklist.objects.filter(district=district).count()
    checklist = _checklist(by, district, year)
    if today.year != year and not Checklist.objects.filter(district=district, year=today.year).exists():
        svc.checklist_copy(by=by, source=checklist, year=today.year)
    added["checklists"] = Checklist.objects.filter(district=district).count() - before

    items = list(Item.objects.filter(category__checklist=checklist).order_by("category__order", "order"))
    quarters = [q for q in (quarter - 1, quarter) if q >= 1]
    for q in quarters:
        for i, station in enumerate(stations):
            if Assessment.objects.filter(station=station, year=year, quarter=q).exists():
                continue
            scores = {
                item.pk: (_score(item.max_score, i, j, q), item.evidence_hint) for j, item in enumerate(items)
            }
            svc.assessment_save(by=by, station=station, year=year, quarter=q, scores=scores, submit=True)
            added["assessments"] += 1
        svc.assessments_publish(by=by, district=district, year=year, quarter=q)
    added["targets"] = tsvc.targets_set_defaults(by=by, district=district, year=today.year)
    return added
