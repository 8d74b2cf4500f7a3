"""A clerk logs today's reception in Chromium: attendance, three residents' issues, a draft that
survives a reload, a photo attached to one issue, then the cases; the deputy assigned finds them
under "my cases"."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from deputies.models import Duty
from petitions.models import Petition
from stations.models import Community, Reception
from tests import factories as f
from tests.petitions.reception_fixtures import category, make_reception

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ISSUES = [
    ("王小明", "13812348000", "小区门口路灯坏了两个月。", ""),
    ("李阿姨", "13912345678", "社区老年食堂菜价上涨。", "王代表"),
    ("陈先生", "13700001234", "夜间施工噪音扰民。", ""),
]


@pytest.fixture
def today_reception(world):
    wang = f.DeputyFactory(name="王代表", user=f.UserFactory(username="deputy_wang"), district=world.district)
    f.AssignmentFactory(deputy=wang, node=world.station_a)
    world.station_a.communities.add(Community.objects.create(street=world.street_a, name="南岭社区"))
    category("城市管理")  # seeded by a migration, which an earlier browser test's flush removed
    reception = make_reception(world, timezone.localdate(), deputies=[world.deputy, wang], start=dt.time(0, 0))
    return reception


def small_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(out, format="JPEG")
    return out.getvalue()


def fill_issue(page, index: int, name, phone, content, deputy):
    row = page.get_by_test_id("issue-row").nth(index)
    row.locator(f"#id_issue-{index}-resident_name").fill(name)
    row.locator(f"#id_issue-{index}-resident_phone").fill(phone)
    row.locator(f"#id_issue-{index}-community").select_option(label="南岭社区")
    row.locator(f"#id_issue-{index}-category").select_option(label="城市管理")
    row.locator(f"#id_issue-{index}-content").fill(content)
    if deputy:
        row.locator(f"#id_issue-{index}-deputy").select_option(label=deputy)


def test_a_clerk_logs_todays_reception_and_the_deputy_sees_the_cases(world, today_reception, page, log_in):
    log_in(page, "clerk")
    page.goto("/cases/receptions/")
    with page.expect_navigation():
        page.get_by_test_id("reception-row").first.get_by_role("link").click()
    expect(page.get_by_test_id("reception-header")).to_contain_text("南岭社区联络站")

    # Attendance is saved at once, without leaving the page.
    duties = page.get_by_test_id("duty")
    duties.filter(has_text="张代表").get_by_test_id("mark-present").click()
    duties.filter(has_text="王代表").get_by_test_id("mark-late").click()
    expect(duties.filter(has_text="张代表").get_by_test_id("mark-present")).to_have_attribute("aria-pressed", "true")
    expect(duties.filter(has_text="王代表").get_by_test_id("mark-late")).to_have_attribute("aria-pressed", "true")

    page.locator("#id_residents_received").fill("3")
    page.locator("#id_notes").fill("三位居民来访。")
    for index, issue in enumerate(ISSUES):
        if index:
            page.get_by_test_id("add-issue").click()
            expect(page.get_by_test_id("issue-row")).to_have_count(index + 1)
        fill_issue(page, index, *issue)

    # The draft autosaves; leaving and coming back restores everything typed.
    with page.expect_response(lambda r: r.url.endswith("/log/draft/") and r.status == 200):
        page.locator("#id_issue-2-content").press("Tab")
    page.reload()
    expect(page.get_by_test_id("issue-row")).to_have_count(3)
    expect(page.locator("#id_issue-1-content")).to_have_value("社区老年食堂菜价上涨。")
    expect(page.locator("#id_issue-2-resident_name")).to_have_value("陈先生")
    expect(page.locator("#id_residents_received")).to_have_value("3")

    # A photo for 李阿姨's issue. Files go only with the final submit: adding and removing a row
    # redraws the rows without losing it, and no autosave carries it.
    photo = {"name": "现场.jpg", "mimeType": "image/jpeg", "buffer": small_jpeg()}
    page.get_by_test_id("issue-row").nth(1).locator("input[type=file]").set_input_files(photo)
    with page.expect_request(lambda r: r.url.endswith("/log/rows/")) as added:
        page.get_by_test_id("add-issue").click()
    expect(page.get_by_test_id("issue-row")).to_have_count(4)
    with page.expect_request(lambda r: r.url.endswith("/log/rows/")) as removed:
        page.get_by_test_id("issue-row").nth(3).locator("button[name=remove]").click()
    expect(page.get_by_test_id("issue-row")).to_have_count(3)
    # Tab from the notes lands on "remove issue 1": the autosave still goes to the draft, alone.
    with page.expect_response(lambda r: r.url.endswith("/log/draft/") and r.status == 200) as saved:
        page.locator("#id_notes").fill("三位居民来访，一位带来照片。")
        page.locator("#id_notes").press("Tab")
    expect(page.get_by_test_id("draft-status").locator(".bi-cloud-check")).to_be_visible()
    expect(page.get_by_test_id("issue-row")).to_have_count(3)
    for request in (added.value, removed.value, saved.value.request):
        assert "现场.jpg".encode() not in (request.post_data_buffer or b"")
        assert b"remove" not in (request.post_data_buffer or b"") or request is removed.value
    files = page.get_by_test_id("issue-row").nth(1).locator("input[type=file]")
    assert files.evaluate("input => input.files.length") == 1

    with page.expect_navigation():
        page.get_by_test_id("submit-log").click()
    created = page.get_by_test_id("created-cases").locator("li")
    expect(created).to_have_count(3)

    cases = Petition.objects.filter(reception=today_reception, channel=Petition.Channel.RECEPTION)
    assert cases.count() == 3
    assert sorted(cases.values_list("assigned_deputy__name", flat=True)) == ["张代表", "张代表", "王代表"]
    assert set(cases.values_list("category", flat=True)) == {category("城市管理").pk}
    with_photo = cases.get(resident_name="李阿姨")
    assert list(with_photo.attachments.values_list("kind", flat=True)) == ["image"]
    assert not cases.exclude(pk=with_photo.pk).filter(attachments__isnull=False).exists()
    today_reception.refresh_from_db()
    assert today_reception.status == Reception.Status.HELD
    assert dict(today_reception.duties.values_list("deputy__name", "attendance")) == {
        "张代表": Duty.Attendance.PRESENT,
        "王代表": Duty.Attendance.LATE,
    }

    # The deputy in charge finds their two cases under "my cases".
    page.context.clear_cookies()
    log_in(page, "deputy_user")
    page.goto("/cases/mine/")
    rows = page.get_by_test_id("open-cases").get_by_test_id("case-row")
    expect(rows).to_have_count(2)
    for tracking_no in cases.filter(assigned_deputy=world.deputy).values_list("tracking_no", flat=True):
        expect(page.get_by_test_id("open-cases")).to_contain_text(tracking_no)
