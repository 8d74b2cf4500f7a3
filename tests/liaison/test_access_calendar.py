"""Access rows for the working-day calendar page (stations app; calendar in liaison.workdays)."""

from datetime import date

import pytest

from liaison.models import CalendarDay, CalendarYear
from tests.access import FORBIDDEN, LOGIN, OK, Row, check, everyone, params

# 2099: a year no calendar package will have, so that confirming it stays allowed.
FAR_YEAR = 2099


def _managers_only():
    return everyone(FORBIDDEN, district_staff=OK, admin=OK)


def _override(w):
    day, _ = CalendarDay.objects.get_or_create(date=date(FAR_YEAR, 10, 1), defaults={"is_working": False})
    return day


def _confirmed(w):
    _override(w)
    confirmed, _ = CalendarYear.objects.get_or_create(year=FAR_YEAR)
    return confirmed


def _year_to_confirm(w):
    _override(w)
    return {"year": FAR_YEAR, "note": "国办发明电"}


ROWS = [
    Row("stations:calendar", lambda w: "/network/calendar/", _managers_only()),
    Row("stations:calendar", lambda w: "/network/calendar/?year=2025", _managers_only()),
    Row(
        "stations:calendar_day_set",
        lambda w: "/network/calendar/days/",
        _managers_only(),
        method="post",
        data=lambda w: {"date": "2025-10-09", "is_working": "0", "note": "区里补休"},
    ),
    Row(
        "stations:calendar_day_delete",
        lambda w: f"/network/calendar/days/{_override(w).pk}/delete/",
        _managers_only(),
        method="post",
    ),
    Row(
        "stations:calendar_year_confirm",
        lambda w: "/network/calendar/years/",
        _managers_only(),
        method="post",
        data=_year_to_confirm,
    ),
    Row(
        "stations:calendar_year_unconfirm",
        lambda w: f"/network/calendar/years/{_confirmed(w).pk}/delete/",
        _managers_only(),
        method="post",
    ),
]

assert all(row.expect["anonymous"] == LOGIN for row in ROWS)


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
