"""Role × URL matrix for reports to voters: staff in scope plan, schedule, issue codes and close; the
deputy writes their own text; the station's clerk reads; voters rate with a code, no login."""

import pytest

from meetings.services import reports as services
from tests.access import FORBIDDEN, NOT_FOUND, OK, Row, check, everyone, params
from tests.meetings.reports_helpers import plan_with, rated, report_for


@pytest.fixture
def reports_world(world):
    world.report = report_for(world, year=2026)  # world.deputy, street_a's plan, at station_a, rating not open
    world.plan = world.report.plan
    world.closed = rated(world, report_for(world, year=2025, schedule=False), ["satisfied", "not"], publish=True)
    world.plan_b = plan_with(by=world.district_staff, node=world.street_b, year=2026, deputies=[world.other_deputy])
    return world


def _code(w) -> dict:
    code = services.report_codes_issue(by=w.street_staff, report=w.report, count=1)[0]
    return {"code": code, "level": "satisfied", "comment": "好"}


STAFF = everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK)
STREET_B = everyone(FORBIDDEN, street_staff=NOT_FOUND, district_staff=OK, admin=OK)
# A report: the deputy, the clerk of the station it is held at, the street's and district's staff read it.
READS = everyone(OK, outsider=FORBIDDEN, other_clerk=NOT_FOUND)
# Managing a report: staff in scope; readers who may not manage get 403.
MANAGES = everyone(FORBIDDEN, other_clerk=NOT_FOUND, street_staff=OK, district_staff=OK, admin=OK)
TEXT = everyone(FORBIDDEN, other_clerk=NOT_FOUND, deputy_user=OK, street_staff=OK, district_staff=OK, admin=OK)
PUBLIC = {p: OK for p in everyone(OK)}
NOWHERE = {p: NOT_FOUND for p in PUBLIC}

ROWS = [
    Row("meetings:report_list", lambda w: "/meetings/reports/", everyone(OK, outsider=FORBIDDEN)),
    Row("meetings:report_plan_create", lambda w: "/meetings/reports/plans/new/", STAFF),
    Row(
        "meetings:report_plan_create",
        lambda w: "/meetings/reports/plans/new/",
        STAFF,
        method="post",
        data=lambda w: {"node": w.street_a.pk, "year": 2027},
    ),
    Row("meetings:report_plan_detail", lambda w: f"/meetings/reports/plans/{w.plan.pk}/", STAFF),
    Row("meetings:report_plan_detail", lambda w: f"/meetings/reports/plans/{w.plan_b.pk}/", STREET_B),
    Row(
        "meetings:report_plan_deputies",
        lambda w: f"/meetings/reports/plans/{w.plan.pk}/deputies/",
        STAFF,
        method="post",
        data=lambda w: {"deputies": [w.deputy.pk]},
    ),
    Row(
        "meetings:report_plan_deputies",
        lambda w: f"/meetings/reports/plans/{w.plan_b.pk}/deputies/",
        STREET_B,
        method="post",
        data=lambda w: {"deputies": [w.other_deputy.pk]},
    ),
    Row("meetings:report_plan_confirm", lambda w: f"/meetings/reports/plans/{w.plan.pk}/confirm/", STAFF, "post"),
    Row("meetings:report_plan_confirm", lambda w: f"/meetings/reports/plans/{w.plan_b.pk}/confirm/", STREET_B, "post"),
    Row("meetings:report_detail", lambda w: f"/meetings/reports/{w.report.pk}/", READS),
    Row(
        "meetings:report_detail",
        lambda w: f"/meetings/reports/{w.plan_b.reports.get().pk}/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, other_clerk=OK, district_staff=OK, admin=OK),
    ),
    Row("meetings:report_schedule", lambda w: f"/meetings/reports/{w.report.pk}/schedule/", MANAGES),
    Row(
        "meetings:report_schedule",
        lambda w: f"/meetings/reports/{w.report.pk}/schedule/",
        MANAGES,
        method="post",
        data=lambda w: {"node": w.station_a.pk, "starts_at": "2026-12-02T09:00", "place": "会议室"},
    ),
    Row("meetings:report_text", lambda w: f"/meetings/reports/{w.report.pk}/text/", TEXT),
    Row(
        "meetings:report_text",
        lambda w: f"/meetings/reports/{w.report.pk}/text/",
        TEXT,
        method="post",
        data=lambda w: {"text": "述职报告正文"},
    ),
    # A closed report's text is final, for everyone.
    Row(
        "meetings:report_text",
        lambda w: f"/meetings/reports/{w.closed.pk}/text/",
        everyone(FORBIDDEN, other_clerk=NOT_FOUND),
    ),
    Row("meetings:report_codes", lambda w: f"/meetings/reports/{w.report.pk}/codes/", MANAGES),
    Row(
        "meetings:report_codes",
        lambda w: f"/meetings/reports/{w.report.pk}/codes/",
        MANAGES,
        method="post",
        data=lambda w: {"count": 3},
    ),
    Row("meetings:report_close", lambda w: f"/meetings/reports/{w.report.pk}/close/", MANAGES, "post"),
    Row("meetings:report_publish", lambda w: f"/meetings/reports/{w.closed.pk}/publish/", MANAGES, "post"),
    Row("meetings_public:report_rating", lambda w: "/p/meetings/report-rating/", PUBLIC),
    Row("meetings_public:report_rating", lambda w: "/p/meetings/report-rating/", PUBLIC, method="post", data=_code),
    Row("meetings_public:report_public", lambda w: f"/p/meetings/reports/{w.closed.pk}/", PUBLIC),
    # Not closed or not published: no public page.
    Row("meetings_public:report_public", lambda w: f"/p/meetings/reports/{w.report.pk}/", NOWHERE),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, reports_world, client_for):
    check(client_for(persona), row, persona, reports_world)

