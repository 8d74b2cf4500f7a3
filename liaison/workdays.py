"""China's working-day calendar with local overrides: the one place that says whether a day is worked.

Who decides, for one day:
1. an override row (CalendarDay), entered by district staff;
2. the `chinesecalendar` package, for the years it has the State Council's schedule for;
3. for a year confirmed in CalendarYear (its schedule entered as overrides): Monday to Friday;
4. otherwise `CalendarNotCovered`: a year nobody has data for is flagged, never guessed. (The
   `holidays` package would answer for any year from its rules; it is only a cross-check in tests.)

Cost: a `WorkCalendar` reads a year's overrides on first use (one query; one more for a year the
package does not cover) and keeps them for its own life. Build one per request or per sweep and
pass it along (`WorkCalendar.for_years(...)` loads several years in two queries); the module-level
functions build a fresh one per call. Nothing outlives the object, so an override saved in the web
process is seen at once by the Celery worker and beat.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import chinese_calendar
from chinese_calendar.constants import holidays as _package_holidays
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, DELETED, record_change
from liaison.errors import DomainError
from liaison.models import CalendarDay, CalendarYear

ONE_DAY = timedelta(days=1)


class CalendarNotCovered(DomainError):
    """The calendar has no data for `year`: neither the package nor a confirmed schedule."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            _(
                "The working-day calendar does not cover %(year)s yet. District staff can enter that year's "
                "holidays and adjusted working days on the Working-day calendar page and confirm the year."
            )
            % {"year": year}
        )


@functools.cache
def package_years() -> range:
    """The years the installed `chinesecalendar` has the official schedule for (e.g. 2004–2026)."""
    years = {day.year for day in _package_holidays}
    return range(min(years), max(years) + 1)


def package_covers(year: int) -> bool:
    return year in package_years()


def package_is_working_day(day: date) -> bool | None:
    """What the package alone says (None outside its years); for showing beside an override."""
    return chinese_calendar.is_workday(day) if package_covers(day.year) else None


def _check_date(day) -> None:
    # A datetime is a date too, but it would never match an override's key: refuse it loudly.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}")


class WorkCalendar:
    """The calendar with the overrides, loaded lazily per year and kept for this object's life."""

    def __init__(self):
        self._overrides: dict[int, dict[date, bool]] = {}
        self._confirmed: dict[int, bool] = {}

    @classmethod
    def for_years(cls, years: Iterable[int]) -> WorkCalendar:
        """A calendar with `years` loaded up front: two queries however many years."""
        calendar = cls()
        years = sorted(set(years))
        if not years:
            return calendar
        calendar._overrides = {year: {} for year in years}
        rows = CalendarDay.objects.filter(date__range=(date(years[0], 1, 1), date(years[-1], 12, 31)))
        for day, working in rows.values_list("date", "is_working"):
            if day.year in calendar._overrides:
                calendar._overrides[day.year][day] = working
        confirmed = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
        calendar._confirmed = {year: year in confirmed for year in years}
        return calendar

    def _overrides_of(self, year: int) -> dict[date, bool]:
        if year not in self._overrides:
            rows = CalendarDay.objects.filter(date__range=(date(year, 1, 1), date(year, 12, 31)))
            self._overrides[year] = dict(rows.values_list("date", "is_working"))
        return self._overrides[year]

    def _is_confirmed(self, year: int) -> bool:
        if year not in self._confirmed:
            self._confirmed[year] = CalendarYear.objects.filter(year=year).exists()
        return self._confirmed[year]

    def is_covered(self, year: int) -> bool:
        return package_covers(year) or self._is_confirmed(year)

    def is_working_day(self, day: date) -> bool:
        _check_date(day)
        override = self._overrides_of(day.year).get(day)
        if override is not None:
            return override
        if package_covers(day.year):
            return chinese_calendar.is_workday(day)
        if self._is_confirmed(day.year):
            return day.weekday() < 5
        raise CalendarNotCovered(day.year)

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """The n-th working day after `day` (`day` itself not counted); n < 0 counts back; n == 0 is `day`."""
        _check_date(day)
        step = ONE_DAY if n >= 0 else -ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day


def is_working_day(day: date, *, calendar: WorkCalendar | None = None) -> bool:
    return (calendar or WorkCalendar()).is_working_day(day)


def next_working_day(day: date, *, calendar: WorkCalendar | None = None) -> date:
    return (calendar or WorkCalendar()).next_working_day(day)


def add_working_days(day: date, n: int, *, calendar: WorkCalendar | None = None) -> date:
    return (calendar or WorkCalendar()).add_working_days(day, n)


def is_covered(year: int, *, calendar: WorkCalendar | None = None) -> bool:
    return (calendar or WorkCalendar()).is_covered(year)


# Writes: district staff through the calendar page (stations app) and the admin.


@transaction.atomic
def calendar_day_set(*, by, date: date, is_working: bool, note: str = "") -> CalendarDay:
    """Add the override for `date`, or change the one already there."""
    _check_date(date)
    calendar_day = CalendarDay.objects.select_for_update().filter(date=date).first()
    if calendar_day is None:
        calendar_day = CalendarDay(date=date, is_working=is_working, note=note, created_by=by)
        calendar_day.full_clean(validate_unique=False)
        try:
            with transaction.atomic():  # a savepoint: the same date added at once elsewhere is a form error
                calendar_day.save()
        except IntegrityError as error:
            raise ValidationError({"date": [_("This day was just added by someone else; reload the page.")]}) from error
        record_change(by=by, obj=calendar_day, action=ADDED, message=_("Override added."))
        return calendar_day
    if (calendar_day.is_working, calendar_day.note) == (is_working, note):
        return calendar_day
    calendar_day.is_working, calendar_day.note = is_working, note
    calendar_day.full_clean(validate_unique=False)
    calendar_day.save(update_fields=["is_working", "note"])
    record_change(by=by, obj=calendar_day, action=CHANGED, message=_("Override changed."))
    return calendar_day


@transaction.atomic
def calendar_day_delete(*, by, calendar_day: CalendarDay) -> None:
    record_change(by=by, obj=calendar_day, action=DELETED, message=_("Override removed."))
    CalendarDay.objects.filter(pk=calendar_day.pk).delete()


def check_year_confirmable(year: int) -> None:
    """The rules of `calendar_year_confirm`, for forms that want them beside the field."""
    if package_covers(year):
        raise ValidationError(
            {"year": [_("The calendar package already has %(year)s; enter only local changes.") % {"year": year}]}
        )
    if CalendarYear.objects.filter(year=year).exists():
        raise ValidationError({"year": [_("%(year)s is already confirmed.") % {"year": year}]})
    # Monday to Friday with no holiday at all is never China's schedule: the overrides come first.
    if not CalendarDay.objects.filter(date__range=(date(year, 1, 1), date(year, 12, 31))).exists():
        raise ValidationError(
            {"year": [_("Enter %(year)s's holidays and adjusted working days as overrides first.") % {"year": year}]}
        )


@transaction.atomic
def calendar_year_confirm(*, by, year: int, note: str = "") -> CalendarYear:
    """Mark `year` as covered: its official holidays and adjusted working days are entered as overrides."""
    check_year_confirmable(year)
    calendar_year = CalendarYear(year=year, note=note, confirmed_by=by)
    calendar_year.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            calendar_year.save()
    except IntegrityError as error:
        raise ValidationError({"year": [_("%(year)s is already confirmed.") % {"year": year}]}) from error
    record_change(by=by, obj=calendar_year, action=ADDED, message=_("Year confirmed as covered."))
    return calendar_year


@transaction.atomic
def calendar_year_unconfirm(*, by, calendar_year: CalendarYear) -> None:
    """Take back a confirmation: the year's dates are flagged as not covered again."""
    record_change(by=by, obj=calendar_year, action=DELETED, message=_("Year confirmation withdrawn."))
    CalendarYear.objects.filter(pk=calendar_year.pk).delete()


# Reads for the calendar page.


def calendar_overview(today: date) -> list[dict]:
    """This year and next, each with where its data comes from: "package", "confirmed" or None. One query."""
    years = [today.year, today.year + 1]
    confirmed = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    rows = []
    for year in years:
        source = "package" if package_covers(year) else "confirmed" if year in confirmed else None
        rows.append({"year": year, "source": source, "covered": source is not None})
    return rows
