"""Scorecards in Chromium, one journey per role, with the known numbers of
tests/performance/test_scorecard_helpers.py (the clock at 2026-06-15; time_machine moves the live
server's clock too, as it runs in this process)."""

import pytest
import time_machine
from playwright.sync_api import expect

from petitions.models import Category
from tests.performance.test_scorecard_helpers import EXPECTED_2026, NOW, seed_deputy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def known(world):
    with time_machine.travel(NOW, tick=True):
        Category.objects.get_or_create(name="城市管理")  # seeded by a migration, flushed by transactional tests
        seed_deputy(world, world.deputy)
        yield world


def test_deputy_reads_their_own_scorecard(known, page, log_in, live_server):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    log_in(page, "deputy_user")
    page.locator('nav a[href="/performance/scorecards/mine/"]').click()
    expect(page.get_by_test_id("summary").get_by_test_id("points")).to_have_text(str(EXPECTED_2026["points"]))
    expect(page.get_by_test_id("summary").get_by_test_id("visits")).to_have_text("5")
    expect(page.locator("progress")).to_have_count(6)
    expect(page.get_by_test_id("quota-visits")).to_have_attribute("data-met", "no")
    expect(page.get_by_test_id("records-duty_attended").get_by_test_id("record")).to_have_count(4)
    page.get_by_test_id("history-2025").get_by_role("link", name="2025").click()
    expect(page.get_by_test_id("summary").get_by_test_id("points")).to_have_text("3")
    assert all(url.startswith(live_server.url) for url in requests)


def test_staff_sort_the_list_open_a_scorecard_and_change_a_rule(known, page, log_in):
    log_in(page, "district_staff")
    page.goto("/performance/scorecards/")
    row = page.locator(f'[data-deputy="{known.deputy.pk}"]')
    expect(row.get_by_test_id("points")).to_have_text(str(EXPECTED_2026["points"]))
    expect(row.get_by_test_id("caseload")).to_have_text("5")
    expect(row.get_by_test_id("rate")).to_have_text("60%")
    page.get_by_test_id("scorecard-table").locator("th a[href*='o=points']").click()  # fewest points first
    expect(page.get_by_test_id("scorecard-row").first).to_have_attribute("data-deputy", str(known.other_deputy.pk))
    row.get_by_role("link", name=known.deputy.name).click()
    expect(page.get_by_test_id("points-table").get_by_test_id("total")).to_have_text(str(EXPECTED_2026["points"]))

    page.goto("/performance/scorecards/rules/")
    page.locator("#id_points_case_solved").fill("5")
    page.get_by_test_id("rules-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("rule-case_solved").get_by_test_id("points")).to_have_text("+5")
    page.goto(f"/performance/scorecards/{known.deputy.pk}/?year=2026")
    expect(page.get_by_test_id("summary").get_by_test_id("points")).to_have_text(str(EXPECTED_2026["points"] + 6))


def test_residents_see_activity_counts_only(known, page):
    page.goto(f"/p/performance/deputies/{known.deputy.pk}/?year=2026")
    year = page.get_by_test_id("year-2026")
    expect(year.get_by_test_id("duties")).to_have_text("4")
    expect(year.get_by_test_id("activities")).to_have_text("2")
    expect(year.get_by_test_id("visits")).to_have_text("5")
    expect(page.get_by_text(known.deputy.name).first).to_be_visible()
