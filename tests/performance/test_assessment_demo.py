"""The demo seed of assessments and targets: realistic, published, and idempotent."""

import datetime as dt
from zoneinfo import ZoneInfo

from performance import assessment as svc
from performance import demo_assessment
from performance.models.assessment import Assessment, Checklist, Target

NOW = dt.datetime(2026, 11, 26, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_seed_publishes_two_quarters_and_is_idempotent(world):
    assert demo_assessment.seed(district=world.district, now=NOW) == {
        "checklists": 1, "assessments": 4, "targets": 4
    }
    assert list(Checklist.objects.values_list("year", flat=True)) == [2026]
    assert set(Assessment.objects.values_list("quarter", "status")) == {(2, "published"), (3, "published")}
    rows = svc.public_ranking(year=2026, quarter=3)
    assert [(r.station.code, r.total, r.max_total, r.rank) for r in rows] == [
        ("NW01", 82, 100, 1), ("LT01", 81, 100, 2)
    ]
    assert demo_assessment.seed(district=world.district, now=NOW) == {"checklists": 0, "assessments": 0, "targets": 0}
    assert Target.objects.count() == 4


def test_seed_in_the_first_quarter_scores_last_year_and_copies_the_checklist(world):
    now = dt.datetime(2027, 2, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    added = demo_assessment.seed(district=world.district, now=now)
    assert added == {"checklists": 2, "assessments": 4, "targets": 4}
    assert sorted(Checklist.objects.values_list("year", flat=True)) == [2026, 2027]
    assert set(Assessment.objects.values_list("year", "quarter")) == {(2026, 3), (2026, 4)}
