"""Periods by China's Civil Code, arts. 201–204 (liaison.deadlines).

Every expected date was read off the calendar by hand and checked with both chinesecalendar 1.11 and
holidays 0.109 (they agree on each): none is computed by the code under test.
"""

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation

from liaison import workdays
from liaison.deadlines import Deadline, days_until, end_of_day, period_end
from liaison.models import CalendarDay, CalendarYear


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read messages as written in the source (English); the Chinese UI is checked
    by the browser tests and the translation catalogue."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


CHINA = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def package_until_2026(monkeypatch):
    """Pin the package's years to 2004–2026 so that a newer release with 2027 keeps 2027 uncovered here."""
    monkeypatch.setattr(workdays, "package_years", lambda: range(2004, 2027))


D = date.fromisoformat

# (received, months, days, due_on, moved) — due_on as read off the official schedule.
TABLE = [
    # Nov 30 + 3 months: February has no 30th, so its last day, Sat 2026-02-28. That Saturday is an
    # adjusted working day (调休) after the 2026 Spring Festival in both packages: it does not move.
    ("2025-11-30", 3, 0, "2026-02-28", False),
    # Leap year: Nov 29 2023 + 3 months → Thu 2024-02-29, a working day.
    ("2023-11-29", 3, 0, "2024-02-29", False),
    ("2023-11-30", 3, 0, "2024-02-29", False),
    # Month ends: Jan 31 + 1 month → the last day of February (29 in 2024, 28 in 2025: a Friday).
    ("2024-01-31", 1, 0, "2024-02-29", False),
    ("2025-01-31", 1, 0, "2025-02-28", False),
    # Leap day + 12 months → Fri 2025-02-28.
    ("2024-02-29", 12, 0, "2025-02-28", False),
    # Ends on National Day 2025-10-01; Oct 1–8 is the holiday (National Day + Mid-autumn): Thu Oct 9.
    ("2025-07-01", 3, 0, "2025-10-09", True),
    # Ends on adjusted working days of the same holiday: Sun 2025-09-28 and Sat 2025-10-11 do not move.
    ("2025-06-28", 3, 0, "2025-09-28", False),
    ("2025-07-11", 3, 0, "2025-10-11", False),
    # Ends on Mon 2026-02-16, inside the Spring Festival holiday (Feb 15–23): Tue 2026-02-24.
    ("2025-11-16", 3, 0, "2026-02-24", True),
    # An ordinary weekend is a rest day too: Sat 2025-11-01 → Mon 2025-11-03.
    ("2025-10-01", 1, 0, "2025-11-03", True),
    # Ends on Labour Day 2025 (May 1–5 holiday): Tue 2025-05-06.
    ("2025-04-01", 1, 0, "2025-05-06", True),
    # Days: the start day is not counted. Sep 20 + 15 days = Sun Oct 5, in the holiday → Thu Oct 9.
    ("2025-09-20", 0, 15, "2025-10-09", True),
    ("2025-09-20", 0, 1, "2025-09-22", True),  # Sun Sep 21 is an ordinary Sunday → Mon Sep 22
    ("2025-09-27", 0, 1, "2025-09-28", False),  # Sun Sep 28 is a working day
]


@pytest.mark.django_db
@pytest.mark.parametrize(("received", "months", "days", "due", "moved"), TABLE)
def test_period_end_table(received, months, days, due, moved):
    deadline = period_end(D(received), months=months, days=days)

    assert deadline.due_on == D(due)
    assert deadline.provisional is False
    assert bool(deadline.reason) is moved  # a moved date says why


@pytest.mark.django_db
def test_a_moved_date_says_from_where():
    deadline = period_end(D("2025-07-01"), months=3)
    assert deadline == Deadline(
        D("2025-10-09"),
        reason="The period ends on 2025-10-01, not a working day; it moves to the next working day, 2025-10-09.",
    )


@pytest.mark.django_db
def test_without_rolling_the_date_is_the_plain_period_end():
    assert period_end(D("2025-07-01"), months=3, roll_to_working_day=False) == Deadline(D("2025-10-01"))


@pytest.mark.django_db
def test_an_end_in_an_uncovered_year_is_provisional_and_not_moved(package_until_2026):
    # 2026-11-26 + 3 months = Fri 2027-02-26; the packages pinned here end in 2026.
    deadline = period_end(D("2026-11-26"), months=3)

    assert deadline.due_on == D("2027-02-26")
    assert deadline.provisional is True
    assert "2027" in deadline.reason
    # Not rolling needs no calendar, so nothing is provisional.
    assert period_end(D("2026-11-26"), months=3, roll_to_working_day=False) == Deadline(D("2027-02-26"))


@pytest.mark.django_db
def test_a_period_of_days_into_an_uncovered_year_is_provisional(package_until_2026):
    # Dec 20 2026 + 15 days = Mon 2027-01-04.
    deadline = period_end(D("2026-12-20"), days=15)
    assert (deadline.due_on, deadline.provisional) == (D("2027-01-04"), True)


@pytest.mark.django_db
def test_a_confirmed_year_rolls_by_its_overrides(package_until_2026):
    # A made-up 2027 schedule: Oct 1–7 rest days, Sat Oct 9 an adjusted working day.
    for day in range(1, 8):
        CalendarDay.objects.create(date=date(2027, 10, day), is_working=False, note="国庆节")
    CalendarDay.objects.create(date=date(2027, 10, 9), is_working=True, note="调休上班")
    CalendarYear.objects.create(year=2027)

    # Jul 1 + 3 months = Fri Oct 1 (a holiday) → Fri Oct 8, the first working day after Oct 1–7.
    assert period_end(D("2027-07-01"), months=3).due_on == D("2027-10-08")
    # Jul 9 + 3 months = Sat Oct 9, an adjusted working day: not moved.
    assert period_end(D("2027-07-09"), months=3) == Deadline(D("2027-10-09"))
    # Jul 16 + 3 months = Sat Oct 16, no override: a plain Saturday → Mon Oct 18.
    assert period_end(D("2027-07-16"), months=3).due_on == D("2027-10-18")
    assert not period_end(D("2027-07-16"), months=3).provisional


@pytest.mark.django_db
def test_a_local_rest_day_moves_a_deadline():
    CalendarDay.objects.create(date=D("2025-10-09"), is_working=False, note="区里补休")
    assert period_end(D("2025-07-01"), months=3).due_on == D("2025-10-10")


def test_a_negative_period_or_a_datetime_is_refused():
    with pytest.raises(ValueError):
        period_end(D("2025-07-01"), months=-1)
    with pytest.raises(TypeError):
        period_end(datetime(2025, 7, 1, tzinfo=CHINA), months=3)


def test_end_of_day_is_the_next_midnight_in_china_exclusive():
    end = end_of_day(D("2026-02-28"))

    assert end == datetime(2026, 3, 1, 0, 0, tzinfo=CHINA)
    assert end == datetime(2026, 2, 28, 16, 0, tzinfo=ZoneInfo("UTC"))  # 24:00 in Beijing is 16:00 UTC
    assert datetime(2026, 2, 28, 23, 59, 59, 999999, tzinfo=CHINA) < end  # still in time
    assert end_of_day(D("2024-12-31")) == datetime(2025, 1, 1, tzinfo=CHINA)


def test_days_until():
    assert days_until(D("2026-02-28"), D("2026-01-29")) == 30
    assert days_until(D("2026-02-28"), D("2026-02-28")) == 0
    assert days_until(D("2026-02-28"), D("2026-03-02")) == -2
    assert days_until(D("2024-03-01"), D("2024-02-28")) == 2  # leap year


def test_deadline_settings_defaults():
    assert settings.LIAISON_REPLY_PERIOD_MONTHS == 3
    assert settings.LIAISON_REPLY_ROLL_TO_WORKING_DAY is True
    assert settings.LIAISON_EXTENSION_MAX_MONTHS == 6
    assert settings.LIAISON_REREPLY_PERIOD_MONTHS == 1
    assert settings.LIAISON_REMINDER_OFFSETS_DAYS == [30, 7]
    assert settings.LIAISON_ESCALATION_DAYS_AFTER_DUE == [0, 15, 30]


def test_deadline_settings_read_the_environment(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.LIAISON_REPLY_PERIOD_MONTHS, s.LIAISON_REPLY_ROLL_TO_WORKING_DAY, "
        "s.LIAISON_REMINDER_OFFSETS_DAYS, s.LIAISON_ESCALATION_DAYS_AFTER_DUE)"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DEBUG": "1",
        "LIAISON_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "liaison.settings",
        "LIAISON_REPLY_PERIOD_MONTHS": "2",
        "LIAISON_REPLY_ROLL_TO_WORKING_DAY": "0",
        "LIAISON_REMINDER_OFFSETS_DAYS": "14, 3,1",
        "LIAISON_ESCALATION_DAYS_AFTER_DUE": "0,10",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "2 False [14, 3, 1] [0, 10]"
