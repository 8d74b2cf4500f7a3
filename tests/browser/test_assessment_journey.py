"""Station assessment in Chromium (helper "assess"): street staff score a station, a wrong score is
explained and nothing typed is lost; district staff publish the quarter; residents see the ranking on
the public page; the station's clerk reads the published result in the station's history."""

import pytest
from playwright.sync_api import expect

from tests.performance.assessment_helpers import items, make_checklist

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_score_publish_and_read(world, page, log_in):
    checklist = make_checklist(world)
    first, second, third = items(checklist)

    log_in(page, "street_staff")
    page.goto("/performance/assessments/?year=2026&quarter=3")
    expect(page.get_by_test_id("pending-count")).to_have_text("1")
    with page.expect_navigation():
        page.get_by_test_id("pending").get_by_role("link").click()
    page.locator(f"#id_score_{first.pk}").fill("11")
    page.locator(f"#id_note_{first.pk}").fill("场地120平方米")
    page.locator(f"#id_score_{second.pk}").fill("4")
    page.locator(f"#id_score_{third.pk}").fill("5")
    with page.expect_navigation():
        page.locator("button[name=submit]").click()
    expect(page.get_by_test_id("score-error")).to_have_count(1)
    expect(page.locator(f"#id_note_{first.pk}")).to_have_value("场地120平方米")
    expect(page.locator(f"#id_score_{third.pk}")).to_have_value("5")
    page.locator(f"#id_score_{first.pk}").fill("8")
    with page.expect_navigation():
        page.locator("button[name=submit]").click()
    expect(page.get_by_test_id("total")).to_have_text("17 / 20 (85.0%)")

    page.context.clear_cookies()
    log_in(page, "district_staff")
    page.goto("/performance/assessments/?year=2026&quarter=3")
    expect(page.get_by_test_id("ranking-row")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_test_id("publish").click()

    page.context.clear_cookies()
    page.goto("/p/performance/assessments/2026/3/")
    row = page.get_by_test_id("public-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("rank")).to_have_text("1")
    expect(row).to_contain_text("南岭社区联络站")
    expect(row.get_by_test_id("total")).to_have_text("17 / 20")

    log_in(page, "clerk")
    page.goto(f"/performance/assessments/stations/{world.station_a.pk}/")
    expect(page.get_by_test_id("history-row")).to_have_count(1)
    expect(page.get_by_test_id("history-row").get_by_test_id("total")).to_have_text("17 / 20")
