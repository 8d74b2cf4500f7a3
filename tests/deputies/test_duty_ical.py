"""iCal feeds, parsed back with `icalendar`: stable UIDs, Shanghai times, cancellations, secret tokens."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from deputies import duty_services as ds
from stations import reception_services as rs
from tests.stations.reception_helpers import make_reception

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def receptions(world):
    with time_machine.travel(date(2025, 3, 1), tick=False):
        held = make_reception(
            world.station_a, world.clerk, date(2025, 3, 11), start_time=time(9), end_time=time(11, 30)
        )
        called_off = make_reception(world.station_a, world.clerk, date(2025, 3, 25))
        for reception in (held, called_off):
            ds.duty_assign(reception=reception, deputies=[world.deputy], by=world.clerk)
        rs.reception_cancel(reception=called_off, reason="台风预警", by=world.clerk)
    return held, called_off


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}, calendar


def _fetch(url):
    with time_machine.travel(date(2025, 3, 5), tick=False):
        return Client().get(url)  # no login: the token is the key


def test_deputy_feed(world, receptions):
    held, called_off = receptions
    token = ds.feed_token_for(deputy=world.deputy)

    events, calendar = _events(_fetch(f"/deputies/feeds/{token.token}.ics"))

    assert set(events) == {f"reception-{held.pk}@liaison-portal", f"reception-{called_off.pk}@liaison-portal"}
    event = events[f"reception-{held.pk}@liaison-portal"]
    assert event.decoded("dtstart") == datetime(2025, 3, 11, 9, 0, tzinfo=SHANGHAI)
    assert event.decoded("dtend") == datetime(2025, 3, 11, 11, 30, tzinfo=SHANGHAI)
    assert event["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert str(event["location"]) == "南岭社区联络站"
    assert "张代表" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    assert str(events[f"reception-{called_off.pk}@liaison-portal"]["status"]) == "CANCELLED"


def test_uids_stay_the_same_when_a_reception_moves(world, receptions):
    held, _ = receptions
    token = ds.feed_token_for(node=world.station_a)
    before, _cal = _events(_fetch(f"/deputies/feeds/{token.token}.ics"))
    with time_machine.travel(date(2025, 3, 5), tick=False):
        rs.reception_move(reception=held, new_date=date(2025, 3, 13), reason="会议室占用", by=world.clerk)

    after, _cal = _events(_fetch(f"/deputies/feeds/{token.token}.ics"))

    assert set(after) == set(before)
    assert after[f"reception-{held.pk}@liaison-portal"].decoded("dtstart").date() == date(2025, 3, 13)


def test_a_renewed_token_retires_the_old_url(world, receptions):
    old = ds.feed_token_for(deputy=world.deputy).token
    new = ds.feed_token_regenerate(by=world.deputy_user, deputy=world.deputy).token

    assert new != old
    assert _fetch(f"/deputies/feeds/{old}.ics").status_code == 404
    assert _fetch(f"/deputies/feeds/{new}.ics").status_code == 200
    assert _fetch("/deputies/feeds/guessed-token.ics").status_code == 404


def test_station_feed_lists_only_its_own_receptions(world, receptions):
    with time_machine.travel(date(2025, 3, 1), tick=False):
        make_reception(world.station_b, world.other_clerk, date(2025, 3, 12))
    token = ds.feed_token_for(node=world.station_b)

    events, _cal = _events(_fetch(f"/deputies/feeds/{token.token}.ics"))

    assert len(events) == 1
