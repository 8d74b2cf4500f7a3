"""A resident on a phone: scans a station's QR code (opens its link), sends an opinion with a
photo, follows it with the tracking number, and after the staff's written reply rates it "not
satisfied" — which opens a review on the staff side (seen on the clerk's case page)."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from petitions.models import Attachment, Category, Petition, Review
from tests.browser.conftest import TIMEOUT_MS
from tests.public.case_helpers import walk_to_informed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "13800138000"
PHONE_SIZE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", device_scale_factor=3, **PHONE_SIZE
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _track(page, tracking_no: str):
    page.goto("/p/track/")
    form = page.locator("main form")
    form.locator("#id_tracking_no").fill(tracking_no)
    form.locator("#id_digits").fill(PHONE[-4:])
    with page.expect_navigation():
        form.locator("button[type=submit]").tap()


def test_submit_track_and_rate_from_a_phone(world, phone, browser, live_server, log_in):
    Category.objects.get_or_create(name="城市管理", defaults={"order": 1})

    # Scan: the station's QR link opens the form for that station.
    phone.goto("/p/submit/?station=LT01")
    expect(phone.get_by_test_id("station")).to_have_text("南岭社区联络站")
    assert _fits_the_screen(phone)
    form = phone.locator("main form")
    form.locator("#id_content").fill("南岭村牌坊路口的路灯坏了两个月,晚上很黑。")
    form.locator("#id_place").fill("南岭村牌坊路口")
    form.locator("#id_category").select_option(label="城市管理")
    form.locator("#id_photos").set_input_files([{"name": "light.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}])
    form.locator("#id_resident_name").fill("王小明")
    form.locator("#id_resident_phone").fill(PHONE)
    form.locator("#id_consent").check()
    with phone.expect_navigation():
        form.locator("button[type=submit]").tap()

    tracking_no = phone.get_by_test_id("tracking-no").inner_text().strip()
    case = Petition.objects.get(tracking_no=tracking_no)
    assert (case.channel, case.node, case.resident_phone) == ("online", world.station_a, PHONE)
    assert Attachment.objects.filter(petition=case, kind="image").count() == 1

    # Track: the case is received; nothing to rate yet.
    _track(phone, tracking_no)
    expect(phone.get_by_test_id("tracking-no")).to_have_text(tracking_no)
    expect(phone.get_by_test_id("timeline").locator("li")).to_have_count(1)
    expect(phone.get_by_test_id("rating-buttons")).to_have_count(0)
    assert _fits_the_screen(phone)

    # The staff handle it: assign, refer, receipt, written reply, resident informed.
    walk_to_informed(world, case, reply_text="路灯已于本周更换。")

    # Track again: the answer, and the rating buttons.
    _track(phone, tracking_no)
    expect(phone.get_by_test_id("answer")).to_contain_text("路灯已于本周更换。")
    rate = phone.get_by_test_id("rating-buttons")
    expect(rate).to_be_visible()
    phone.locator("#id_comment").fill("只换了一个,另一个还是坏的。")
    with phone.expect_navigation():
        rate.locator("button[value=unsatisfied]").tap()
    expect(phone.get_by_test_id("rating-buttons")).to_have_count(0)
    page_text = phone.locator("main").inner_text()
    assert "王小明" not in page_text and PHONE not in page_text

    case.refresh_from_db()
    assert (case.status, case.rating) == (Petition.Status.REVIEW, "unsatisfied")
    assert Review.objects.get(petition=case, closed_at__isnull=True).reason == "只换了一个,另一个还是坏的。"

    # The station's clerk sees the case under review.
    staff = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    staff.set_default_timeout(TIMEOUT_MS)
    clerk = log_in(staff.new_page(), "clerk")
    clerk.goto(reverse("petitions:detail", args=[case.pk]))
    with translation.override("zh-hans"):
        expect(clerk.get_by_test_id("status-badge")).to_have_text(str(Petition.Status.REVIEW.label))
    staff.close()
