"""The logging service: attendance, residents received, each issue a real case linked to the reception."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from deputies.models import Duty
from liaison.errors import DomainError
from petitions import services
from petitions.models import Petition, ReceptionLog
from petitions.reception_log import (
    IssueInput,
    reception_attendance_set,
    reception_log_save_draft,
    reception_log_submit,
)
from petitions.selectors import petitions_visible_to
from stations.models import Reception
from tests.petitions.reception_fixtures import TODAY, make_reception

A = Duty.Attendance


def issues(logday):
    return [
        IssueInput("王小明", "13812348000", logday.category, "小区门口路灯坏了两个月。", community=logday.community),
        IssueInput("李阿姨", "13912345678", logday.other_category, "社区老年食堂菜价上涨。", deputy=logday.wang),
        IssueInput("陈先生", "075528881234", logday.category, "夜间施工噪音扰民。", hide_name_from_deputy=True),
    ]


def mark_all(logday, world, deputy_mark=A.PRESENT, wang_mark=A.LATE):
    reception_attendance_set(duty=logday.duty(world.deputy), attendance=deputy_mark, by=world.clerk)
    reception_attendance_set(duty=logday.duty(logday.wang), attendance=wang_mark, by=world.clerk)


def test_three_issues_become_three_cases_linked_and_assigned(world, logday):
    mark_all(logday, world)

    cases = reception_log_submit(
        reception=logday.reception,
        by=world.clerk,
        residents_received=4,
        notes="三位居民反映问题",
        issues=issues(logday),
    )

    assert [c.tracking_no for c in cases] == ["LT01-20260310-0001", "LT01-20260310-0002", "LT01-20260310-0003"]
    stored = Petition.objects.filter(reception=logday.reception).order_by("tracking_no")
    assert stored.count() == 3
    assert {c.channel for c in stored} == {Petition.Channel.RECEPTION}
    # Chosen in the row (王代表), else the first deputy present (张代表).
    assert [c.assigned_deputy for c in stored] == [world.deputy, logday.wang, world.deputy]
    assert {c.status for c in stored} == {Petition.Status.ASSIGNED}
    assert stored[0].community == logday.community and stored[2].hide_name_from_deputy
    # Raised at the reception: its date and start time.
    assert stored[0].received_at == dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)

    logday.reception.refresh_from_db()
    log = ReceptionLog.objects.get(reception=logday.reception)
    assert logday.reception.status == Reception.Status.HELD
    assert (log.residents_received, log.notes, log.submitted_by, log.draft) == (4, "三位居民反映问题", world.clerk, {})
    assert dict(logday.reception.duties.values_list("deputy__name", "attendance")) == {
        "张代表": "present",
        "王代表": "late",
    }

    # Each deputy sees the cases assigned to them, and only those.
    mine = set(petitions_visible_to(world.deputy_user).values_list("tracking_no", flat=True))
    wangs = set(petitions_visible_to(logday.wang_user).values_list("tracking_no", flat=True))
    assert mine == {"LT01-20260310-0001", "LT01-20260310-0003"}
    assert wangs == {"LT01-20260310-0002"}
    assert petitions_visible_to(world.other_clerk).filter(reception=logday.reception).count() == 0


def test_a_late_deputy_takes_the_cases_when_nobody_was_on_time(world, logday):
    mark_all(logday, world, deputy_mark=A.ABSENT, wang_mark=A.LATE)
    cases = reception_log_submit(
        reception=logday.reception, by=world.clerk, residents_received=1, issues=issues(logday)[:1]
    )
    assert cases[0].assigned_deputy == logday.wang


def test_with_nobody_present_the_cases_wait_unassigned(world, logday):
    mark_all(logday, world, deputy_mark=A.ABSENT, wang_mark=A.ABSENT)
    [case] = reception_log_submit(
        reception=logday.reception, by=world.clerk, residents_received=1, issues=issues(logday)[:1]
    )
    assert (case.status, case.assigned_deputy) == (Petition.Status.RECEIVED, None)


def test_attendance_can_be_given_with_the_submission(world, logday):
    marks = {logday.duty(world.deputy).pk: A.PRESENT, logday.duty(logday.wang).pk: A.ABSENT}
    reception_log_submit(reception=logday.reception, by=world.clerk, residents_received=0, attendance=marks)
    assert dict(logday.reception.duties.values_list("deputy__name", "attendance")) == {
        "张代表": "present",
        "王代表": "absent",
    }


def test_every_deputy_on_duty_must_be_marked_and_nothing_is_created_otherwise(world, logday):
    reception_attendance_set(duty=logday.duty(world.deputy), attendance=A.PRESENT, by=world.clerk)
    with pytest.raises(ValidationError) as error:
        reception_log_submit(reception=logday.reception, by=world.clerk, residents_received=3, issues=issues(logday))
    assert "王代表" in str(error.value.message_dict["attendance"])
    logday.reception.refresh_from_db()
    assert logday.reception.status == Reception.Status.PLANNED
    assert Petition.objects.count() == 0


def test_a_second_submission_is_refused_and_creates_nothing(world, logday):
    mark_all(logday, world)
    reception_log_submit(reception=logday.reception, by=world.clerk, residents_received=3, issues=issues(logday))
    with pytest.raises(DomainError):
        reception_log_submit(
            reception=logday.reception, by=world.street_staff, residents_received=3, issues=issues(logday)
        )
    assert Petition.objects.count() == 3
    with pytest.raises(DomainError):
        reception_log_save_draft(reception=logday.reception, by=world.clerk, draft={"notes": "late"})


def test_fewer_residents_than_people_who_raised_issues_is_refused(world, logday):
    mark_all(logday, world)
    with pytest.raises(ValidationError) as error:
        reception_log_submit(reception=logday.reception, by=world.clerk, residents_received=2, issues=issues(logday))
    assert "3" in error.value.message_dict["residents_received"][0]


def test_a_future_or_cancelled_reception_cannot_be_logged(world, logday):
    future = make_reception(world, TODAY + dt.timedelta(days=7))
    with pytest.raises(DomainError):
        reception_log_submit(reception=future, by=world.clerk, residents_received=0)
    cancelled = make_reception(world, TODAY - dt.timedelta(days=7))
    Reception.objects.filter(pk=cancelled.pk).update(status=Reception.Status.CANCELLED)
    cancelled.refresh_from_db()
    with pytest.raises(DomainError):
        reception_log_submit(reception=cancelled, by=world.clerk, residents_received=0)


def test_a_missed_reception_can_still_be_logged_late(world, logday):
    missed = make_reception(world, TODAY - dt.timedelta(days=10))
    Reception.objects.filter(pk=missed.pk).update(status=Reception.Status.MISSED)
    missed.refresh_from_db()
    reception_log_submit(reception=missed, by=world.clerk, residents_received=5)
    missed.refresh_from_db()
    assert missed.status == Reception.Status.HELD


@pytest.mark.parametrize("persona", ["other_clerk", "deputy_user", "outsider"])
def test_only_the_station_clerk_and_staff_may_log(world, logday, persona):
    user = world.user(persona)
    with pytest.raises(services.NotAllowed):
        reception_log_submit(reception=logday.reception, by=user, residents_received=0)
    with pytest.raises(services.NotAllowed):
        reception_attendance_set(duty=logday.duty(world.deputy), attendance=A.PRESENT, by=user)
    with pytest.raises(services.NotAllowed):
        reception_log_save_draft(reception=logday.reception, by=user, draft={})


@pytest.mark.parametrize("persona", ["clerk", "street_staff", "district_staff", "admin"])
def test_clerk_street_and_district_staff_may_log(world, logday, persona):
    mark_all(logday, world)
    cases = reception_log_submit(
        reception=logday.reception, by=world.user(persona), residents_received=1, issues=issues(logday)[:1]
    )
    assert cases[0].reception == logday.reception


def test_attendance_accepts_only_the_three_marks(world, logday):
    with pytest.raises(ValidationError):
        reception_attendance_set(duty=logday.duty(world.deputy), attendance="expected", by=world.clerk)
    duty = reception_attendance_set(duty=logday.duty(world.deputy), attendance=A.LATE, by=world.clerk)
    assert Duty.objects.get(pk=duty.pk).attendance == A.LATE


def test_the_draft_keeps_what_was_typed(world, logday):
    draft = {"residents_received": "2", "notes": "草稿", "issues": [{"resident_name": "王小明"}]}
    reception_log_save_draft(reception=logday.reception, by=world.clerk, draft=draft)
    reception_log_save_draft(reception=logday.reception, by=world.street_staff, draft={**draft, "notes": "改过"})
    log = ReceptionLog.objects.get(reception=logday.reception)
    assert log.draft["notes"] == "改过" and log.draft["issues"] == [{"resident_name": "王小明"}]
    assert log.submitted_at is None
