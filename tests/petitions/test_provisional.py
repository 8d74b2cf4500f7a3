"""A due date in a year the holiday calendar does not cover yet is provisional: the overdue ladder
waits, and the sweep makes the date final once district staff enter and confirm that year."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from liaison import workdays
from petitions import services
from petitions.models import DeadlineStep, Petition, Referral
from petitions.sweep import sweep_deadlines

CN = ZoneInfo("Asia/Shanghai")


def _referred_case(world, category, street_office):
    with time_machine.travel(dt.datetime(2026, 11, 26, 10, 0, tzinfo=CN), tick=False):
        case = services.petition_create(
            by=world.clerk, node=world.station_a, channel=Petition.Channel.STATION, resident_name="王小明",
            resident_phone="13812348000", category=category, content="路灯坏了",
        )
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
        services.petition_refer(petition=case, by=world.street_staff, unit=street_office, route="street",
                                street_opinion="同意")
    return case


def test_the_ladder_waits_for_a_final_date_and_the_sweep_confirms_it(world, category, street_office):
    case = _referred_case(world, category, street_office)
    # 2026-11-26 + 3 months = 2027-02-26: the calendar package stops at 2026.
    assert (case.due_on, case.due_provisional) == (dt.date(2027, 2, 26), True)

    report = sweep_deadlines(now=dt.datetime(2027, 2, 28, 10, 0, tzinfo=CN))
    assert report.confirmed == 0 and "overdue" not in report.steps
    assert not DeadlineStep.objects.filter(petition=case, step="overdue").exists()

    # District staff enter 2027: the 26th of February is declared a rest day, and the year confirmed.
    workdays.calendar_day_set(by=world.district_staff, date=dt.date(2027, 2, 26), is_working=False, note="调休")
    workdays.calendar_year_confirm(by=world.district_staff, year=2027)
    report = sweep_deadlines(now=dt.datetime(2027, 2, 28, 10, 0, tzinfo=CN))
    case.refresh_from_db()
    assert report.confirmed == 1
    assert (case.due_on, case.due_provisional) == (dt.date(2027, 3, 1), False)
    assert Referral.objects.get(petition=case).reply_due_on == dt.date(2027, 3, 1)
    assert case.events.filter(action="comment", actor_label="system").count() == 1
    assert "overdue" not in report.steps  # the final date has not passed yet

    report = sweep_deadlines(now=dt.datetime(2027, 3, 2, 9, 0, tzinfo=CN))
    assert report.steps["overdue"] == 1
    assert sweep_deadlines(now=dt.datetime(2027, 3, 2, 9, 5, tzinfo=CN)).confirmed == 0  # nothing left to confirm
