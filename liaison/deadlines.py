"""Periods by China's Civil Code, arts. 201–204, on the working-day calendar of liaison.workdays.

- Art. 201: the start day is not counted; the period runs from the next day.
- Art. 202: a period in months ends on the same-numbered day of the final month, or on that month's
  last day when it has none (2025-11-30 + 3 months → 2026-02-28; 2023-11-29 → 2024-02-29).
- Art. 203: a last day on a statutory holiday (or rest day) moves to the day after it, i.e. the next
  working day; an adjusted working weekend day (调休) is a working day and does not move. The last
  day ends at 24:00.
The periods themselves (3 months to reply, …) are settings: LIAISON_REPLY_PERIOD_MONTHS and friends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from liaison.workdays import CalendarNotCovered, WorkCalendar

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Deadline:
    due_on: date
    # True when the calendar does not cover the year needed: `due_on` is not moved off holidays yet.
    provisional: bool = False
    # Why `due_on` is what it is, for people: moved off a rest day, or provisional. "" when plain.
    reason: str = ""


def period_end(
    start: date,
    *,
    months: int = 0,
    days: int = 0,
    roll_to_working_day: bool = True,
    calendar: WorkCalendar | None = None,
) -> Deadline:
    """The last day of a period of `months` and then `days` that starts on `start`.

    1. Count from the day after `start` (Art. 201): `start` + `days` is the last day of a period of days.
    2. Months by relativedelta, which falls back to the month's last day (Art. 202).
    3. Move a last day that is not a working day to the next working day (Art. 203), unless told not to.
    4. A year the calendar does not cover: the unmoved date, provisional, with the reason.
    """
    if isinstance(start, datetime):
        raise TypeError("period_end takes the local date, not a datetime")
    if months < 0 or days < 0:
        raise ValueError("a period cannot be negative")
    end = start + relativedelta(months=months, days=days)
    if not roll_to_working_day:
        return Deadline(end)
    try:
        due_on = (calendar or WorkCalendar()).next_working_day(end)
    except CalendarNotCovered as error:
        reason = _(
            "The period ends on %(date)s, in %(year)s, which the working-day calendar does not cover yet: "
            "the date is provisional until that year's holidays are entered."
        ) % {"date": end.isoformat(), "year": error.year}
        return Deadline(end, provisional=True, reason=reason)
    if due_on == end:
        return Deadline(end)
    reason = _("The period ends on %(end)s, not a working day; it moves to the next working day, %(due)s.") % {
        "end": end.isoformat(),
        "due": due_on.isoformat(),
    }
    return Deadline(due_on, reason=reason)


def end_of_day(due_on: date) -> datetime:
    """When the last day is over: 24:00 in China (Art. 203), i.e. the next day's 00:00, EXCLUSIVE.

    A case is overdue when `now >= end_of_day(due_on)`. An exclusive bound has no 23:59:59.999999 to
    lose to a rounding database or serializer.
    """
    return datetime.combine(due_on + timedelta(days=1), time.min, tzinfo=CHINA)


def days_until(due_on: date, today: date) -> int:
    """Whole days from `today` (the local date in China) to `due_on`: 0 on the day, negative when overdue."""
    return (due_on - today).days
