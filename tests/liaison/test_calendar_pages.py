"""The working-day calendar page: coverage flags, adding and removing overrides, confirming a year."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, DELETION, LogEntry
from django.utils import translation

from liaison import workdays
from liaison.models import CalendarDay, CalendarYear


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read messages as written in the source (English); the Chinese UI is checked
    by the browser tests and the translation catalogue."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


URL = "/network/calendar/"
# A day in late 2026: this year is covered by the package, next year (2027) is not.
LATE_2026 = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def package_until_2026(monkeypatch):
    """Pin the package's years to 2004–2026 so that a newer release with 2027 keeps 2027 uncovered here."""
    monkeypatch.setattr(workdays, "package_years", lambda: range(2004, 2027))


@pytest.fixture
def manager(client_for):
    return client_for("district_staff")


@time_machine.travel(LATE_2026, tick=False)
def test_next_year_uncovered_is_flagged(manager, package_until_2026):
    response = manager.get(URL)

    assert response.status_code == 200
    assert b'data-testid="uncovered-2027"' in response.content
    assert b'data-testid="uncovered-2026"' not in response.content
    assert "2004–2026" in response.content.decode()
    assert response.context["year_form"].initial["year"] == 2027  # offered for confirmation


@time_machine.travel(LATE_2026, tick=False)
def test_a_confirmed_year_is_not_flagged(manager, world, package_until_2026):
    CalendarDay.objects.create(date=date(2027, 10, 1), is_working=False)
    CalendarYear.objects.create(year=2027, note="国办发明电〔2026〕X号", confirmed_by=world.district_staff)

    response = manager.get(URL)

    assert b"uncovered-2027" not in response.content
    assert "国办发明电〔2026〕X号" in response.content.decode()
    assert [row["source"] for row in response.context["overview"]] == ["package", "confirmed"]


@time_machine.travel(datetime(2025, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_nothing_is_flagged_when_this_year_and_next_are_covered(manager):
    response = manager.get(URL)
    assert b"uncovered-" not in response.content


def test_add_an_override(manager, world):
    response = manager.post(URL + "days/", {"date": "2025-10-09", "is_working": "0", "note": "区里补休"})

    assert response.status_code == 302
    assert response["Location"] == URL + "?year=2025"
    day = CalendarDay.objects.get()
    assert (day.date, day.is_working, day.note, day.created_by) == (
        date(2025, 10, 9),
        False,
        "区里补休",
        world.district_staff,
    )
    assert LogEntry.objects.get(object_id=str(day.pk), content_type__model="calendarday").action_flag == ADDITION
    assert workdays.is_working_day(date(2025, 10, 9)) is False

    page = manager.get(response["Location"]).content.decode()
    assert "区里补休" in page
    assert "Override saved: 2025-10-09" in page


def test_adding_the_same_date_again_changes_it(manager):
    manager.post(URL + "days/", {"date": "2025-11-01", "is_working": "0", "note": "误"})
    manager.post(URL + "days/", {"date": "2025-11-01", "is_working": "1", "note": "加班"})

    assert list(CalendarDay.objects.values_list("date", "is_working", "note")) == [(date(2025, 11, 1), True, "加班")]


def test_an_invalid_override_re_renders_with_the_input(manager):
    response = manager.post(URL + "days/", {"date": "", "is_working": "0", "note": "没写日期"})

    assert response.status_code == 400
    assert "没写日期" in response.content.decode()
    assert "date" in response.context["day_form"].errors
    assert not CalendarDay.objects.exists()


def test_remove_an_override(manager):
    day = CalendarDay.objects.create(date=date(2025, 10, 9), is_working=False)

    response = manager.post(URL + f"days/{day.pk}/delete/")

    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert LogEntry.objects.get(object_id=str(day.pk), content_type__model="calendarday").action_flag == DELETION


def test_confirming_a_year_without_overrides_is_refused_beside_the_field(manager, package_until_2026):
    response = manager.post(URL + "years/", {"year": "2027", "note": ""})

    assert response.status_code == 400
    assert response.context["year_form"].errors["year"] == [
        "Enter 2027's holidays and adjusted working days as overrides first."
    ]
    assert not CalendarYear.objects.exists()


def test_confirm_then_withdraw_a_year(manager, world, package_until_2026):
    CalendarDay.objects.create(date=date(2027, 10, 1), is_working=False)

    response = manager.post(URL + "years/", {"year": "2027", "note": "国办发明电"})

    assert response.status_code == 302
    confirmed = CalendarYear.objects.get()
    assert (confirmed.year, confirmed.note, confirmed.confirmed_by) == (2027, "国办发明电", world.district_staff)
    assert workdays.is_covered(2027)

    response = manager.post(URL + f"years/{confirmed.pk}/delete/")

    assert response.status_code == 302
    assert not CalendarYear.objects.exists()
    assert not workdays.is_covered(2027)


def test_the_list_shows_what_the_package_says_and_filters_by_year(manager):
    CalendarDay.objects.create(date=date(2025, 10, 9), is_working=False, note="区里补休")
    CalendarDay.objects.create(date=date(2026, 5, 9), is_working=True, note="调休上班")

    response = manager.get(URL + "?year=2025")

    rows = response.context["rows"]
    assert [(day.note, package_says) for day, package_says in rows] == [("区里补休", True)]
    assert response.context["page_obj"].paginator.count == 1


def test_the_page_has_a_bounded_number_of_queries(manager, world, django_assert_max_num_queries):
    for day in range(1, 31):
        CalendarDay.objects.create(date=date(2025, 9, day), is_working=False, created_by=world.district_staff)
    CalendarYear.objects.create(year=2099, confirmed_by=world.district_staff)
    # session, user, the scope (positions, assignments, deputy): 5; which of this year and next are
    # confirmed; the overrides counted and listed (with who entered them); the confirmed years listed
    # (with who confirmed them); the navigation's unread notifications: 10, none per row.
    with django_assert_max_num_queries(10):
        response = manager.get(URL)
    assert response.context["page_obj"].paginator.count == 30


def test_the_manage_menu_links_the_page_for_managers_only(client_for, world):
    assert b'href="/network/calendar/"' in client_for("district_staff").get("/network/").content
    assert b'href="/network/calendar/"' not in client_for("clerk").get("/network/").content


# --- the Django admin goes through the same services ------------------------------------------------


def test_admin_add_override_goes_through_the_service(client_for, world):
    admin = client_for("admin")
    response = admin.post(
        "/admin/liaison/calendarday/add/", {"date": "2025-10-09", "is_working": "", "note": "区里补休"}
    )

    assert response.status_code == 302
    day = CalendarDay.objects.get()
    assert (day.is_working, day.note, day.created_by) == (False, "区里补休", world.admin)
    assert LogEntry.objects.filter(object_id=str(day.pk), content_type__model="calendarday").count() == 1


def test_admin_confirm_year_shows_the_rule_beside_the_field(client_for, package_until_2026):
    admin = client_for("admin")
    response = admin.post("/admin/liaison/calendaryear/add/", {"year": "2027", "note": ""})

    assert response.status_code == 200  # the admin re-renders its form
    assert "Enter 2027&#x27;s holidays and adjusted working days as overrides first." in response.content.decode()
    assert not CalendarYear.objects.exists()


def test_admin_delete_override_goes_through_the_service(client_for):
    day = CalendarDay.objects.create(date=date(2025, 10, 9), is_working=False)
    response = client_for("admin").post(f"/admin/liaison/calendarday/{day.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    assert LogEntry.objects.get(object_id=str(day.pk), content_type__model="calendarday").action_flag == DELETION


def test_the_page_has_no_duplicate_element_ids(manager):
    # Three forms share field names (year, note); labels must still point at the right input.
    ids = re.findall(r'\sid="([^"]+)"', manager.get(URL).content.decode())
    assert [i for i in set(ids) if ids.count(i) > 1] == []
