"""The staff dashboard in Chromium: street and district staff land on it, read the known numbers,
and reach an overdue case in two clicks (the overdue number, then the case). The charts are drawn
on the server (SVG) and nothing is loaded from another host.

The live server runs in this process, so time_machine moves its clock too (tick=True).
"""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.performance.dashboard_fixtures import NOW, build_dash

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def known(world):
    with time_machine.travel(NOW, tick=True):
        yield build_dash(world)


def test_street_staff_land_on_the_dashboard_and_reach_an_overdue_case_in_two_clicks(known, page, log_in, live_server):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    log_in(page, "street_staff")
    assert page.url.endswith("/performance/dashboard/")
    expect(page.get_by_test_id("received")).to_have_text("5")
    expect(page.get_by_test_id("rate")).to_have_text("40.0%")
    expect(page.get_by_test_id("overdue")).to_have_text("2")
    expect(page.get_by_test_id("median-days")).to_have_text("25.0")
    expect(page.get_by_test_id("chart-months")).to_be_visible()
    expect(page.get_by_test_id("breakdown").get_by_text("南湾街道")).to_have_count(0)
    page.get_by_test_id("overdue").click()  # first click
    expect(page.get_by_test_id("case-count")).to_contain_text("2")
    page.get_by_role("link", name=known.cases["A2"].tracking_no).click()  # second click
    expect(page.get_by_test_id("tracking-no")).to_have_text(known.cases["A2"].tracking_no)
    assert all(url.startswith(live_server.url) for url in requests), [u for u in requests if live_server.url not in u]


def test_district_staff_drill_from_street_to_station(known, page, log_in):
    log_in(page, "district_staff")
    expect(page.get_by_test_id("received")).to_have_text("7")
    rows = page.get_by_test_id("breakdown-row")
    expect(rows).to_have_count(2)
    rows.first.get_by_role("link", name=re.compile("龙田")).click()
    expect(page.get_by_test_id("dashboard-scope")).to_contain_text("龙田")
    expect(page.get_by_test_id("breakdown-row")).to_have_count(1)
    expect(page.get_by_test_id("received")).to_have_text("5")
    page.get_by_test_id("breakdown-row").first.get_by_role("link", name="南岭社区联络站").click()
    expect(page.get_by_test_id("breakdown-row")).to_have_count(2)  # the station and its contact point
    page.goto("/performance/compliance/")
    expect(page.get_by_test_id("unit-row")).to_have_count(2)
