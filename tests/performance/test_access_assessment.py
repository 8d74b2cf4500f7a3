"""Access to the assessment and targets pages, GET and POST, for every persona.

Fixtures: the 2026 checklist; station_a has Q1 published and Q2 submitted; station_b Q1 published.
"""

import pytest

from performance.models.assessment import Assessment
from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, PERSONAS, Row, check, everyone, params
from tests.performance.assessment_helpers import assess, make_checklist

P, S = Assessment.Status.PUBLISHED, Assessment.Status.SUBMITTED


@pytest.fixture(autouse=True)
def assessments(world):
    checklist = make_checklist(world)
    world.checklist = checklist
    world.published = assess(world, world.station_a, checklist, 1, [8, 4, 5], status=P)
    world.submitted = assess(world, world.station_a, checklist, 2, [6, 3, 2], status=S)
    world.published_b = assess(world, world.station_b, checklist, 1, [9, 5, 5], status=P)


STAFF = everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK)
DISTRICT = everyone(FORBIDDEN, district_staff=OK, admin=OK)
STATION_A_READERS = everyone(OK, outsider=FORBIDDEN, other_clerk=NOT_FOUND)
STATION_B_READERS = everyone(NOT_FOUND, outsider=FORBIDDEN, other_clerk=OK, district_staff=OK, admin=OK)
PUBLIC = {p: OK for p in PERSONAS}


def _draft(w):
    items = list(w.checklist.categories.values_list("items__pk", flat=True))
    return {f"score_{items[0]}": "7", f"note_{items[0]}": "场所已到位", "draft": "1"}


ROWS = [
    Row("performance:assessment_ranking", lambda w: "/performance/assessments/", STAFF),
    Row(
        "performance:assessment_ranking",
        lambda w: f"/performance/assessments/?year=2026&quarter=1&street={w.street_a.pk}",
        STAFF,
    ),
    Row("performance_public:assessment_public", lambda w: "/p/performance/assessments/2026/1/", PUBLIC),
    Row(
        "performance_public:assessment_public",
        lambda w: "/p/performance/assessments/2026/5/",
        {p: NOT_FOUND for p in PERSONAS},
    ),
    # Street staff see the district but may not publish; district staff publish their district.
    Row(
        "performance:assessment_publish",
        lambda w: "/performance/assessments/2026/2/publish/",
        DISTRICT,
        method="post",
        data=lambda w: {"district": w.district.pk},
    ),
    Row(
        "performance:assessment_station",
        lambda w: f"/performance/assessments/stations/{w.station_a.pk}/",
        STATION_A_READERS,
    ),
    Row(
        "performance:assessment_station",
        lambda w: f"/performance/assessments/stations/{w.station_b.pk}/",
        STATION_B_READERS,
    ),
    Row(
        "performance:assessment_station",
        lambda w: f"/performance/assessments/stations/{w.street_a.pk}/",
        everyone(NOT_FOUND, outsider=FORBIDDEN),
    ),
    Row("performance:assessment_score", lambda w: f"/performance/assessments/stations/{w.station_a.pk}/2026/3/", STAFF),
    Row(
        "performance:assessment_score",
        lambda w: f"/performance/assessments/stations/{w.station_a.pk}/2026/3/",
        STAFF,
        method="post",
        data=_draft,
    ),
    Row(
        "performance:assessment_score",
        lambda w: f"/performance/assessments/stations/{w.station_b.pk}/2026/3/",
        everyone(FORBIDDEN, street_staff=NOT_FOUND, district_staff=OK, admin=OK),
    ),
    Row(
        "performance:assessment_score",
        lambda w: f"/performance/assessments/stations/{w.station_a.pk}/2026/5/",
        everyone(FORBIDDEN, street_staff=NOT_FOUND, district_staff=NOT_FOUND, admin=NOT_FOUND),
    ),
    Row("performance:assessment_detail", lambda w: f"/performance/assessments/{w.published.pk}/", STATION_A_READERS),
    Row(
        "performance:assessment_detail",
        lambda w: f"/performance/assessments/{w.submitted.pk}/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK),
    ),
    Row(
        "performance:assessment_reopen",
        lambda w: f"/performance/assessments/{w.submitted.pk}/reopen/",
        DISTRICT,
        method="post",
    ),
    Row("performance:checklist_list", lambda w: "/performance/assessments/checklists/", STAFF),
    Row(
        "performance:checklist_list",
        lambda w: "/performance/assessments/checklists/",
        DISTRICT,
        method="post",
        data=lambda w: {"district": w.district.pk, "year": "2027", "name": "2027年站点考核", "sample": "on"},
    ),
    Row("performance:checklist_detail", lambda w: f"/performance/assessments/checklists/{w.checklist.pk}/", STAFF),
    Row(
        "performance:checklist_detail",
        lambda w: f"/performance/assessments/checklists/{w.checklist.pk}/",
        DISTRICT,
        method="post",
        data=lambda w: {"action": "copy", "y-year": "2027"},
    ),
    Row("performance:targets", lambda w: "/performance/targets/", everyone(OK, outsider=FORBIDDEN)),
    Row("performance:targets", lambda w: "/performance/targets/?year=2026&behind=on", everyone(OK, outsider=FORBIDDEN)),
    Row("performance:targets_manage", lambda w: "/performance/targets/manage/", DISTRICT),
    Row(
        "performance:targets_manage",
        lambda w: "/performance/targets/manage/",
        DISTRICT,
        method="post",
        data=lambda w: {"action": "defaults", "year": "2026", "district": w.district.pk},
    ),
]

assert all(row.expect["anonymous"] in (LOGIN, OK, NOT_FOUND) for row in ROWS)


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
