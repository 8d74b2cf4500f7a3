"""Review pass: odd input and double actions on the reports pages give a clear answer in the user's
language (never a 500), and what a voter typed is kept."""

import re

import pytest
from django.utils import translation

from meetings.models.reports import Rating, RatingCredential, Report
from meetings.services import reports as services
from tests.meetings.reports_helpers import issue, rated, report_for

pytestmark = pytest.mark.django_db
RATING_URL = "/p/meetings/report-rating/"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_a_code_typed_with_spaces_lower_case_and_a_dash_rates(world, client):
    report = report_for(world)
    code = issue(world, report, 1)[0]
    typed = f" {code[:4].lower()}-{code[4:].lower()} "
    assert "张代表" in client.get(RATING_URL, {"code": typed}).content.decode()
    response = client.post(RATING_URL, {"code": typed, "level": "mostly"})
    assert response.status_code == 302
    assert list(Rating.objects.values_list("level", flat=True)) == ["mostly"]


def test_a_blocked_network_keeps_the_voters_rating_and_comment(world, client, settings):
    settings.LIAISON_REPORT_CODE_FAILURES_PER_IP_PER_HOUR = 2
    report = report_for(world)
    code = issue(world, report, 1)[0]
    for _i in range(2):
        client.post(RATING_URL, {"code": "ZZZZ-ZZZZ", "level": "satisfied"})
    response = client.post(RATING_URL, {"code": code, "level": "not", "comment": "路灯还没修好"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many wrong codes from this network" in body
    assert "路灯还没修好" in body
    assert re.search(r'<input[^>]*value="not"[^>]*checked', body)
    assert not Rating.objects.exists()
    assert not RatingCredential.objects.filter(used=True).exists()


@pytest.mark.parametrize("count", ["0", "-1", "abc", "99999999999999999999", "", "1.5"])
def test_bad_code_counts_are_explained_and_nothing_is_issued(world, client_for, count):
    report = report_for(world)
    response = client_for("street_staff").post(f"/meetings/reports/{report.pk}/codes/", {"count": count})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode() or "is-invalid" in response.content.decode()
    assert not RatingCredential.objects.exists()
    report.refresh_from_db()
    assert report.status != Report.Status.RATING_OPEN


def test_closing_twice_and_publishing_before_closing_are_refused_with_a_message(world, client_for):
    report = report_for(world)
    issue(world, report, 2)
    client = client_for("street_staff")
    early = client.post(f"/meetings/reports/{report.pk}/publish/", follow=True)
    assert early.status_code == 200
    report.refresh_from_db()
    assert report.status == Report.Status.RATING_OPEN
    assert client.post(f"/meetings/reports/{report.pk}/close/").status_code == 302
    again = client.post(f"/meetings/reports/{report.pk}/close/", follow=True)
    assert again.status_code == 200
    assert "alert" in again.content.decode()
    report.refresh_from_db()
    assert report.status == Report.Status.RATING_CLOSED


def test_codes_cannot_be_issued_after_closing(world, client_for):
    report = rated(world, report_for(world), ["satisfied"])
    response = client_for("street_staff").post(f"/meetings/reports/{report.pk}/codes/", {"count": "3"})
    assert response.status_code == 400
    assert "no more codes can be issued" in response.content.decode()
    assert RatingCredential.objects.filter(report=report).count() == 1


def test_the_deputy_cannot_change_the_text_once_closed(world, client_for):
    report = report_for(world)
    services.report_text_submit(by=world.deputy_user, report=report, text="原文")
    rated(world, report, ["satisfied"])
    response = client_for("deputy_user").post(f"/meetings/reports/{report.pk}/text/", {"text": "改过的"})
    assert response.status_code in (302, 400, 403)
    report.refresh_from_db()
    assert report.text == "原文"


def test_an_empty_post_shows_what_is_missing(world, client_for):
    report = report_for(world)
    client = client_for("street_staff")
    for url in ("/meetings/reports/plans/new/", f"/meetings/reports/{report.pk}/schedule/",
                f"/meetings/reports/{report.pk}/text/", f"/meetings/reports/{report.pk}/codes/"):
        response = client.post(url, {})
        assert response.status_code == 400, url
        assert "is-invalid" in response.content.decode(), url  # the missing fields are marked and explained


def test_a_rating_locks_its_report_so_none_lands_after_closing(world):
    """A close and a rating at the same moment: the rating holds the report row (FOR UPDATE), so the
    close waits for it, or the rating finds the report closed. (PostgreSQL only: SQLite has no row locks.)"""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    report = report_for(world)
    code = issue(world, report, 1)[0]
    with CaptureQueriesContext(connection) as queries:
        services.rating_cast(code=code, level="satisfied")
    locked = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"] and "meetings_report" in q["sql"]]
    assert locked, "the report row is not locked while the rating is stored"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_reports_page_renders_in_each_language(world, client_for, settings, language):
    settings.LANGUAGE_CODE = language
    report = report_for(world)
    code = issue(world, report, 2)[0]
    closed = rated(world, report_for(world, year=2025), ["satisfied", "not"], publish=True)
    staff, deputy, anyone = client_for("street_staff"), client_for("deputy_user"), client_for("anonymous")
    with translation.override(language):
        pages = [
            (staff, "/meetings/reports/"), (staff, "/meetings/reports/plans/new/"),
            (staff, f"/meetings/reports/plans/{report.plan_id}/"), (staff, f"/meetings/reports/{report.pk}/"),
            (staff, f"/meetings/reports/{report.pk}/schedule/"), (staff, f"/meetings/reports/{report.pk}/codes/"),
            (staff, f"/meetings/reports/{closed.pk}/"), (deputy, f"/meetings/reports/{report.pk}/text/"),
            (deputy, f"/meetings/reports/{closed.pk}/"), (client_for("clerk"), "/meetings/reports/"),
            (anyone, f"{RATING_URL}?code={code}"), (anyone, f"/p/meetings/reports/{closed.pk}/"),
        ]
        for client, url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{language}">' in response.content.decode(), url


def test_a_streets_staff_cannot_touch_another_streets_plan_or_report(world, client_for):
    from tests.meetings.reports_helpers import plan_with

    plan = plan_with(by=world.district_staff, node=world.street_b, year=2026, deputies=[world.other_deputy],
                     confirm=False)
    report = plan.reports.get()
    client = client_for("street_staff")  # street_a's
    for url, data in [
        (f"/meetings/reports/plans/{plan.pk}/", None), (f"/meetings/reports/plans/{plan.pk}/confirm/", {}),
        (f"/meetings/reports/plans/{plan.pk}/deputies/", {"deputies": [world.deputy.pk]}),
        (f"/meetings/reports/{report.pk}/", None), (f"/meetings/reports/{report.pk}/codes/", {"count": "3"}),
        (f"/meetings/reports/{report.pk}/close/", {}), (f"/meetings/reports/{report.pk}/text/", {"text": "x"}),
    ]:
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 404, url
    plan.refresh_from_db()
    assert list(plan.reports.values_list("deputy_id", flat=True)) == [world.other_deputy.pk]
    assert not RatingCredential.objects.exists()


@pytest.mark.parametrize("state", ["unscheduled", "planned", "rating_open", "closed", "published"])
def test_every_action_in_every_state_twice_answers_without_a_500(world, state):
    from django.test import Client

    report = report_for(world, schedule=state != "unscheduled")
    if state == "rating_open":
        issue(world, report, 2)
    if state in ("closed", "published"):
        rated(world, report, ["satisfied"], publish=state == "published")
    client = Client(raise_request_exception=False)
    client.force_login(world.street_staff)
    posts = [
        (f"/meetings/reports/plans/{report.plan_id}/confirm/", {}),
        (f"/meetings/reports/plans/{report.plan_id}/deputies/", {"deputies": []}),
        (f"/meetings/reports/{report.pk}/codes/", {"count": "2"}),
        (f"/meetings/reports/{report.pk}/text/", {"text": "述职报告全文"}),
        (f"/meetings/reports/{report.pk}/close/", {}),
        (f"/meetings/reports/{report.pk}/publish/", {}),
        (f"/meetings/reports/{report.pk}/publish/", {"public": "0"}),
    ]
    for url, data in posts:
        for _ in range(2):
            assert client.post(url, data).status_code < 500, (state, url)
    assert client.get("/meetings/reports/").status_code == 200
