"""Known fixtures for the assessment and targets tests (helper "assess").

The 2026 checklist of world.district has 20 points in all:
    阵地建设: 场所 (max 10), 设备 (max 5)      → 15
    接待活动: 接待日 (max 5)                   → 5
"""

from decimal import Decimal

from performance import assessment as svc
from performance.models.assessment import Assessment, Checklist, Item, ItemScore


def make_checklist(world, year=2026) -> Checklist:
    checklist = svc.checklist_create(
        by=world.district_staff, district=world.district, year=year, name=f"{year}年站点考核"
    )
    site = svc.category_add(by=world.district_staff, checklist=checklist, name="阵地建设")
    reception = svc.category_add(by=world.district_staff, checklist=checklist, name="接待活动")
    svc.item_add(by=world.district_staff, category=site, text="场所", max_score=Decimal(10), evidence_hint="现场查看")
    svc.item_add(by=world.district_staff, category=site, text="设备", max_score=Decimal(5))
    svc.item_add(by=world.district_staff, category=reception, text="接待日", max_score=Decimal(5))
    return checklist


def items(checklist) -> list[Item]:
    return list(Item.objects.filter(category__checklist=checklist).order_by("category__order", "order"))


def assess(world, station, checklist, quarter, values, *, status=Assessment.Status.SUBMITTED, year=None):
    """An assessment with the given scores (one per item, in checklist order; None leaves one blank)."""
    assessment = Assessment.objects.create(
        station=station, district_id=station.district_id, street_id=station.street_id, checklist=checklist,
        year=year or checklist.year, quarter=quarter, status=status, assessed_by=world.district_staff,
    )
    ItemScore.objects.bulk_create(
        ItemScore(assessment=assessment, item=item, score=Decimal(str(v)), note="")
        for item, v in zip(items(checklist), values, strict=False)
        if v is not None
    )
    return assessment
