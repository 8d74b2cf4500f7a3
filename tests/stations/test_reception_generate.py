"""Generating reception days: holidays, adjusted working days, idempotence, uncovered years."""

from datetime import date, time

import pytest
import time_machine

from liaison.workdays import package_years
from stations import reception_services as rs
from stations.models import AppointmentSlot, Reception, ReceptionMode, ReceptionRule
from stations.tasks import generate_receptions
from tests.stations.reception_helpers import make_rule

K = ReceptionRule.Kind


def _dates(rule):
    return list(Reception.objects.filter(rule=rule).order_by("rule_date").values_list("rule_date", "date", "status"))


def test_national_day_moves_to_the_next_working_day(world):
    rule = make_rule(world.station_a, world.clerk, kind=K.MONTH_DAY, day_of_month=1)

    result = rs.receptions_generate(rule=rule, today=date(2025, 9, 20), until=date(2025, 11, 30))

    # 2025-10-01 to 10-08 are the National Day and Mid-Autumn holidays: the 9th is the first working day.
    assert _dates(rule) == [
        (date(2025, 10, 1), date(2025, 10, 9), "planned"),
        (date(2025, 11, 1), date(2025, 11, 3), "planned"),  # a Saturday moves to Monday
    ]
    assert (result.created, result.shifted, result.unconfirmed) == (2, 2, 0)
    shifted = Reception.objects.get(rule=rule, rule_date=date(2025, 10, 1))
    assert shifted.holiday_shifted and not shifted.calendar_unconfirmed
    assert (shifted.district_id, shifted.street_id, shifted.station_id) == (
        world.district.pk,
        world.street_a.pk,
        world.station_a.pk,
    )


def test_an_adjusted_working_saturday_is_not_moved(world):
    # 2025-10-11 (Saturday) is worked in exchange for the National Day holiday (调休).
    rule = make_rule(world.station_a, world.clerk, kind=K.DATES, dates=["2025-10-11", "2025-10-12"])

    rs.receptions_generate(rule=rule, today=date(2025, 10, 1), until=date(2025, 10, 31))

    assert _dates(rule) == [
        (date(2025, 10, 11), date(2025, 10, 11), "planned"),
        (date(2025, 10, 12), date(2025, 10, 13), "planned"),  # an ordinary Sunday moves to Monday
    ]
    assert not Reception.objects.get(rule_date=date(2025, 10, 11)).holiday_shifted


def test_generating_twice_creates_nothing_twice(world):
    rule = make_rule(world.station_a, world.clerk, kind=K.NTH_WEEKDAY, nth=2, weekday=1)
    first = rs.receptions_generate(rule=rule, today=date(2025, 3, 1), until=date(2025, 5, 31))
    second = rs.receptions_generate(rule=rule, today=date(2025, 3, 1), until=date(2025, 5, 31))

    assert (first.created, second.created) == (3, 0)
    assert [d for d, _, _ in _dates(rule)] == [date(2025, 3, 11), date(2025, 4, 8), date(2025, 5, 13)]


def test_a_moved_or_cancelled_day_is_not_recreated(world):
    rule = make_rule(world.station_a, world.clerk, kind=K.MONTH_DAY, day_of_month=15)
    with time_machine.travel(date(2025, 3, 1), tick=False):
        rs.receptions_generate(rule=rule, until=date(2025, 4, 30))
        march, april = Reception.objects.filter(rule=rule).order_by("date")
        rs.reception_move(reception=march, new_date=date(2025, 3, 20), reason="场地维修", by=world.clerk)
        rs.reception_cancel(reception=april, reason="代表集中培训", by=world.clerk)

        assert rs.receptions_generate(rule=rule, until=date(2025, 4, 30)).created == 0
    assert Reception.objects.filter(rule=rule).count() == 2


def test_two_days_landing_on_one_working_day_keep_one_and_explain_the_other(world):
    # Weekly on Wednesday across the 2025 National Day week: Oct 1 and Oct 8 both move to Oct 9.
    rule = make_rule(world.station_a, world.clerk, kind=K.WEEKLY, weekday=2)

    rs.receptions_generate(rule=rule, today=date(2025, 9, 30), until=date(2025, 10, 15))

    assert _dates(rule) == [
        (date(2025, 10, 1), date(2025, 10, 9), "planned"),
        (date(2025, 10, 8), date(2025, 10, 9), "cancelled"),
        (date(2025, 10, 15), date(2025, 10, 15), "planned"),
    ]
    assert Reception.objects.get(rule_date=date(2025, 10, 8)).change_reason


def test_a_year_the_calendar_does_not_cover_is_flagged_not_guessed(world):
    uncovered = package_years()[-1] + 1
    rule = make_rule(world.station_a, world.clerk, kind=K.MONTH_DAY, day_of_month=1)

    result = rs.receptions_generate(rule=rule, today=date(uncovered - 1, 12, 1), until=date(uncovered, 2, 28))

    rows = {r.rule_date: r for r in Reception.objects.filter(rule=rule)}
    assert result.created == 3 and result.unconfirmed == 2
    assert not rows[date(uncovered - 1, 12, 1)].calendar_unconfirmed
    # New Year's Day is a holiday every year, but without the year's schedule it is not moved.
    assert rows[date(uncovered, 1, 1)].date == date(uncovered, 1, 1)
    assert rows[date(uncovered, 1, 1)].calendar_unconfirmed
    assert not rows[date(uncovered, 1, 1)].holiday_shifted


def test_appointment_receptions_get_their_slots(world):
    rule = make_rule(
        world.station_a,
        world.clerk,
        kind=K.DATES,
        dates=["2025-06-10"],
        mode=ReceptionMode.APPOINTMENT,
        start_time=time(9, 0),
        end_time=time(11, 30),
        slot_minutes=30,
        slot_capacity=3,
    )
    rs.receptions_generate(rule=rule, today=date(2025, 6, 1), until=date(2025, 6, 30))

    slots = AppointmentSlot.objects.filter(reception__rule=rule)
    assert [s.start_time for s in slots] == [time(9, 0), time(9, 30), time(10, 0), time(10, 30), time(11, 0)]
    assert {s.capacity for s in slots} == {3}


def test_the_beat_task_generates_three_months_ahead_for_every_active_rule(world):
    make_rule(world.station_a, world.clerk, kind=K.MONTH_DAY, day_of_month=15)
    make_rule(world.station_b, world.other_clerk, kind=K.MONTH_DAY, day_of_month=20)
    make_rule(world.station_b, world.other_clerk, kind=K.MONTH_DAY, day_of_month=25, is_active=False)

    with time_machine.travel(date(2025, 3, 16), tick=False):
        assert generate_receptions() == 6  # April, May, June for two active rules
        assert generate_receptions() == 0
    assert set(Reception.objects.values_list("date__month", flat=True)) == {3, 4, 5, 6}  # Mar 20 at station_b


@pytest.mark.parametrize(
    "fields,error_field",
    [
        ({"kind": K.NTH_WEEKDAY, "weekday": 1}, "nth"),
        ({"kind": K.WEEKLY, "weekday": 5}, "weekday"),
        ({"kind": K.DATES, "dates": []}, "dates"),
        ({"mode": ReceptionMode.APPOINTMENT}, "slot_minutes"),
        ({"end_time": time(8, 0)}, None),
    ],
)
def test_rule_validation(world, fields, error_field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        make_rule(world.station_a, world.clerk, **fields)
    if error_field:
        assert error_field in raised.value.message_dict
    assert not ReceptionRule.objects.exists()
