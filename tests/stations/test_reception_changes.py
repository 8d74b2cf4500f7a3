"""Moving and cancelling one reception, and changing a rule: each recorded with its reason."""

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError

from liaison.audit import history_of
from liaison.errors import DomainError
from stations import reception_services as rs
from stations.models import Reception, ReceptionRule
from tests.stations.reception_helpers import make_reception, make_rule

pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(date(2025, 3, 1), tick=False):
        yield


def test_move_keeps_the_original_date_and_records_the_reason(world):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))

    rs.reception_move(reception=reception, new_date=date(2025, 3, 13), reason="会议室占用", by=world.clerk)
    rs.reception_move(reception=reception, new_date=date(2025, 3, 14), reason="再次调整", by=world.clerk)

    reception.refresh_from_db()
    assert (reception.date, reception.moved_from, reception.change_reason) == (
        date(2025, 3, 14),
        date(2025, 3, 11),
        "再次调整",
    )
    messages = sorted(entry.change_message for entry in history_of(reception))  # the clock is frozen: no order
    (moved,) = [m for m in messages if "会议室占用" in m]
    assert "2025-03-11" in moved and "2025-03-13" in moved
    assert {entry.user for entry in history_of(reception)} == {world.clerk}


def test_move_needs_a_reason_and_a_future_date(world):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))
    with pytest.raises(ValidationError) as no_reason:
        rs.reception_move(reception=reception, new_date=date(2025, 3, 12), reason="  ", by=world.clerk)
    with pytest.raises(ValidationError) as past:
        rs.reception_move(reception=reception, new_date=date(2025, 2, 27), reason="补办", by=world.clerk)
    assert "reason" in no_reason.value.message_dict and "new_date" in past.value.message_dict
    reception.refresh_from_db()
    assert reception.date == date(2025, 3, 11) and reception.moved_from is None


def test_cancel_records_the_reason_and_a_cancelled_reception_cannot_change(world):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))

    rs.reception_cancel(reception=reception, reason="台风预警", by=world.street_staff)

    reception.refresh_from_db()
    assert (reception.status, reception.change_reason) == (Reception.Status.CANCELLED, "台风预警")
    assert [e.user for e in history_of(reception) if "台风预警" in e.change_message] == [world.street_staff]
    with pytest.raises(DomainError):
        rs.reception_cancel(reception=reception, reason="again", by=world.clerk)
    with pytest.raises(DomainError):
        rs.reception_move(reception=reception, new_date=date(2025, 3, 20), reason="x", by=world.clerk)


def test_a_rule_change_reaches_future_planned_days_but_not_moved_ones(world):
    rule = make_rule(world.station_a, world.clerk, kind=ReceptionRule.Kind.MONTH_DAY, day_of_month=17)
    rs.receptions_generate(rule=rule, until=date(2025, 5, 31))
    march, april, may = Reception.objects.filter(rule=rule).order_by("date")
    rs.reception_move(reception=april, new_date=date(2025, 4, 18), reason="区人代会", by=world.clerk)

    rs.rule_update(by=world.clerk, rule=rule, start_time=time(14, 30), end_time=time(17, 0), place="新址")

    march.refresh_from_db(), april.refresh_from_db(), may.refresh_from_db()
    assert (march.start_time, march.place) == (time(14, 30), "新址")
    assert (may.start_time, may.place) == (time(14, 30), "新址")
    assert (april.start_time, april.place) != (time(14, 30), "新址")  # moved by hand: left alone


def test_a_new_schedule_cancels_the_days_it_no_longer_has_and_generates_its_own(world):
    rule = make_rule(world.station_a, world.clerk, kind=ReceptionRule.Kind.MONTH_DAY, day_of_month=17)
    rs.receptions_generate(rule=rule, until=date(2025, 4, 30))

    rule = rs.rule_update(by=world.clerk, rule=rule, kind=ReceptionRule.Kind.NTH_WEEKDAY, nth=2, weekday=1)
    rs.receptions_generate(rule=rule, until=date(2025, 4, 30))

    rows = list(Reception.objects.filter(rule=rule).order_by("rule_date").values_list("rule_date", "status"))
    assert rows == [
        (date(2025, 3, 11), "planned"),
        (date(2025, 3, 17), "cancelled"),
        (date(2025, 4, 8), "planned"),
        (date(2025, 4, 17), "cancelled"),
    ]


def test_deactivating_a_rule_cancels_its_future_days(world):
    rule = make_rule(world.station_a, world.clerk, kind=ReceptionRule.Kind.MONTH_DAY, day_of_month=17)
    rs.receptions_generate(rule=rule, until=date(2025, 4, 30))

    rs.rule_update(by=world.clerk, rule=rule, is_active=False)

    assert set(Reception.objects.filter(rule=rule).values_list("status", flat=True)) == {"cancelled"}
