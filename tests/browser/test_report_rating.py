"""A deputy's report to voters at a station: staff print the rating slips, two voters rate on their
phones with the codes (opening the slip's QR link), a third try with a used code is refused, and
staff close the rating and see the counts."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models.reports import Rating
from tests.browser.conftest import TIMEOUT_MS
from tests.meetings.reports_helpers import report_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SIZE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def new_phone(browser, live_server):
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", device_scale_factor=2, **PHONE_SIZE
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _rate(phone, url: str, level: str, comment: str = ""):
    phone.goto(url)
    expect(phone.get_by_test_id("rating-for")).to_contain_text("张代表")
    assert _fits_the_screen(phone)
    form = phone.get_by_test_id("rating-form")
    form.locator(f"input[name=level][value={level}]").check()
    if comment:
        form.locator("#id_comment").fill(comment)
    with phone.expect_navigation():
        form.locator("button[type=submit]").tap()


def test_two_voters_rate_and_a_used_code_is_refused(world, page, log_in, new_phone):
    report = report_for(world)

    # Staff print three slips.
    log_in(page, "street_staff")
    page.goto(f"/meetings/reports/{report.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("issue-codes").click()
    page.locator("#id_count").fill("3")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("slip")).to_have_count(3)
    urls = page.locator(".report-slip-url").all_inner_texts()
    assert all("/p/meetings/report-rating/?code=" in url for url in urls)

    # Two voters scan their slips and rate.
    first = new_phone()
    _rate(first, urls[0], "satisfied", "讲得很实在")
    expect(first.get_by_test_id("rating-done")).to_be_visible()
    second = new_phone()
    _rate(second, urls[1], "mostly")
    expect(second.get_by_test_id("rating-done")).to_be_visible()

    # The first slip again, from a third phone: refused, with the reason.
    third = new_phone()
    third.goto(urls[0])
    expect(third.get_by_test_id("code-error")).to_be_visible()
    form = third.get_by_test_id("rating-form")
    form.locator("input[name=level][value=not]").check()
    with third.expect_navigation():
        form.locator("button[type=submit]").tap()
    expect(third.locator("#id_code")).to_have_class(re.compile("is-invalid"))
    assert _fits_the_screen(third)
    assert Rating.objects.filter(report=report).count() == 2

    # Staff close the rating and see the counts.
    page.goto(f"/meetings/reports/{report.pk}/")
    expect(page.get_by_test_id("codes-used")).to_contain_text("2")
    with page.expect_navigation():
        page.get_by_test_id("close-rating").click()
    expect(page.get_by_test_id("result-total")).to_have_text("2")
    expect(page.get_by_test_id("result-satisfied").locator("td").nth(1)).to_have_text("1")
    expect(page.get_by_test_id("result-mostly").locator("td").nth(1)).to_have_text("1")
    expect(page.get_by_test_id("result-not").locator("td").nth(1)).to_have_text("0")
    expect(page.get_by_test_id("satisfaction-rate")).to_have_text("100.0%")
    expect(page.get_by_test_id("comments")).to_contain_text("讲得很实在")
