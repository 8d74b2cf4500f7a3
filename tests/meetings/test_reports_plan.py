"""Planning reports to voters: the suggested third, adjusting, confirming (the deputies are told),
scheduling the meeting, and who may do each."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from meetings.models import Attendee, Meeting
from meetings.models.reports import Report, ReportPlan
from meetings.selectors_reports import plan_suggestion, report_results
from meetings.services import reports as services
from notifications.models import Notification
from tests import factories as f
from tests.meetings.reports_helpers import MEETING_AT, plan_with, rated, report_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the services' messages in English (the source language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def street_roll(world):
    """street_a's roll: 张代表 (world.deputy) and 代表01–06 in office, 代表07 retired.
    代表01 and 代表02 reported in 2024; 代表03, 代表06 and 张代表 in 2025; 代表04 and 代表05 never."""
    deputies = {
        f"代表0{i}": f.DeputyFactory(name=f"代表0{i}", district=world.district, street=world.street_a)
        for i in range(1, 7)
    }
    f.DeputyFactory(name="代表07", district=world.district, street=world.street_a, is_active=False)
    plan_with(by=world.street_staff, node=world.street_a, year=2024, deputies=[deputies["代表01"], deputies["代表02"]])
    plan_with(
        by=world.street_staff, node=world.street_a, year=2025,
        deputies=[deputies["代表03"], deputies["代表06"], world.deputy],
    )
    return deputies


def test_the_suggestion_is_a_third_rounded_up_longest_ago_first(world, street_roll):
    plan = services.plan_create(by=world.street_staff, node=world.street_a, year=2026)

    # 7 deputies in office → ceil(7/3) = 3: the two who never reported, then the earliest of 2024 by name.
    assert [r.deputy.name for r in plan.reports.order_by("deputy__name")] == ["代表01", "代表04", "代表05"]
    assert plan.status == ReportPlan.Status.DRAFT
    assert plan.street_id == world.street_a.pk and plan.district_id == world.district.pk
    # Asking again gives the same list (a stable order).
    assert [d.name for d in plan_suggestion(plan)] == ["代表04", "代表05", "代表01"]


def test_a_district_plan_draws_on_the_whole_roll_and_skips_deputies_reporting_under_a_street_plan(world, street_roll):
    street_plan = services.plan_create(by=world.street_staff, node=world.street_a, year=2026)
    district_plan = ReportPlan.objects.create(
        node=world.district, district=world.district, year=2026, created_by=world.district_staff
    )

    # 8 active deputies in the district (7 in street_a, 李代表 in street_b) → 3; the street plan's three are taken.
    suggested = [d.name for d in plan_suggestion(district_plan)]
    assert len(suggested) == 3
    assert not set(suggested) & set(street_plan.reports.values_list("deputy__name", flat=True))
    assert suggested[0] == "李代表"  # never reported, and first by name among those left


def test_staff_adjust_the_list_and_a_deputy_reports_once_a_year(world, street_roll):
    plan = services.plan_create(by=world.street_staff, node=world.street_a, year=2026)
    added, removed = services.plan_set_deputies(
        by=world.street_staff, plan=plan, deputies=[street_roll["代表04"], street_roll["代表02"]]
    )

    assert [r.deputy.name for r in added] == ["代表02"]
    assert sorted(r.deputy.name for r in removed) == ["代表01", "代表05"]
    assert sorted(plan.reports.values_list("deputy__name", flat=True)) == ["代表02", "代表04"]

    district_plan = services.plan_create(by=world.district_staff, node=world.district, year=2026)
    with pytest.raises(ValidationError, match="代表04"):
        services.plan_set_deputies(by=world.district_staff, plan=district_plan, deputies=[street_roll["代表04"]])
    # A deputy of another street is not on this street's list.
    with pytest.raises(ValidationError, match="李代表"):
        services.plan_set_deputies(by=world.street_staff, plan=plan, deputies=[world.other_deputy])


def test_confirming_tells_each_deputy_with_a_login_to_write_their_report(world, django_capture_on_commit_callbacks):
    plan = services.plan_create(by=world.street_staff, node=world.street_a, year=2026)
    services.plan_set_deputies(by=world.street_staff, plan=plan, deputies=[world.deputy])
    assert not Notification.objects.filter(user=world.deputy_user).exists()  # not while it is a draft

    with django_capture_on_commit_callbacks(execute=True):
        services.plan_confirm(by=world.street_staff, plan=plan)

    note = Notification.objects.get(user=world.deputy_user)
    report = Report.objects.get(deputy=world.deputy, year=2026)
    assert note.kind == "report_planned"
    assert note.url == f"/meetings/reports/{report.pk}/"
    with pytest.raises(Exception, match="already confirmed"):
        services.plan_confirm(by=world.street_staff, plan=plan)


def test_a_deputy_added_after_confirming_is_told_at_once(world, django_capture_on_commit_callbacks):
    no_login = f.DeputyFactory(name="王代表", district=world.district, street=world.street_a)
    plan = plan_with(by=world.street_staff, node=world.street_a, year=2026, deputies=[no_login])
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_set_deputies(by=world.street_staff, plan=plan, deputies=[no_login, world.deputy])
    assert Notification.objects.filter(user=world.deputy_user, kind="report_planned").count() == 1


def test_an_empty_plan_cannot_be_confirmed(world):
    plan = services.plan_create(by=world.district_staff, node=world.street_b, year=2026)
    services.plan_set_deputies(by=world.district_staff, plan=plan, deputies=[])
    with pytest.raises(ValidationError):
        services.plan_confirm(by=world.district_staff, plan=plan)
    plan.refresh_from_db()
    assert plan.status == ReportPlan.Status.DRAFT


def test_who_may_plan(world):
    # Street staff plan their own street, not another street nor the district.
    with pytest.raises(services.NotAllowed):
        services.plan_create(by=world.street_staff, node=world.street_b, year=2026)
    with pytest.raises(services.NotAllowed):
        services.plan_create(by=world.street_staff, node=world.district, year=2026)
    with pytest.raises(services.NotAllowed):
        services.plan_create(by=world.clerk, node=world.street_a, year=2026)
    district_plan = services.plan_create(by=world.district_staff, node=world.district, year=2026)
    with pytest.raises(services.NotAllowed):
        services.plan_confirm(by=world.street_staff, plan=district_plan)
    # District staff may run a street's plan.
    street_plan = services.plan_create(by=world.district_staff, node=world.street_a, year=2026)
    with pytest.raises(ValidationError, match="already has a plan"):
        services.plan_create(by=world.street_staff, node=world.street_a, year=2026)
    assert street_plan.street_id == world.street_a.pk


def test_scheduling_creates_a_report_meeting_with_the_deputy_attending(world):
    report = report_for(world)

    meeting = report.meeting
    assert meeting.kind == Meeting.Kind.REPORT
    assert (meeting.node_id, meeting.station_id, meeting.street_id) == (
        world.station_a.pk, world.station_a.pk, world.street_a.pk)
    assert meeting.starts_at == MEETING_AT and meeting.place == "站内会议室"
    assert Attendee.objects.get(meeting=meeting).deputy_id == world.deputy.pk

    # Moving it changes the same meeting.
    services.report_schedule(by=world.street_staff, report=report, node=world.point_a, starts_at=MEETING_AT,
                             place="园区")
    meeting.refresh_from_db()
    assert meeting.node_id == world.point_a.pk and Meeting.objects.count() == 1


def test_several_deputies_report_at_one_meeting(world):
    second = f.DeputyFactory(name="王代表", district=world.district, street=world.street_a)
    plan = plan_with(by=world.street_staff, node=world.street_a, year=2026, deputies=[world.deputy, second])
    first_report, second_report = plan.reports.order_by("deputy__name")
    meeting = services.report_schedule(
        by=world.street_staff, report=first_report, node=world.station_a, starts_at=MEETING_AT)
    services.report_schedule(by=world.street_staff, report=second_report, meeting=meeting)

    assert Report.objects.filter(meeting=meeting).count() == 2
    assert Attendee.objects.filter(meeting=meeting, kind=Attendee.Kind.DEPUTY).count() == 2


def test_a_meeting_outside_the_plans_area_is_refused(world):
    report = report_for(world, schedule=False)
    with pytest.raises(ValidationError):
        services.report_schedule(by=world.street_staff, report=report, node=world.station_b, starts_at=MEETING_AT)
    with pytest.raises(services.NotAllowed):
        services.report_schedule(by=world.clerk, report=report, node=world.station_a, starts_at=MEETING_AT)


def test_the_deputy_writes_the_text_until_the_rating_closes(world):
    report = report_for(world)
    services.report_text_submit(by=world.deputy_user, report=report, text="  一年来,我参加接待日12次。 ")
    report.refresh_from_db()
    assert report.text == "一年来,我参加接待日12次。"
    assert report.status == Report.Status.TEXT_SUBMITTED
    assert report.text_by == world.deputy_user

    with pytest.raises(services.NotAllowed):
        services.report_text_submit(by=world.clerk, report=report, text="x")
    services.report_text_submit(by=world.street_staff, report=report, text="工作人员代为录入。")

    rated(world, report, ["satisfied"])
    with pytest.raises(services.NotAllowed):
        services.report_text_submit(by=world.deputy_user, report=report, text="改")
    report.refresh_from_db()
    assert report.text == "工作人员代为录入。"


def test_a_report_with_codes_stays_in_the_plan(world):
    report = report_for(world)
    services.report_codes_issue(by=world.street_staff, report=report, count=2)
    with pytest.raises(ValidationError, match="张代表"):
        services.plan_set_deputies(by=world.street_staff, plan=report.plan, deputies=[])


def test_results_per_year_for_the_performance_record(world):
    rated(world, report_for(world, year=2024), ["satisfied", "satisfied", "not"], unused=1)
    rated(world, report_for(world, year=2026), ["mostly"] * 3 + ["satisfied"])
    report_for(world, year=2025)  # not rated: no row

    results = report_results(world.deputy.pk)

    assert list(results) == [2024, 2026]
    assert results[2024] | {"levels": None} == {
        "levels": None, "satisfied": 2, "mostly": 0, "not": 1, "total": 3, "codes_issued": 4,
        "satisfaction_rate": 66.7, "turnout": 75.0,
    }
    assert (results[2026]["satisfied"], results[2026]["mostly"], results[2026]["satisfaction_rate"]) == (1, 3, 100.0)
    assert report_results(world.other_deputy.pk) == {}
