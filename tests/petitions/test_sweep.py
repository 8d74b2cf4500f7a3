"""The deadline sweep, walked day by day across reminders, the due date and the escalation ladder.

The clock is passed in as `now` (services that read it run under time-machine); nothing sleeps.
A case referred on 2026-03-10 is due on 2026-06-10 (a Wednesday, a working day), so:
remind_30 on 05-11, remind_7 on 06-03, overdue on 06-11, escalate_district on 06-26, supervision on 07-11.
"""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from notifications.models import Notification
from petitions import services
from petitions.models import DeadlineStep, Petition, PetitionEvent
from petitions.sweep import listed_for_supervision, sweep_deadlines

CN = ZoneInfo("Asia/Shanghai")
DUE = dt.date(2026, 6, 10)


def at(day: dt.date, hour: int = 9, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=CN)


def referred_case(world, category, unit, on=dt.date(2026, 3, 10)) -> Petition:
    """A case taken in, assigned to world.deputy and referred to `unit` on `on`."""
    with time_machine.travel(at(on, 10), tick=False):
        case = services.petition_create(
            by=world.clerk,
            node=world.station_a,
            channel=Petition.Channel.STATION,
            resident_name="王小明",
            resident_phone="13812348000",
            category=category,
            content="小区门口路灯坏了两个月。",
        )
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
        services.petition_refer(
            petition=case, by=world.street_staff, unit=unit, route="street", street_opinion="同意转街道办处理"
        )
    return case


def sweep(day: dt.date, **kwargs):
    return sweep_deadlines(now=at(day), **kwargs)


def steps(case) -> list[tuple[str, dt.date]]:
    return list(DeadlineStep.objects.filter(petition=case).order_by("id").values_list("step", "due_on"))


def recipients(case, step: str, due_on: dt.date = DUE) -> list[str]:
    key = f"case:{case.pk}:{step}:{due_on.isoformat()}"
    return sorted(Notification.objects.filter(key=key).values_list("user__username", flat=True))


def system_events(case) -> list[tuple[str, str]]:
    events = PetitionEvent.objects.filter(petition=case, actor_label="system").order_by("id")
    return [(e.action, e.data["step"]) for e in events]


def test_a_case_walks_through_every_reminder_and_escalation_once(world, category, street_office):
    case = referred_case(world, category, street_office)
    assert case.due_on == DUE

    # 31 days before: too early for anything.
    assert sum(sweep(dt.date(2026, 5, 10)).steps.values()) == 0

    # 30 days before: remind_30 to the deputy in charge and the station's clerk, once.
    report = sweep(dt.date(2026, 5, 11))
    assert (report.cases, dict(report.steps), report.notifications) == (1, {"remind_30": 1}, 2)
    assert recipients(case, "remind_30") == ["clerk", "deputy_user"]
    again = sweep(dt.date(2026, 5, 11))
    assert (again.cases, sum(again.steps.values()), again.notifications) == (0, 0, 0)
    assert sum(sweep(dt.date(2026, 6, 2)).steps.values()) == 0

    # 7 days before: remind_7.
    assert dict(sweep(dt.date(2026, 6, 3)).steps) == {"remind_7": 1}
    assert recipients(case, "remind_7") == ["clerk", "deputy_user"]

    # The due date itself, to its last second: not overdue yet (the day ends at 24:00 in China).
    assert sum(sweep_deadlines(now=at(DUE, 23, 59, 59)).steps.values()) == 0
    case.refresh_from_db()
    assert case.overdue_since is None

    # Midnight after the due date: overdue, the street committee's staff are told.
    report = sweep_deadlines(now=dt.datetime(2026, 6, 11, 0, 0, tzinfo=CN))
    assert dict(report.steps) == {"overdue": 1}
    case.refresh_from_db()
    assert case.overdue_since == dt.date(2026, 6, 11)
    assert recipients(case, "overdue") == ["street_staff"]

    # 15 days after the deadline passed: the district's staff supervise (督办).
    assert sum(sweep(dt.date(2026, 6, 25)).steps.values()) == 0
    assert dict(sweep(dt.date(2026, 6, 26)).steps) == {"escalate_district": 1}
    assert recipients(case, "escalate_district") == ["district_staff"]
    assert not Petition.objects.filter(listed_for_supervision()).exists()

    # 30 days after: listed for a supervision meeting.
    assert sum(sweep(dt.date(2026, 7, 10)).steps.values()) == 0
    assert dict(sweep(dt.date(2026, 7, 11)).steps) == {"supervision": 1}
    assert recipients(case, "supervision") == ["district_staff"]
    assert list(Petition.objects.filter(listed_for_supervision())) == [case]

    # Nothing more, ever, for this deadline; the finished case is not even read.
    later = sweep(dt.date(2026, 12, 1))
    assert (later.cases, sum(later.steps.values())) == (0, 0)

    assert steps(case) == [(s, DUE) for s in ("remind_30", "remind_7", "overdue", "escalate_district", "supervision")]
    assert system_events(case) == [
        ("remind", "remind_30"),
        ("remind", "remind_7"),
        ("overdue", "overdue"),
        ("escalate_step", "escalate_district"),
        ("escalate_step", "supervision"),
    ]
    assert (
        Notification.objects.filter(key__startswith=f"case:{case.pk}:").filter(key__contains=":2026-06-10").count() == 7
    )
    case.refresh_from_db()
    assert case.status == Petition.Status.REFERRED  # the sweep reminds; it never moves the case


def test_notices_name_the_case_but_not_the_resident(world, category, street_office):
    case = referred_case(world, category, street_office)
    sweep(dt.date(2026, 6, 11))
    notes = Notification.objects.filter(key__startswith=f"case:{case.pk}:overdue:")
    assert notes.count() == 1
    note = notes.get()
    assert case.tracking_no in note.title and "城市管理" in note.title
    assert note.url == f"/cases/{case.pk}/"
    for text in (note.title, note.body):
        assert "王小明" not in text and "13812348000" not in text and "8000" not in text


def test_a_late_start_gets_the_latest_reminder_only(world, category, street_office):
    """Seen first 5 days before the due date: remind_7 only, never a late remind_30."""
    case = referred_case(world, category, street_office)
    assert dict(sweep(dt.date(2026, 6, 5)).steps) == {"remind_7": 1}
    assert sum(sweep(dt.date(2026, 6, 9)).steps.values()) == 0
    assert [s for s, _ in steps(case)] == ["remind_7"]


def test_a_sweep_down_for_weeks_records_every_ladder_step_reached_but_no_reminder(world, category, street_office):
    case = referred_case(world, category, street_office)
    report = sweep(dt.date(2026, 7, 1))  # 20 days late, first sweep since referral
    assert dict(report.steps) == {"overdue": 1, "escalate_district": 1}
    case.refresh_from_db()
    assert case.overdue_since == dt.date(2026, 6, 11)  # the day it became overdue, not the day seen


def test_an_extension_gets_its_own_reminders(world, category, street_office):
    case = referred_case(world, category, street_office)
    sweep(dt.date(2026, 6, 3))
    sweep(dt.date(2026, 6, 11))
    case.refresh_from_db()
    assert case.overdue_since == dt.date(2026, 6, 11)

    new_due = dt.date(2026, 9, 10)
    with time_machine.travel(at(dt.date(2026, 6, 15)), tick=False):
        services.referral_extend(petition=case, by=world.district_staff, new_due_on=new_due, reason="需协调多个部门")
    case.refresh_from_db()
    assert (case.due_on, case.overdue_since) == (new_due, None)

    # The old deadline's ladder stops: no escalate_district on 06-26.
    assert sum(sweep(dt.date(2026, 6, 26)).steps.values()) == 0
    assert dict(sweep(dt.date(2026, 8, 11)).steps) == {"remind_30": 1}
    assert dict(sweep(dt.date(2026, 9, 3)).steps) == {"remind_7": 1}
    assert dict(sweep(dt.date(2026, 9, 11)).steps) == {"overdue": 1}
    assert recipients(case, "remind_30", new_due) == ["clerk", "deputy_user"]
    assert steps(case) == [
        ("remind_7", DUE),
        ("overdue", DUE),
        ("remind_30", new_due),
        ("remind_7", new_due),
        ("overdue", new_due),
    ]


def test_a_reply_stops_everything(world, category, street_office):
    case = referred_case(world, category, street_office)
    sweep(dt.date(2026, 6, 3))
    with time_machine.travel(at(dt.date(2026, 6, 5)), tick=False):
        services.petition_reply(petition=case, by=world.clerk, reply_text="已更换路灯。", reply_class="A")
    for day in (dt.date(2026, 6, 11), dt.date(2026, 6, 26), dt.date(2026, 7, 11)):
        assert sum(sweep(day).steps.values()) == 0
    assert [s for s, _ in steps(case)] == ["remind_7"]


def test_a_review_re_reply_deadline_gets_its_own_steps(world, category, street_office):
    case = referred_case(world, category, street_office)
    sweep(dt.date(2026, 6, 3))
    with time_machine.travel(at(dt.date(2026, 6, 5)), tick=False):
        services.petition_reply(petition=case, by=world.clerk, reply_text="已更换路灯。", reply_class="A")
        services.petition_inform(petition=case, by=world.clerk)
        services.petition_rate(petition=case, by=world.clerk, rating="unsatisfied", comment="只修了一个")
    case.refresh_from_db()
    # One month from 06-05 is Sunday 07-05: it rolls to Monday 07-06.
    review_due = dt.date(2026, 7, 6)
    assert (case.status, case.due_on) == (Petition.Status.REVIEW, review_due)

    assert sum(sweep(dt.date(2026, 6, 5)).steps.values()) == 0
    assert dict(sweep(dt.date(2026, 6, 6)).steps) == {"remind_30": 1}
    assert dict(sweep(dt.date(2026, 6, 29)).steps) == {"remind_7": 1}
    assert dict(sweep(dt.date(2026, 7, 7)).steps) == {"overdue": 1}
    assert recipients(case, "overdue", review_due) == ["street_staff"]
    assert [(s, d) for s, d in steps(case) if d == review_due] == [
        ("remind_30", review_due),
        ("remind_7", review_due),
        ("overdue", review_due),
    ]


def test_cases_not_awaiting_a_reply_are_left_alone(world, category, street_office):
    case = referred_case(world, category, street_office)
    with time_machine.travel(at(dt.date(2026, 4, 1)), tick=False):
        services.petition_withdraw(petition=case, by=world.clerk, reason="居民撤回")
    assert sum(sweep(dt.date(2026, 6, 11)).steps.values()) == 0
    assert not DeadlineStep.objects.exists()


def test_dry_run_counts_and_writes_nothing(world, category, street_office):
    case = referred_case(world, category, street_office)
    report = sweep(dt.date(2026, 6, 26), dry_run=True)
    assert (report.cases, dict(report.steps), report.notifications) == (1, {"overdue": 1, "escalate_district": 1}, 0)
    case.refresh_from_db()
    assert case.overdue_since is None
    assert not DeadlineStep.objects.exists()
    assert not PetitionEvent.objects.filter(actor_label="system").exists()
    assert not Notification.objects.exists()
    # A dry run after a real one counts only what is still missing.
    sweep(dt.date(2026, 6, 11))
    assert dict(sweep(dt.date(2026, 6, 26), dry_run=True).steps) == {"escalate_district": 1}


def test_the_command_runs_the_same_sweep(world, category, street_office):
    case = referred_case(world, category, street_office)
    out = StringIO()
    call_command("sweep_deadlines", "--dry-run", "--now", "2026-06-11", stdout=out)
    assert "Would record 1 steps on 1 cases (overdue: 1)." in out.getvalue()
    assert not DeadlineStep.objects.exists()

    out = StringIO()
    call_command("sweep_deadlines", "--now", "2026-06-11T08:00", stdout=out)
    assert "Recorded 1 steps on 1 cases (overdue: 1)." in out.getvalue()
    assert "Notifications created: 1." in out.getvalue()
    assert steps(case) == [("overdue", DUE)]


def test_the_command_reads_the_clock_when_not_told(world, category, street_office):
    case = referred_case(world, category, street_office)
    with time_machine.travel(at(dt.date(2026, 6, 3), 9), tick=False):
        call_command("sweep_deadlines", stdout=StringIO())
    assert steps(case) == [("remind_7", DUE)]


def test_the_task_runs_the_sweep(world, category, street_office):
    from petitions.tasks import sweep_deadlines_task

    case = referred_case(world, category, street_office)
    with time_machine.travel(at(dt.date(2026, 5, 11)), tick=False):
        result = sweep_deadlines_task.delay().get()
    assert result["steps"] == {"remind_30": 1}
    assert steps(case) == [("remind_30", DUE)]


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("sweep_deadlines", "--now", "June 11th", stdout=StringIO())


def test_reminder_offsets_and_the_ladder_come_from_settings(settings, world, category, street_office):
    settings.LIAISON_REMINDER_OFFSETS_DAYS = [14]
    settings.LIAISON_ESCALATION_DAYS_AFTER_DUE = [2]
    case = referred_case(world, category, street_office)
    assert sum(sweep(dt.date(2026, 5, 11)).steps.values()) == 0
    assert dict(sweep(dt.date(2026, 5, 27)).steps) == {"remind_14": 1}
    assert sum(sweep(dt.date(2026, 6, 12)).steps.values()) == 0
    assert dict(sweep(dt.date(2026, 6, 13)).steps) == {"overdue": 1}  # 2 days after the deadline passed
    assert sum(sweep(dt.date(2026, 12, 1)).steps.values()) == 0
    assert [s for s, _ in steps(case)] == ["remind_14", "overdue"]


@pytest.mark.parametrize("cases", [2, 12])
def test_a_sweep_costs_the_same_queries_for_2_or_12_cases_due(
    world, category, street_office, cases, django_assert_num_queries
):
    """Steps, events and notices of a batch are written together (notify_many), never per case."""
    for _ in range(cases):
        referred_case(world, category, street_office)
    sweep(dt.date(2026, 5, 10))  # nothing due yet: warms the calendar and content types
    with django_assert_num_queries(QUERIES_PER_SWEEP_BATCH):
        report = sweep(dt.date(2026, 5, 11))
    assert (dict(report.steps), report.notifications) == ({"remind_30": cases}, 2 * cases)
    assert Notification.objects.filter(kind="case_reminder").count() == 2 * cases


QUERIES_PER_SWEEP_BATCH = 14
