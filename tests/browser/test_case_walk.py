"""One case through every state in Chromium, through the pages each role uses:

the clerk enters it and assigns it to the suggested deputy → street staff refer it to the street
office → the clerk records the receipt and the written reply → the deputy finds it in "my cases" and
marks the resident informed → the clerk records "not satisfied" (a review opens, due a month later),
the re-reply, the resident informed again, "satisfied", and closes it. The timeline shows every step.

The live server runs in a thread of this process, so time_machine moves its clock too (tick=True:
the clock runs on from a fixed day in 2026, which the working-day calendar covers).
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from petitions.models import Category, HandlingUnit, Petition, Review

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CN = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=CN)  # a Tuesday
S = Petition.Status


def zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def switch_user(page, log_in, username):
    page.context.clear_cookies()
    log_in(page, username)


def open_case(page, case):
    page.goto(reverse("petitions:detail", args=[case.pk]))
    expect(page.get_by_test_id("tracking-no")).to_have_text(case.tracking_no)


def expect_status(page, status):
    expect(page.get_by_test_id("status-badge")).to_have_text(zh(status.label))


def open_action(page, name):
    """Click an action button of the case page; an action form opens in the page's panel (htmx),
    a referral action on its own page. Returns the form to fill."""
    button = page.get_by_test_id(f"action-{name}")
    if button.get_attribute("hx-get"):
        button.click()
        form = page.locator("#case-action-panel form")
        expect(form).to_be_visible()
        return form
    with page.expect_navigation():
        button.click()
    return page.get_by_test_id("referral-form")


def submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def record_reply(page, text):
    form = open_action(page, "reply")
    form.locator("#id_reply_text").fill(text)
    form.locator("input[name=reply_class][value=A]").check()
    submit(page, form)


def inform(page, method, note=""):
    form = open_action(page, "inform")
    form.locator(f"input[name=method][value={method}]").check()
    form.locator("#id_note").fill(note)
    submit(page, form)


def rate(page, rating, comment=""):
    form = open_action(page, "rate")
    form.locator(f"input[name=rating][value={rating}]").check()
    form.locator("#id_comment").fill(comment)
    submit(page, form)


def test_a_case_walks_through_every_state_in_the_browser(world, page, log_in):
    # Seeded by a migration, but a transactional test before this one may have emptied the table.
    Category.objects.get_or_create(name="城市管理")
    office = HandlingUnit.objects.create(
        district=world.district, street=world.street_a, name="龙田街道办事处", kind=HandlingUnit.Kind.STREET_OFFICE
    )

    with time_machine.travel(START, tick=True):
        # 1. The clerk enters the resident's opinion at the station.
        log_in(page, "clerk")
        page.goto(reverse("petitions:create"))
        entry = page.get_by_test_id("case-form")
        entry.locator("#id_category").select_option(label="城市管理")
        entry.locator("#id_content").fill("小区门口路灯坏了两个月，晚上出行不安全。")
        entry.locator("#id_resident_name").fill("王小明")
        entry.locator("#id_resident_phone").fill("13812348000")
        submit(page, entry)
        case = Petition.objects.get()
        assert case.node == world.station_a
        expect(page.get_by_test_id("tracking-no")).to_have_text(case.tracking_no)
        expect_status(page, S.RECEIVED)

        # 2. … and assigns it to the suggested deputy: the best suggestion is preselected.
        form = open_action(page, "assign")
        expect(form.page.get_by_test_id("suggestion").first).to_have_attribute("data-deputy", str(world.deputy.pk))
        expect(form.locator("#id_deputy")).to_have_value(str(world.deputy.pk))
        submit(page, form)
        expect_status(page, S.ASSIGNED)

        # 3. Street staff refer it to the street office (the street route, the only one theirs).
        switch_user(page, log_in, "street_staff")
        open_case(page, case)
        form = open_action(page, "refer")
        expect(form.locator("input[name=route][value=street]")).to_be_checked()
        form.locator("#id_unit").select_option(str(office.pk))
        form.locator("#id_deputy_opinion").fill("建议尽快维修")
        form.locator("#id_street_opinion").fill("同意转街道办处理")
        submit(page, form)  # lands on the letter
        open_case(page, case)
        expect_status(page, S.REFERRED)
        expect(page.get_by_test_id("due")).to_have_text("2026-06-10")

        # 4. The clerk records the unit's receipt and its written reply.
        switch_user(page, log_in, "clerk")
        open_case(page, case)
        form = open_action(page, "acknowledge")
        expect(form.locator("#id_received_on")).to_have_value("2026-03-10")
        form.locator("#id_received_by_name").fill("李收文")
        submit(page, form)
        expect_status(page, S.ACKNOWLEDGED)
        record_reply(page, "已更换路灯。")
        expect_status(page, S.REPLIED)

        # 5. The deputy finds the case in "my cases" and marks the resident informed.
        switch_user(page, log_in, "deputy_user")
        page.goto(reverse("petitions:mine"))
        row = page.get_by_test_id("open-cases").get_by_test_id("case-row").filter(has_text=case.tracking_no)
        expect(row).to_have_count(1)
        with page.expect_navigation():
            row.get_by_role("link", name=case.tracking_no).click()
        inform(page, "phone", "电话告知居民处理结果")
        expect_status(page, S.INFORMED)

        # 6. The clerk takes the rating on the phone: not satisfied → a review, due a month later.
        switch_user(page, log_in, "clerk")
        open_case(page, case)
        form = open_action(page, "rate")
        expect(page.get_by_test_id("review-notice")).to_contain_text("2026-04-10")
        form.locator("input[name=rating][value=unsatisfied]").check()
        form.locator("#id_comment").fill("只修了一个")
        submit(page, form)
        expect_status(page, S.REVIEW)
        expect(page.get_by_test_id("review")).to_contain_text("2026-04-10")
        expect(page.get_by_test_id("due")).to_have_text("2026-04-10")

        # 7. The re-reply, the resident told again, satisfied, closed.
        record_reply(page, "两个路灯均已更换。")
        expect_status(page, S.REPLIED)
        inform(page, "phone")
        expect_status(page, S.INFORMED)
        rate(page, "satisfied", "很满意")
        expect_status(page, S.RATED)
        submit(page, open_action(page, "close"))
        expect_status(page, S.CLOSED)
        expect(page.get_by_test_id("case-actions").get_by_test_id("action-close")).to_have_count(0)

        # The timeline lists every step, in order.
        steps = page.get_by_test_id("event").evaluate_all("events => events.map(e => e.dataset.action)")
        assert steps == [
            "create",
            "assign",
            "refer",
            "acknowledge",
            "reply",
            "inform",
            "rate",
            "reply",
            "inform",
            "rate",
            "close",
        ]
        expect(page.get_by_test_id("timeline")).to_contain_text("电话告知居民处理结果")

    case.refresh_from_db()
    assert (case.status, case.assigned_deputy, case.rating, case.due_on) == (S.CLOSED, world.deputy, "satisfied", None)
    review = Review.objects.get(petition=case)
    assert (review.due_on, review.closed_at is not None) == (dt.date(2026, 4, 10), True)
    actors = list(case.events.order_by("at", "id").values_list("actor__username", flat=True))
    assert actors[2] == "street_staff" and actors[5] == "deputy_user"
    assert all(re.fullmatch(r"\w+", a or "") for a in actors)
