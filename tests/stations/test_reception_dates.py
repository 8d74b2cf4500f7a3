"""The dates each kind of rule produces, across month ends and leap years (no holidays here)."""

from datetime import date
from types import SimpleNamespace

import pytest

from stations.models import ReceptionRule
from stations.reception_dates import month_day, nth_weekday, rule_dates

K = ReceptionRule.Kind
TUE, WED, FRI = 1, 2, 4


def _rule(kind, **fields):
    values = {"nth": None, "weekday": None, "day_of_month": None, "dates": [], "valid_from": date(2000, 1, 1)}
    values.update(fields)
    return SimpleNamespace(Kind=K, kind=kind, valid_until=values.pop("valid_until", None), **values)


@pytest.mark.parametrize(
    "year,month,nth,weekday,expected",
    [
        (2025, 3, 2, TUE, date(2025, 3, 11)),  # Nanling: the second Tuesday
        (2025, 4, 1, TUE, date(2025, 4, 1)),  # the 1st itself is a Tuesday
        (2025, 12, -1, WED, date(2025, 12, 31)),  # the last Wednesday is the month's last day
        (2028, 2, -1, TUE, date(2028, 2, 29)),  # leap day
        (2027, 2, -1, TUE, date(2027, 2, 23)),
        (2025, 1, 4, FRI, date(2025, 1, 24)),
    ],
)
def test_nth_weekday(year, month, nth, weekday, expected):
    assert nth_weekday(year, month, nth, weekday) == expected


@pytest.mark.parametrize(
    "year,month,day,expected",
    [
        (2025, 1, 31, date(2025, 1, 31)),
        (2025, 2, 31, date(2025, 2, 28)),  # documented choice: the month's last day
        (2028, 2, 31, date(2028, 2, 29)),  # leap year
        (2028, 2, 30, date(2028, 2, 29)),
        (2025, 4, 31, date(2025, 4, 30)),
        (2025, 2, 15, date(2025, 2, 15)),
    ],
)
def test_month_day_falls_back_to_the_last_day(year, month, day, expected):
    assert month_day(year, month, day) == expected


def test_month_day_rule_over_a_leap_february():
    rule = _rule(K.MONTH_DAY, day_of_month=31)
    assert rule_dates(rule, date(2028, 1, 1), date(2028, 4, 30)) == [
        date(2028, 1, 31),
        date(2028, 2, 29),
        date(2028, 3, 31),
        date(2028, 4, 30),
    ]


def test_nth_weekday_rule_over_a_year_end():
    rule = _rule(K.NTH_WEEKDAY, nth=2, weekday=TUE)
    assert rule_dates(rule, date(2025, 12, 1), date(2026, 2, 28)) == [
        date(2025, 12, 9),
        date(2026, 1, 13),
        date(2026, 2, 10),
    ]


def test_weekly_rule_starts_on_the_first_matching_day_and_includes_the_end():
    rule = _rule(K.WEEKLY, weekday=WED)
    assert rule_dates(rule, date(2028, 2, 24), date(2028, 3, 8)) == [
        date(2028, 3, 1),
        date(2028, 3, 8),
    ]
    assert rule_dates(rule, date(2028, 2, 23), date(2028, 2, 23)) == [date(2028, 2, 23)]


def test_explicit_dates_are_kept_within_the_window_and_validity():
    rule = _rule(K.DATES, dates=["2025-03-04", "2025-03-18", "2025-02-01", "2025-04-01"], valid_until=date(2025, 3, 31))
    assert rule_dates(rule, date(2025, 3, 1), date(2025, 12, 31)) == [date(2025, 3, 4), date(2025, 3, 18)]


def test_nothing_before_valid_from():
    rule = _rule(K.MONTH_DAY, day_of_month=15, valid_from=date(2025, 3, 16))
    assert rule_dates(rule, date(2025, 3, 1), date(2025, 4, 30)) == [date(2025, 4, 15)]
