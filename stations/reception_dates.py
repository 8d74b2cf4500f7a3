"""The dates a reception rule produces: plain date arithmetic, no database, no holidays.

Holidays are applied afterwards by stations.reception_services (through liaison.workdays), so the
date a rule produces (`Reception.rule_date`) stays stable whatever the calendar says.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta

NTH_LAST = -1


def month_starts(start: date, end: date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> date | None:
    """The nth (1–4, or -1 for the last) `weekday` (0 = Monday) of the month; None if it has none."""
    days_in_month = calendar.monthrange(year, month)[1]
    if nth == NTH_LAST:
        last = date(year, month, days_in_month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def month_day(year: int, month: int, day: int) -> date:
    """Day `day` of the month; a month without it (the 31st in April, the 30th in February) gives
    its last day, as a period in months ends under the Civil Code (Art. 202)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def rule_dates(rule, start: date, end: date) -> list[date]:
    """The dates `rule` produces from `start` to `end` (both included), within its validity, sorted."""
    start = max(start, rule.valid_from)
    if rule.valid_until:
        end = min(end, rule.valid_until)
    if start > end:
        return []
    kind = rule.Kind
    if rule.kind == kind.NTH_WEEKDAY:
        found = (nth_weekday(y, m, rule.nth, rule.weekday) for y, m in month_starts(start, end))
    elif rule.kind == kind.MONTH_DAY:
        found = (month_day(y, m, rule.day_of_month) for y, m in month_starts(start, end))
    elif rule.kind == kind.WEEKLY:
        first = start + timedelta(days=(rule.weekday - start.weekday()) % 7)
        found = (first + timedelta(weeks=i) for i in range(((end - first).days // 7) + 1))
    else:
        found = (date.fromisoformat(value) for value in rule.dates)
    return sorted({day for day in found if day is not None and start <= day <= end})
