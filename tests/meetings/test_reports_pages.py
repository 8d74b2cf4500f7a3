"""The reports-to-voters pages: planning forms, the report page (results, comments for the deputy),
printable code slips, the voter's rating page with its limit on wrong codes, the public results,
the card on the deputy's page, and query counts that do not grow with rows."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from meetings.models.reports import Rating, RatingCredential, Report, ReportPlan
from meetings.services import reports as services
from tests import factories as f
from tests.meetings.reports_helpers import MEETING_AT, issue, plan_with, rated, report_for

pytestmark = pytest.mark.django_db

RATING_URL = "/p/meetings/report-rating/"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _text(response) -> str:
    return response.content.decode()


def test_staff_plan_a_year_from_the_form(world, client_for):
    for i in range(5):
        f.DeputyFactory(name=f"代表{i}", district=world.district, street=world.street_a)
    client = client_for("street_staff")

    page = client.get("/meetings/reports/plans/new/")
    assert page.status_code == 200
    # Only the street they work for is offered.
    assert re.findall(r'<option value="(\d+)"', _text(page)) == [str(world.street_a.pk)]

    response = client.post("/meetings/reports/plans/new/", {"node": world.street_a.pk, "year": 2026})
    plan = ReportPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/reports/plans/{plan.pk}/"
    assert plan.reports.count() == 2  # 6 deputies in street_a → 2

    detail = client.get(response["Location"])
    assert "(never reported)" in _text(detail)
    assert 'data-testid="plan-count">2<' in _text(detail)


def test_a_bad_plan_form_keeps_what_was_typed(world, client_for):
    client = client_for("district_staff")
    response = client.post("/meetings/reports/plans/new/", {"node": world.street_a.pk, "year": "19"})
    assert response.status_code == 400
    assert 'value="19"' in _text(response)
    plan_with(by=world.district_staff, node=world.street_a, year=2026, deputies=[world.deputy])
    response = client.post("/meetings/reports/plans/new/", {"node": world.street_a.pk, "year": 2026})
    assert response.status_code == 400
    assert "already has a plan for 2026" in _text(response)


def test_adjusting_and_confirming_from_the_plan_page(world, client_for):
    plan = services.plan_create(by=world.street_staff, node=world.street_a, year=2026)
    client = client_for("street_staff")
    response = client.post(f"/meetings/reports/plans/{plan.pk}/deputies/", {"deputies": [world.deputy.pk]})
    assert response.status_code == 302
    assert list(plan.reports.values_list("deputy_id", flat=True)) == [world.deputy.pk]
    # A deputy of another street is not a choice: a form error, not a 500.
    response = client.post(f"/meetings/reports/plans/{plan.pk}/deputies/", {"deputies": [world.other_deputy.pk]})
    assert response.status_code == 400
    client.post(f"/meetings/reports/plans/{plan.pk}/confirm/")
    plan.refresh_from_db()
    assert plan.status == ReportPlan.Status.CONFIRMED


def test_the_deputy_writes_the_report_text(world, client_for):
    report = report_for(world)
    client = client_for("deputy_user")
    assert client.post(f"/meetings/reports/{report.pk}/text/", {"text": "   "}).status_code == 400
    response = client.post(f"/meetings/reports/{report.pk}/text/", {"text": "今年我接待群众36人次。"})
    assert response.status_code == 302
    page = client.get(f"/meetings/reports/{report.pk}/")
    assert "今年我接待群众36人次。" in _text(page)
    assert "Report text submitted" in _text(page)


def test_codes_are_printed_once_as_slips_with_qr_codes(world, client_for, settings):
    settings.LIAISON_SITE_URL = "https://portal.example.gov.cn"
    report = report_for(world)
    client = client_for("street_staff")

    response = client.post(f"/meetings/reports/{report.pk}/codes/", {"count": 3})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = _text(response)
    shown = re.findall(r'data-testid="slip-code">([2-9A-Z]{4}-[2-9A-Z]{4})<', html)
    assert len(shown) == 3
    assert html.count("<svg") == 3
    assert f"https://portal.example.gov.cn/p/meetings/report-rating/?code={shown[0]}" in html
    assert RatingCredential.objects.filter(report=report).count() == 3
    # The codes themselves are nowhere in the database; each works once.
    services.rating_cast(code=shown[0], level="satisfied")
    assert Rating.objects.count() == 1

    # The form suggests no number without attendees; a bad number is a form error.
    assert client.post(f"/meetings/reports/{report.pk}/codes/", {"count": 0}).status_code == 400
    page = client.get(f"/meetings/reports/{report.pk}/codes/")
    assert "3 codes already issued" in _text(page)


def test_a_voter_rates_with_the_code_from_the_slip(world, client):
    report = report_for(world)
    code = issue(world, report, 1)[0]

    page = client.get(RATING_URL, {"code": code})
    assert page.status_code == 200
    assert "张代表, report for 2026" in _text(page)

    response = client.post(RATING_URL, {"code": code, "level": "satisfied", "comment": "很好"})
    assert response.status_code == 302 and response["Location"] == f"{RATING_URL}?done=1"
    assert "your rating is recorded" in _text(client.get(response["Location"]))

    again = client.post(RATING_URL, {"code": code, "level": "not", "comment": "重投"})
    assert again.status_code == 400
    assert "This code has already been used" in _text(again)
    assert "重投" in _text(again)  # nothing typed is lost
    assert list(Rating.objects.values_list("level", flat=True)) == ["satisfied"]

    used = client.get(RATING_URL, {"code": code})
    assert "already been used" in _text(used)


def test_a_missing_rating_level_keeps_the_code_and_names_the_deputy(world, client):
    report = report_for(world)
    code = issue(world, report, 1)[0]
    response = client.post(RATING_URL, {"code": code, "comment": "忘了选"})
    assert response.status_code == 400
    assert "张代表" in _text(response) and "忘了选" in _text(response)
    assert not Rating.objects.exists()


def test_wrong_codes_are_limited_per_address_but_right_ones_are_not(world, client, settings):
    settings.LIAISON_REPORT_CODE_FAILURES_PER_IP_PER_HOUR = 3
    report = report_for(world)
    good = issue(world, report, 6)

    # A whole meeting on one network: right codes never count.
    for code in good[:4]:
        assert client.post(RATING_URL, {"code": code, "level": "satisfied"}).status_code == 302
    for _i in range(3):
        assert client.post(RATING_URL, {"code": "ZZZZ-ZZZZ", "level": "satisfied"}).status_code == 400
    blocked = client.post(RATING_URL, {"code": good[4], "level": "satisfied"})
    assert blocked.status_code == 429
    assert client.get(RATING_URL).status_code == 429
    assert Rating.objects.count() == 4


def test_results_comments_and_who_sees_them(world, client_for):
    report = rated(world, report_for(world), ["satisfied", "mostly", "not", "satisfied"], unused=1,
                   comments=["讲得好", "", "多来社区", ""])

    deputy_page = _text(client_for("deputy_user").get(f"/meetings/reports/{report.pk}/"))
    assert 'data-testid="result-total">4<' in deputy_page
    assert 'data-testid="satisfaction-rate">75.0%<' in deputy_page
    assert "4 / 5 (80.0%)" in deputy_page
    assert "多来社区" in deputy_page and "讲得好" in deputy_page

    clerk_page = _text(client_for("clerk").get(f"/meetings/reports/{report.pk}/"))
    assert 'data-testid="result-total">4<' in clerk_page
    assert "多来社区" not in clerk_page
    assert "Print rating codes" not in clerk_page


def test_the_public_page_shows_counts_and_never_comments(world, client):
    report = rated(world, report_for(world), ["satisfied", "not"], comments=["公开不得", "不满意的理由"])
    assert client.get(f"/p/meetings/reports/{report.pk}/").status_code == 404  # not yet published
    services.report_publish(by=world.street_staff, report=report, public=True)

    page = _text(client.get(f"/p/meetings/reports/{report.pk}/"))
    assert "张代表" in page and "2026" in page
    assert 'data-testid="result-total">2<' in page and 'data-testid="satisfaction-rate">50.0%<' in page
    assert "公开不得" not in page and "不满意的理由" not in page
    assert "turnout" not in page.lower()


def test_the_deputys_page_has_a_reports_card(world, client_for):
    rated(world, report_for(world, year=2025), ["satisfied", "mostly", "not"])
    report_for(world, year=2026)

    page = _text(client_for("district_staff").get(f"/deputies/{world.deputy.pk}/"))
    assert 'data-testid="voter-reports"' in page
    assert "Satisfied 1 · mostly 1 · not 1 · satisfaction 66.7%" in page
    assert "/meetings/reports/" in page
    # Nothing for a deputy who never reported.
    other = _text(client_for("district_staff").get(f"/deputies/{world.other_deputy.pk}/"))
    assert 'data-testid="voter-reports"' not in other


def _many_reports(world, n: int, year: int):
    deputies = [f.DeputyFactory(name=f"代表{year}{i:02d}", district=world.district, street=world.street_a)
                for i in range(n)]
    plan = plan_with(by=world.street_staff, node=world.street_a, year=year, deputies=deputies)
    for report in plan.reports.all():
        services.report_schedule(by=world.street_staff, report=report, node=world.station_a,
                                 starts_at=MEETING_AT)
    return plan


@pytest.mark.parametrize("n", [2, 12])
def test_list_and_plan_pages_do_not_grow_with_rows(world, client_for, django_assert_max_num_queries, n):
    plan = _many_reports(world, n, 2026)
    client = client_for("street_staff")
    client.get("/meetings/reports/")  # warm the session
    # session, user, positions + deputy assignments (scope), plans, count, reports page, can_plan, bell
    with django_assert_max_num_queries(10):
        response = client.get("/meetings/reports/")
    assert f'data-testid="report-count">{n}<' in _text(response)
    # + the plan, its reports, the candidates (count and list)
    with django_assert_max_num_queries(11):
        response = client.get(f"/meetings/reports/plans/{plan.pk}/")
    assert response.status_code == 200
    assert Report.objects.count() == n


def test_the_public_deputy_card_lists_published_years_only(world):
    rated(world, report_for(world, year=2024), ["satisfied", "not"], publish=True)
    rated(world, report_for(world, year=2025), ["satisfied"])  # closed, not published
    html = Template("{% load reports_tags %}{% deputy_public_reports deputy %}").render(
        Context({"deputy": world.deputy})
    )
    assert "satisfaction 50.0% of 2 voters" in html
    assert re.findall(r"/p/meetings/reports/\d+/\">(\d{4})<", html) == ["2024"]
    nothing = Template("{% load reports_tags %}{% deputy_public_reports deputy %}").render(
        Context({"deputy": world.other_deputy})
    )
    assert nothing.strip() == ""


@pytest.mark.parametrize("voters", [2, 20])
def test_the_report_page_does_not_grow_with_ratings(world, client_for, django_assert_max_num_queries, voters):
    report = rated(world, report_for(world), ["satisfied", "not"] * (voters // 2), comments=["意见"] * voters)
    client = client_for("deputy_user")
    client.get("/")
    # session, user, scope (2), the report with plan/deputy/meeting, the manage check's scope is cached,
    # counts per level, codes issued, comments, bell
    with django_assert_max_num_queries(10):
        response = client.get(f"/meetings/reports/{report.pk}/")
    assert f'data-testid="result-total">{voters}<' in _text(response)
