"""China's working-day calendar (liaison.workdays): the package, the overrides, uncovered years, services.

Expected dates are read off the State Council's schedules (and checked against both packages), never
computed by the code under test.
"""

from datetime import date, datetime, timedelta

import chinese_calendar
import holidays
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from liaison import workdays
from liaison.models import CalendarDay, CalendarYear
from liaison.workdays import CalendarNotCovered, WorkCalendar
from tests import factories as f


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read messages as written in the source (English); the Chinese UI is checked
    by the browser tests and the translation catalogue."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield



@pytest.fixture
def package_until_2026(monkeypatch):
    """The package as installed when this was written (2004–2026), so that a newer release with 2027
    does not turn the "uncovered year" tests into covered ones."""
    monkeypatch.setattr(workdays, "package_years", lambda: range(2004, 2027))


@pytest.fixture
def staff(db):
    return f.UserFactory(username="calendar-staff")


def _override(day: str, working: bool, note: str = "") -> CalendarDay:
    return CalendarDay.objects.create(date=date.fromisoformat(day), is_working=working, note=note)


# --- the two packages agree -------------------------------------------------------------------------


def test_the_installed_package_covers_2015_to_2026():
    assert workdays.package_covers(2015)
    assert workdays.package_covers(2026)


def test_holidays_and_chinese_calendar_agree_on_every_day_2015_to_2026():
    """RELIABILITY.md: the two packages agree on every day 2015–2026 (holidays 0.109, chinesecalendar 1.11).
    (They differ once before that: 2005-12-31, a Saturday chinesecalendar has as a rest day in the 2006
    New Year holiday and holidays as a working day. Not in the range the portal uses.)"""
    china = holidays.China(years=range(2015, 2027))
    day, differ = date(2015, 1, 1), []
    while day <= date(2026, 12, 31):
        if chinese_calendar.is_workday(day) != china.is_working_day(day):
            differ.append(day)
        day += timedelta(days=1)
    assert differ == []


# --- one day ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2025-10-01", False),  # National Day
        ("2025-10-08", False),  # last day of the 2025 National Day / Mid-autumn holiday
        ("2025-10-09", True),  # Thursday after it
        ("2025-09-28", True),  # Sunday, adjusted working day (调休)
        ("2025-10-11", True),  # Saturday, adjusted working day
        ("2025-10-12", False),  # an ordinary Sunday
        ("2026-02-28", True),  # Saturday, adjusted working day after the 2026 Spring Festival
        ("2026-02-23", False),  # Monday, last day of the 2026 Spring Festival holiday
        ("2024-02-29", True),  # leap day, a Thursday
    ],
)
def test_is_working_day_follows_the_official_schedule(day, working):
    assert workdays.is_working_day(date.fromisoformat(day)) is working


@pytest.mark.django_db
def test_an_override_wins_over_the_package():
    _override("2025-10-09", False, "区里补休")  # a working Thursday made a local rest day
    _override("2025-11-01", True, "区里加班")  # an ordinary Saturday made a working day

    assert workdays.is_working_day(date(2025, 10, 9)) is False
    assert workdays.is_working_day(date(2025, 11, 1)) is True
    assert workdays.next_working_day(date(2025, 10, 1)) == date(2025, 10, 10)


@pytest.mark.django_db
def test_a_year_nobody_has_data_for_is_refused_not_guessed(package_until_2026):
    with pytest.raises(CalendarNotCovered) as caught:
        workdays.is_working_day(date(2027, 10, 1))

    assert caught.value.year == 2027
    assert "2027" in str(caught.value)
    assert workdays.is_covered(2026) is True
    assert workdays.is_covered(2027) is False


@pytest.mark.django_db
def test_a_confirmed_year_is_monday_to_friday_with_its_overrides(package_until_2026):
    _override("2027-10-01", False, "国庆节")  # a Friday
    _override("2027-09-26", True, "调休上班")  # a Sunday
    CalendarYear.objects.create(year=2027)

    assert workdays.is_covered(2027) is True
    assert workdays.is_working_day(date(2027, 10, 1)) is False
    assert workdays.is_working_day(date(2027, 9, 26)) is True
    assert workdays.is_working_day(date(2027, 10, 2)) is False  # a Saturday with no override
    assert workdays.is_working_day(date(2027, 10, 4)) is True  # a Monday with no override


@pytest.mark.django_db
def test_an_override_in_an_unconfirmed_year_answers_for_its_own_day_only(package_until_2026):
    _override("2027-10-01", False, "国庆节")

    assert workdays.is_working_day(date(2027, 10, 1)) is False
    with pytest.raises(CalendarNotCovered):
        workdays.is_working_day(date(2027, 10, 4))


def test_a_datetime_is_refused():
    with pytest.raises(TypeError):
        workdays.is_working_day(datetime(2025, 10, 1, 9, 0))  # noqa: DTZ001 (the point is that it is refused)


# --- counting -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_next_working_day():
    assert workdays.next_working_day(date(2025, 10, 9)) == date(2025, 10, 9)  # a working day: itself
    assert workdays.next_working_day(date(2025, 10, 1)) == date(2025, 10, 9)  # over National Day
    assert workdays.next_working_day(date(2025, 10, 12)) == date(2025, 10, 13)  # Sunday → Monday
    assert workdays.next_working_day(date(2026, 2, 15)) == date(2026, 2, 24)  # over the Spring Festival


@pytest.mark.django_db
def test_add_working_days_skips_holidays_and_counts_adjusted_weekends():
    # Friday 2025-09-26: Sun 28 (调休), Mon 29, Tue 30, [Oct 1–8 holiday], Thu Oct 9, Fri Oct 10.
    assert workdays.add_working_days(date(2025, 9, 26), 5) == date(2025, 10, 10)
    assert workdays.add_working_days(date(2025, 9, 26), 0) == date(2025, 9, 26)
    assert workdays.add_working_days(date(2025, 10, 9), -1) == date(2025, 9, 30)
    # Across a year end: Wed 2025-12-31, [Jan 1–3 2026 holiday], Sun Jan 4 (调休), Mon Jan 5.
    assert workdays.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 4)
    assert workdays.add_working_days(date(2025, 12, 31), 2) == date(2026, 1, 5)


@pytest.mark.django_db
def test_counting_into_an_uncovered_year_raises(package_until_2026):
    with pytest.raises(CalendarNotCovered):
        workdays.add_working_days(date(2026, 12, 30), 5)


# --- cost -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_calendar_for_a_sweep_loads_each_year_once(django_assert_num_queries):
    _override("2025-10-09", False)
    with django_assert_num_queries(2):  # the overrides of both years; the confirmed years among them
        calendar = WorkCalendar.for_years([2025, 2026])
    with django_assert_num_queries(0):
        day, working = date(2025, 1, 1), 0
        while day <= date(2026, 12, 31):
            working += calendar.is_working_day(day)
            day += timedelta(days=1)
    assert calendar.is_working_day(date(2025, 10, 9)) is False
    assert working == 248 + 248 - 1  # 2025 and 2026 have 248 working days each; less the override


@pytest.mark.django_db
def test_a_lazy_calendar_asks_once_per_year(django_assert_num_queries, package_until_2026):
    calendar = WorkCalendar()
    with django_assert_num_queries(1):  # 2025's overrides; the package covers 2025
        for offset in range(365):
            calendar.is_working_day(date(2025, 1, 1) + timedelta(days=offset))
    CalendarYear.objects.create(year=2027)
    with django_assert_num_queries(2):  # 2027's overrides; is 2027 confirmed
        calendar.is_working_day(date(2027, 3, 1))
        calendar.is_working_day(date(2027, 3, 2))


# --- services -------------------------------------------------------------------------------------


def _log(obj):
    return list(
        LogEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
        .order_by("pk")
        .values_list("action_flag", flat=True)
    )


def test_calendar_day_set_adds_then_changes_with_an_audit_row_each(staff):
    added = workdays.calendar_day_set(by=staff, date=date(2025, 10, 9), is_working=False, note="区里补休")
    assert (added.is_working, added.note, added.created_by) == (False, "区里补休", staff)
    assert workdays.is_working_day(date(2025, 10, 9)) is False  # seen at once, no stale cache

    changed = workdays.calendar_day_set(by=staff, date=date(2025, 10, 9), is_working=True, note="取消补休")
    same = workdays.calendar_day_set(by=staff, date=date(2025, 10, 9), is_working=True, note="取消补休")

    assert changed.pk == added.pk == same.pk
    assert CalendarDay.objects.get().note == "取消补休"
    assert _log(added) == [ADDITION, CHANGE]  # saving the same again writes nothing


def test_calendar_day_delete_removes_with_an_audit_row(staff):
    day = workdays.calendar_day_set(by=staff, date=date(2025, 10, 9), is_working=False)
    workdays.calendar_day_delete(by=staff, calendar_day=day)

    assert not CalendarDay.objects.exists()
    assert _log(day) == [ADDITION, DELETION]
    assert workdays.is_working_day(date(2025, 10, 9)) is True


def test_calendar_day_set_refuses_a_too_long_note(staff):
    with pytest.raises(ValidationError) as caught:
        workdays.calendar_day_set(by=staff, date=date(2025, 10, 9), is_working=False, note="长" * 201)
    assert "note" in caught.value.message_dict
    assert not CalendarDay.objects.exists()


def test_calendar_year_confirm_needs_overrides_first(staff, package_until_2026):
    with pytest.raises(ValidationError) as caught:
        workdays.calendar_year_confirm(by=staff, year=2027)
    assert caught.value.message_dict["year"] == ["Enter 2027's holidays and adjusted working days as overrides first."]

    workdays.calendar_day_set(by=staff, date=date(2027, 10, 1), is_working=False, note="国庆节")
    confirmed = workdays.calendar_year_confirm(by=staff, year=2027, note="国办发明电〔2026〕X号")

    assert (confirmed.year, confirmed.confirmed_by) == (2027, staff)
    assert _log(confirmed) == [ADDITION]
    assert workdays.is_covered(2027)
    with pytest.raises(ValidationError, match="already confirmed"):
        workdays.calendar_year_confirm(by=staff, year=2027)


def test_calendar_year_confirm_refuses_a_year_the_package_has(staff):
    workdays.calendar_day_set(by=staff, date=date(2026, 10, 1), is_working=False)
    with pytest.raises(ValidationError, match="already has 2026"):
        workdays.calendar_year_confirm(by=staff, year=2026)
    assert not CalendarYear.objects.exists()


def test_calendar_year_unconfirm_flags_the_year_again(staff, package_until_2026):
    workdays.calendar_day_set(by=staff, date=date(2027, 10, 1), is_working=False)
    confirmed = workdays.calendar_year_confirm(by=staff, year=2027)

    workdays.calendar_year_unconfirm(by=staff, calendar_year=confirmed)

    assert not workdays.is_covered(2027)
    assert _log(confirmed) == [ADDITION, DELETION]
