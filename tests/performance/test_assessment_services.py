"""Assessment rules: scoring and its validation, frozen checklists and copies, ranks and totals in the
database, publishing once, history by category. Numbers come from the 20-point checklist of
tests/performance/assessment_helpers.py."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from performance import assessment as svc
from performance.models.assessment import Assessment, Checklist, Item, ItemScore
from tests import factories as f
from tests.performance.assessment_helpers import assess, items, make_checklist

P, S, D = Assessment.Status.PUBLISHED, Assessment.Status.SUBMITTED, Assessment.Status.DRAFT


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the services' messages in English (the source language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def checklist(world):
    return make_checklist(world)


@pytest.fixture
def station_c(world):
    return f.StationFactory(name="龙田社区联络站", code="LT02", parent=world.street_a, by=world.admin)


def _scores(checklist, *values, note=""):
    pairs = zip(items(checklist), values, strict=False)
    return {item.pk: (None if v is None else Decimal(str(v)), note) for item, v in pairs}


def test_default_quarter_is_the_last_finished_one():
    import datetime

    assert svc.default_quarter(datetime.date(2026, 11, 26)) == (2026, 3)
    assert svc.default_quarter(datetime.date(2026, 2, 1)) == (2025, 4)
    assert svc.previous_quarter(2026, 1) == (2025, 4)


def test_a_draft_keeps_blanks_and_submitting_needs_every_item(world, checklist):
    draft = svc.assessment_save(
        by=world.street_staff,
        station=world.station_a,
        year=2026,
        quarter=1,
        scores=_scores(checklist, 7, None, None, note="现场查看"),
        submit=False,
    )
    assert draft.status == D and draft.assessed_by == world.street_staff
    assert list(draft.scores.values_list("score", "note")) == [(Decimal("7.0"), "现场查看")]

    with pytest.raises(ValidationError) as error:
        svc.assessment_save(
            by=world.street_staff,
            station=world.station_a,
            year=2026,
            quarter=1,
            scores=_scores(checklist, 7, 4, None),
            submit=True,
        )
    blank = items(checklist)[2]
    assert error.value.message_dict == {f"score_{blank.pk}": ["Score every item before submitting."]}

    done = svc.assessment_save(
        by=world.street_staff,
        station=world.station_a,
        year=2026,
        quarter=1,
        scores=_scores(checklist, 7, 4, 4.5),
        submit=True,
    )
    assert done.pk == draft.pk and done.status == S and done.submitted_at is not None
    assert svc.with_totals(Assessment.objects.filter(pk=done.pk)).get().total == Decimal("15.5")
    # Submitted: no more changes through the scoring form.
    with pytest.raises(ValidationError):
        svc.assessment_save(
            by=world.street_staff,
            station=world.station_a,
            year=2026,
            quarter=1,
            scores=_scores(checklist, 1, 1, 1),
            submit=False,
        )


def test_scores_outside_0_to_max_are_refused_with_the_maximum_named(world, checklist, settings):
    settings.LANGUAGE_CODE = "en"
    first, second, _third = items(checklist)
    with pytest.raises(ValidationError) as error:
        svc.assessment_save(
            by=world.district_staff,
            station=world.station_a,
            year=2026,
            quarter=1,
            scores=_scores(checklist, 11, -1, 5),
            submit=False,
        )
    assert error.value.message_dict == {
        f"score_{first.pk}": ["The score must be between 0 and 10."],
        f"score_{second.pk}": ["The score must be between 0 and 5."],
    }
    assert not Assessment.objects.exists() and not ItemScore.objects.exists()  # nothing half-saved


def test_who_may_assess(world, checklist):
    # Street staff: their street's stations only; clerks and deputies never.
    with pytest.raises(PermissionDenied):
        svc.assessment_save(
            by=world.street_staff, station=world.station_b, year=2026, quarter=1, scores={}, submit=False
        )
    for user in (world.clerk, world.deputy_user):
        with pytest.raises(PermissionDenied):
            svc.assessment_save(by=user, station=world.station_a, year=2026, quarter=1, scores={}, submit=False)
    assert svc.can_assess(world.district_staff, world.station_b)


def test_no_checklist_for_the_year(world, checklist):
    with pytest.raises(ValidationError, match="no assessment checklist for 2027"):
        svc.assessment_save(
            by=world.district_staff, station=world.station_a, year=2027, quarter=1, scores={}, submit=False
        )


def test_a_used_checklist_is_frozen_and_a_copy_leaves_history_alone(world, checklist):
    old = assess(world, world.station_a, checklist, 1, [8, 4, 5], status=P)
    category = checklist.categories.first()
    with pytest.raises(svc.ChecklistFrozen):
        svc.item_add(by=world.district_staff, category=category, text="新增", max_score=Decimal(3))
    with pytest.raises(svc.ChecklistFrozen):
        svc.item_delete(by=world.district_staff, item=items(checklist)[0])
    with pytest.raises(svc.ChecklistFrozen):
        svc.category_add(by=world.district_staff, checklist=checklist, name="宣传公开")

    copy = svc.checklist_copy(by=world.district_staff, source=checklist, year=2027)
    assert copy.name == "2027年站点考核"
    assert [(i.category.name, i.text, i.max_score) for i in items(copy)] == [
        (i.category.name, i.text, i.max_score) for i in items(checklist)
    ]
    svc.item_add(
        by=world.district_staff, category=copy.categories.get(name="阵地建设"), text="新增", max_score=Decimal(3)
    )
    assert Item.objects.filter(category__checklist=copy).count() == 4
    assert Item.objects.filter(category__checklist=checklist).count() == 3
    assert svc.with_totals(Assessment.objects.filter(pk=old.pk)).get().max_total == Decimal(20)
    with pytest.raises(ValidationError):
        svc.checklist_copy(by=world.district_staff, source=checklist, year=2027)  # 2027 exists


def test_only_district_staff_keep_the_checklist(world, checklist):
    with pytest.raises(PermissionDenied):
        svc.category_add(by=world.street_staff, checklist=checklist, name="宣传公开")
    with pytest.raises(PermissionDenied):
        svc.checklist_create(by=world.street_staff, district=world.district, year=2027, name="x")


def test_the_sample_checklist(world):
    checklist = svc.checklist_create(
        by=world.district_staff, district=world.district, year=2027, name="样本", sample=True
    )
    assert list(checklist.categories.values_list("name", flat=True)) == [
        "阵地建设",
        "制度建设",
        "接待活动",
        "意见处理",
        "履职活动",
        "宣传公开",
    ]
    assert Item.objects.filter(category__checklist=checklist).count() == 19
    assert sum(i.max_score for i in items(checklist)) == Decimal(100)


def test_ranking_with_ties_previous_rank_and_change(world, checklist, station_c):
    # Q1: b 19, a 17, c 17 → b 1, a 2, c 2.   Q2: a 18, c 18, b 12 → a 1, c 1, b 3.
    assess(world, world.station_a, checklist, 1, [8, 4, 5])
    assess(world, world.station_b, checklist, 1, [9, 5, 5])
    assess(world, station_c, checklist, 1, [8, 4, 5])
    assess(world, world.station_a, checklist, 2, [9, 4, 5])
    assess(world, world.station_b, checklist, 2, [6, 3, 3])
    assess(world, station_c, checklist, 2, [8, 5, 5], status=P)
    assess(world, world.station_b, checklist, 3, [1, 1, 1], status=D)  # drafts are not ranked

    rows = svc.ranking(world.district_staff, year=2026, quarter=2)
    got = [(r.station.code, r.total, r.max_total, round(r.percent, 1), r.rank, r.previous_rank, r.change) for r in rows]
    assert got == [
        ("LT01", Decimal(18), Decimal(20), Decimal("90.0"), 1, 2, 1),
        ("LT02", Decimal(18), Decimal(20), Decimal("90.0"), 1, 2, 1),
        ("NW01", Decimal(12), Decimal(20), Decimal("60.0"), 3, 1, -2),
    ]
    # Street staff rank within their street: a and c tie both quarters.
    street = [
        (r.station.code, r.rank, r.previous_rank, r.change)
        for r in svc.ranking(world.street_staff, year=2026, quarter=2)
    ]
    assert street == [("LT01", 1, 1, 0), ("LT02", 1, 1, 0)]
    # The same view chosen by district staff with a street filter.
    filtered = svc.ranking(world.district_staff, year=2026, quarter=2, street_id=world.street_a.pk)
    assert [(r.station.code, r.rank) for r in filtered] == [("LT01", 1), ("LT02", 1)]
    assert svc.ranking(world.district_staff, year=2026, quarter=3) == []


def test_publishing_a_quarter_once(world, checklist, station_c):
    assess(world, world.station_a, checklist, 2, [9, 4, 5])
    assess(world, world.station_b, checklist, 2, [6, 3, 3])
    assess(world, station_c, checklist, 2, [8, 5, 5], status=D)
    with pytest.raises(PermissionDenied):
        svc.assessments_publish(by=world.street_staff, district=world.district, year=2026, quarter=2)
    assert svc.public_ranking(year=2026, quarter=2) == []
    assert svc.assessments_publish(by=world.district_staff, district=world.district, year=2026, quarter=2) == 2
    assert svc.assessments_publish(by=world.district_staff, district=world.district, year=2026, quarter=2) == 0
    public = [(r.station.code, r.total, r.rank) for r in svc.public_ranking(year=2026, quarter=2)]
    assert public == [("LT01", Decimal(18), 1), ("NW01", Decimal(12), 2)]
    assert Assessment.objects.get(station=station_c).status == D


def test_reopen_sends_a_submitted_assessment_back_to_draft(world, checklist):
    a = assess(world, world.station_a, checklist, 2, [9, 4, 5])
    with pytest.raises(PermissionDenied):
        svc.assessment_reopen(by=world.street_staff, assessment=a)
    svc.assessment_reopen(by=world.district_staff, assessment=a)
    a.refresh_from_db()
    assert a.status == D and a.submitted_at is None
    with pytest.raises(ValidationError):
        svc.assessment_reopen(by=world.district_staff, assessment=a)


def test_history_by_category_and_what_clerks_see(world, checklist):
    assess(world, world.station_a, checklist, 1, [8, 4, 5], status=P)
    assess(world, world.station_a, checklist, 2, [6, None, 2], status=S)
    staff = svc.station_history(world.street_staff, world.station_a)
    assert staff["columns"] == ["阵地建设", "接待活动"]
    assert [(a.quarter, a.cells, a.total) for a in staff["rows"]] == [
        (2, [Decimal(6), Decimal(2)], Decimal(8)),
        (1, [Decimal(12), Decimal(5)], Decimal(17)),
    ]
    for user in (world.clerk, world.deputy_user):
        rows = svc.station_history(user, world.station_a)["rows"]
        assert [(a.quarter, a.total) for a in rows] == [(1, Decimal(17))]
    assert svc.station_history(world.other_clerk, world.station_a)["rows"] == []


def test_one_checklist_per_district_and_year(world, checklist):
    with pytest.raises(ValidationError):
        svc.checklist_create(by=world.district_staff, district=world.district, year=2026, name="again")
    assert Checklist.objects.count() == 1


def test_a_checklist_without_items_ranks_without_dividing_by_zero(world):
    empty = svc.checklist_create(by=world.district_staff, district=world.district, year=2026, name="空")
    svc.assessment_save(by=world.district_staff, station=world.station_a, year=2026, quarter=1, scores={},
                        submit=True)
    rows = svc.ranking(world.district_staff, year=2026, quarter=1)
    assert [(r.total, r.max_total, r.percent, r.rank) for r in rows] == [(0, 0, None, 1)]
    assert rows[0].checklist == empty
