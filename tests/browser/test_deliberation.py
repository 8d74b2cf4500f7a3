"""A deliberation meeting run in Chromium by street staff (helper "delib"): from two residents' cases to
a topic (suggested by the portal), attendees and invitations, attendance, minutes with the unit's
on-the-spot answer, a decision that becomes an action item with its owner and due date, found on the
action-item list."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from meetings.models import Attendee, Meeting
from meetings.models.deliberation import ActionItem, Topic
from notifications.models import Notification
from petitions.models import Category, HandlingUnit
from tests.petitions.case_helpers import new_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CN = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=CN)


def zh(label) -> str:
    with translation.override("zh-hans"):
        return str(label)


def submit(page, form, button="button[type=submit]"):
    with page.expect_navigation():
        form.locator(button).first.click()


def test_street_staff_run_a_deliberation_meeting_to_an_action_item(world, page, log_in):
    Category.objects.get_or_create(name="城市管理")
    office = HandlingUnit.objects.create(
        district=world.district, street=world.street_a, name="龙田街道办事处", kind=HandlingUnit.Kind.STREET_OFFICE
    )
    with time_machine.travel(START - dt.timedelta(days=5), tick=False):
        cases = [new_case(world, place="南岭村东门", content=f"东门路灯坏了 {i}") for i in range(2)]
        new_case(world, place="别处", content="另一件事")

    with time_machine.travel(START, tick=True):
        log_in(page, "street_staff")
        # 1. A new deliberation meeting at the station, this morning.
        page.goto(reverse("meetings:list"))
        with page.expect_navigation():
            page.get_by_test_id("new-meeting").click()
        form = page.get_by_test_id("meeting-form")
        expect(form.locator("#id_kind")).to_have_value("deliberation")
        form.locator("#id_title").fill("南岭社区代表议事会")
        form.locator("#id_node").select_option(str(world.station_a.pk))
        form.locator("#id_starts_at").fill("2026-03-10T08:30")
        form.locator("#id_place").fill("联络站二楼")
        submit(page, form)
        meeting = Meeting.objects.get()
        expect(page.get_by_test_id("meeting-title")).to_have_text("南岭社区代表议事会")

        # 2. A topic from the portal's suggestion: the two cases at the east gate, ticked.
        with page.expect_navigation():
            page.get_by_test_id("add-topic").click()
        suggestion = page.get_by_test_id("suggestion").first
        expect(suggestion).to_contain_text("南岭村东门")
        with page.expect_navigation():
            suggestion.get_by_test_id("use-suggestion").click()
        form = page.get_by_test_id("topic-form")
        expect(form.locator("#id_title")).to_have_value("城市管理 · 南岭村东门")
        expect(form.locator("input[name=cases]:checked")).to_have_count(2)
        form.locator("#id_title").fill("东门路灯长期不亮")
        submit(page, form)
        topic = Topic.objects.get()
        assert sorted(topic.cases.values_list("pk", flat=True)) == sorted(c.pk for c in cases)
        expect(page.get_by_test_id("topic-case")).to_have_count(2)

        # 3. Attendees: the deputy, the street office's official, a resident representative.
        with page.expect_navigation():
            page.get_by_test_id("add-attendee").click()
        form = page.get_by_test_id("attendee-form")
        form.locator("#id_kind").select_option("deputy")
        form.locator("#id_deputy").select_option(str(world.deputy.pk))
        submit(page, form, "[data-testid=add-another]")
        form = page.get_by_test_id("attendee-form")
        form.locator("#id_kind").select_option("official")
        form.locator("#id_unit").select_option(str(office.pk))
        form.locator("#id_name").fill("王科长")
        submit(page, form, "[data-testid=add-another]")
        form = page.get_by_test_id("attendee-form")
        form.locator("#id_kind").select_option("resident")
        form.locator("#id_name").fill("居民代表甲")
        submit(page, form)
        expect(page.get_by_test_id("attendee")).to_have_count(3)
        with page.expect_navigation():
            page.get_by_test_id("send-invitations").click()
        assert Notification.objects.filter(kind="meeting_invitation", user=world.deputy_user).count() == 1

        # Attendance, after the start: everyone came.
        with page.expect_navigation():
            page.get_by_test_id("record-attendance").click()
        form = page.get_by_test_id("attendance-form")
        for radio in form.locator("input[type=radio][value=present]").all():
            radio.check()
        submit(page, form)
        expect(page.get_by_test_id("meeting-status")).to_have_text(zh(Meeting.Status.HELD.label))
        assert Attendee.objects.filter(meeting=meeting, attendance="present").count() == 3

        # 4. Minutes with the unit's on-the-spot answer, then the decision with its action item.
        with page.expect_navigation():
            page.get_by_test_id("record-minutes").click()
        form = page.get_by_test_id("minutes-form")
        form.locator("#id_minutes").fill("代表和居民代表反映东门两盏路灯长期不亮。")
        form.locator("#id_unit_answer").fill("街道办当场答复：两周内更换。")
        submit(page, form)
        expect(page.get_by_test_id("topic-minutes")).to_contain_text("东门两盏路灯")
        with page.expect_navigation():
            page.get_by_test_id("add-decision").click()
        form = page.get_by_test_id("decision-form")
        form.locator("#id_text").fill("街道办于四月十日前更换东门路灯")
        form.locator("#id_owner").select_option(str(office.pk))
        form.locator("#id_due_on").fill("2026-04-10")
        submit(page, form)
        expect(page.get_by_test_id("decision-action")).to_have_count(1)

        # 5. The action item is on the list with its owner and due date.
        page.goto(reverse("meetings:action_list"))
        row = page.get_by_test_id("action-row")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("龙田街道办事处")
        expect(row.locator("[data-col=due]")).to_contain_text("2026-04-10")

    action = ActionItem.objects.get()
    assert (action.owner, action.due_on, action.status) == (office, dt.date(2026, 4, 10), "open")
    assert action.meeting == meeting
