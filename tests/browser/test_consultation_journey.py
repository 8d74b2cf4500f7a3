"""Legislative consultation end to end: a resident on a phone (390×844) reads an open draft and sends
an opinion (a wrong phone number first: the error is shown, nothing typed is lost); a clerk records
an opinion raised by a deputy at the station; district staff adopt it from the draft's page and
print the adoption certificate (A4; the portal's navigation is not printed)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models.consultation import Opinion
from meetings.services import consultation as svc
from tests.browser.conftest import TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SIZE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", device_scale_factor=3, **PHONE_SIZE
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _open_draft(world):
    today = timezone.localdate()
    return svc.draft_create(
        by=world.district_staff,
        scope_node=world.district,
        title="《城市养犬管理条例（修订草案）》",
        issuing_body="市人大常委会法制工作委员会",
        text="第九条　携犬出户时，应当束犬链，犬链长度不得超过一点五米。",
        opinions_open_from=today - dt.timedelta(days=3),
        opinions_due=today + dt.timedelta(days=20),
    )


def test_a_resident_sends_an_opinion_from_a_phone(world, phone):
    draft = _open_draft(world)
    phone.goto("/p/meetings/consultation/")
    with phone.expect_navigation():
        phone.get_by_role("link", name=draft.title).tap()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    form = phone.get_by_test_id("public-opinion-form")
    form.locator("#id_article").fill("第九条")
    form.locator("#id_text").fill("电梯内应当收短牵引绳或者怀抱犬只。")
    form.locator("#id_phone").fill("12345")
    with phone.expect_navigation():
        form.locator("button[type=submit]").tap()
    expect(phone.locator("#id_phone")).to_have_class("textinput form-control is-invalid")
    expect(phone.locator("#id_text")).to_have_value("电梯内应当收短牵引绳或者怀抱犬只。")
    phone.locator("#id_phone").fill("13812348000")
    with phone.expect_navigation():
        phone.get_by_test_id("public-opinion-form").locator("button[type=submit]").tap()
    expect(phone.get_by_test_id("done")).to_contain_text(draft.title)
    opinion = Opinion.objects.get()
    assert (opinion.channel, opinion.contributor_phone, opinion.article) == ("online", "13812348000", "第九条")


def test_a_clerk_records_staff_adopt_and_the_certificate_prints(world, page, log_in):
    draft = _open_draft(world)

    log_in(page, "clerk")
    page.goto(f"/meetings/consultation/{draft.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("add-opinion").click()
    form = page.get_by_test_id("opinion-form")
    form.locator("#id_deputy").select_option(str(world.deputy.pk))
    form.locator("#id_article").fill("第九条")
    form.locator("#id_text").fill("建议在公园和小区增设犬只便袋投放点。")
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()
    expect(page.get_by_test_id("opinion-row")).to_have_count(1)
    expect(page.get_by_test_id("decide-form")).to_have_count(0)  # clerks do not decide
    page.context.clear_cookies()

    log_in(page, "district_staff")
    page.goto(f"/meetings/consultation/{draft.pk}/")
    row = page.get_by_test_id("opinion-row")
    with page.expect_navigation():
        row.locator("button[value=adopted]").click()
    expect(page.get_by_test_id("count-adopted")).to_contain_text("1")
    with page.expect_navigation():
        page.get_by_test_id("certificate-link").click()
    year = timezone.localdate().year
    expect(page.get_by_test_id("certificate-number")).to_contain_text(f"CN-{year}-0001")
    expect(page.get_by_test_id("certificate-recipient")).to_contain_text("张代表")
    expect(page.get_by_test_id("certificate-draft")).to_have_text(draft.title)
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_test_id("certificate")).to_be_visible()
