"""The logging page: attendance and rows in place (htmx), the autosaved draft restored, submit
errors beside each field with nothing lost, and the tracking numbers once logged."""

import io
import re

import pytest
from PIL import Image

from deputies.models import Duty
from petitions.models import Petition, ReceptionLog, ReceptionPhoto
from stations.models import Reception
from tests.petitions.reception_fixtures import issue_post, three_rows

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(logday, suffix=""):
    return f"/cases/receptions/{logday.reception.pk}/log/{suffix}"


def mark(client, logday, deputy, value, **extra):
    duty = logday.duty(deputy)
    return client.post(
        f"/cases/receptions/{logday.reception.pk}/duties/{duty.pk}/attendance/", {"attendance": value}, **extra
    )


def test_the_page_shows_the_occurrence_and_the_deputies_on_duty(
    world, logday, client_for, django_assert_max_num_queries
):
    client = client_for("clerk")
    client.get("/")  # session and user warmed up
    # session, user, scope (3), reception, may-log check, log, duties, photos (none: no log), and per
    # issue row: communities exists + choices (communities, categories, deputies), messages
    with django_assert_max_num_queries(16):
        response = client.get(url(logday))
    assert response.status_code == 200
    html = response.content.decode()
    assert "南岭社区联络站" in html and "2026-03-10" in html and "09:00–11:30" in html
    assert html.count('data-testid="duty"') == 2 and "张代表" in html and "王代表" in html
    assert html.count('data-testid="issue-row"') == 1
    assert "<script>" not in html and 'style="' not in html

    # Three rows restored from the draft cost no more queries than one.
    client.post(url(logday, "draft/"), issue_post(logday, three_rows(logday)), **HTMX)
    with django_assert_max_num_queries(16):
        html = client.get(url(logday)).content.decode()
    assert html.count('data-testid="issue-row"') == 3


def test_attendance_is_saved_at_once_and_the_row_redrawn(world, logday, client_for):
    client = client_for("clerk")
    response = mark(client, logday, world.deputy, "late", **HTMX)
    assert response.status_code == 200
    assert 'aria-pressed="true" data-testid="mark-late"' in response.content.decode()
    assert logday.duty(world.deputy).attendance == Duty.Attendance.LATE
    # Without JavaScript, the same form posts and comes back to the page.
    response = mark(client, logday, logday.wang, "absent")
    assert response.status_code == 302 and response["Location"] == url(logday)
    assert logday.duty(logday.wang).attendance == Duty.Attendance.ABSENT


def test_a_bad_attendance_value_is_refused(world, logday, client_for):
    response = mark(client_for("clerk"), logday, world.deputy, "expected", **HTMX)
    assert response.status_code == 400
    assert logday.duty(world.deputy).attendance == Duty.Attendance.EXPECTED


def test_autosave_then_leaving_and_coming_back_restores_everything(world, logday, client_for):
    client = client_for("clerk")
    rows = three_rows(logday)
    rows[1]["content"] = "还没写完的内容"
    data = issue_post(logday, rows, residents_received="7", notes="下午两点开始")

    response = client.post(url(logday, "draft/"), data, **HTMX)
    assert response.status_code == 200 and "bi-cloud-check" in response.content.decode()
    assert ReceptionLog.objects.get(reception=logday.reception).draft["notes"] == "下午两点开始"

    html = client_for("clerk").get(url(logday)).content.decode()  # another visit
    assert html.count('data-testid="issue-row"') == 3
    for value in (
        "王小明",
        "13812348000",
        "李阿姨",
        "还没写完的内容",
        "0755-2888 1234",
        "夜间施工噪音扰民。",
        "下午两点开始",
    ):
        assert value in html
    assert 'name="residents_received" value="7"' in html
    assert re.search(rf'<option value="{logday.wang.pk}" selected>', html)
    assert re.search(r'name="issue-2-hide_name_from_deputy"[^>]*checked', html)


def test_add_and_remove_rows_in_place(world, logday, client_for):
    client = client_for("clerk")
    rows = three_rows(logday)[:1]
    response = client.post(url(logday, "rows/"), {**issue_post(logday, rows), "op": "add"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.count('data-testid="issue-row"') == 2
    assert 'name="issue-TOTAL_FORMS" value="2"' in html and "王小明" in html
    assert len(ReceptionLog.objects.get().draft["issues"]) == 2

    two = three_rows(logday)[:2]
    response = client.post(url(logday, "rows/"), {**issue_post(logday, two), "remove": "0"}, **HTMX)
    html = response.content.decode()
    assert html.count('data-testid="issue-row"') == 1 and "李阿姨" in html and "王小明" not in html


def test_submit_creates_the_cases_and_shows_their_tracking_numbers(world, logday, client_for):
    client = client_for("clerk")
    mark(client, logday, world.deputy, "present")
    mark(client, logday, logday.wang, "present")

    response = client.post(url(logday), issue_post(logday, three_rows(logday), residents_received="5", notes="顺利"))

    assert response.status_code == 302
    cases = Petition.objects.filter(reception=logday.reception, channel="reception")
    assert cases.count() == 3
    html = client.get(url(logday)).content.decode()
    for no in ("LT01-20260310-0001", "LT01-20260310-0002", "LT01-20260310-0003"):
        assert no in html
    assert 'data-testid="residents-received">5<' in html
    logday.reception.refresh_from_db()
    assert logday.reception.status == Reception.Status.HELD
    # A second submit (another tab) creates nothing.
    response = client.post(url(logday), issue_post(logday, three_rows(logday)))
    assert response.status_code == 400 and cases.count() == 3


def test_invalid_rows_keep_everything_and_show_errors_beside_the_fields(world, logday, client_for):
    client = client_for("clerk")
    mark(client, logday, world.deputy, "present")
    mark(client, logday, logday.wang, "present")
    rows = three_rows(logday)
    rows[1]["category"] = ""
    rows[2]["resident_phone"] = "abc"
    rows.append({"resident_name": "", "resident_phone": "", "content": ""})  # an empty row is skipped

    response = client.post(url(logday), issue_post(logday, rows, residents_received="5", notes="备注"))

    assert response.status_code == 400
    html = response.content.decode()
    for value in ("王小明", "李阿姨", "社区老年食堂菜价上涨。", "abc", "夜间施工噪音扰民。", "备注"):
        assert value in html
    assert 'id="id_issue-1-category"' in html and re.search(r'id="error_1_id_issue-1-category"', html)
    assert re.search(r'id="error_1_id_issue-2-resident_phone"', html)
    assert not re.search(r'id="error_1_id_issue-0-', html)
    assert Petition.objects.count() == 0
    assert ReceptionLog.objects.get().draft["issues"][2]["resident_phone"] == "abc"


def test_unmarked_attendance_is_reported_on_submit(world, logday, client_for):
    client = client_for("clerk")
    mark(client, logday, world.deputy, "present")
    response = client.post(url(logday), issue_post(logday, three_rows(logday)))
    assert response.status_code == 400
    assert 'data-testid="log-errors"' in response.content.decode() and "王代表" in response.content.decode()
    assert Petition.objects.count() == 0


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="PNG")
    return out.getvalue()


def test_photos_are_reencoded_and_served_only_within_scope(world, logday, client_for, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("clerk")
    upload = SimpleUploadedFile("现场.png", _png(), content_type="image/png")
    response = client.post(f"/cases/receptions/{logday.reception.pk}/photos/", {"photo": upload}, **HTMX)
    assert response.status_code == 200
    photo = ReceptionPhoto.objects.get()
    assert photo.file.name.endswith(".jpg") and "现场" not in photo.file.name
    served = client.get(f"/cases/receptions/photos/{photo.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content)[:2] == b"\xff\xd8"
    assert client_for("other_clerk").get(f"/cases/receptions/photos/{photo.pk}/").status_code == 404

    fake = SimpleUploadedFile("x.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", content_type="image/png")
    response = client.post(f"/cases/receptions/{logday.reception.pk}/photos/", {"photo": fake}, **HTMX)
    assert response.status_code == 400 and ReceptionPhoto.objects.count() == 1


def test_the_list_of_receptions_to_log(world, logday, client_for):
    html = client_for("clerk").get("/cases/receptions/").content.decode()
    assert f"/cases/receptions/{logday.reception.pk}/log/" in html
    assert (
        client_for("other_clerk").get("/cases/receptions/").content.decode().count('data-testid="reception-row"') == 0
    )


@pytest.mark.parametrize("persona", ["deputy_user", "outsider"])
def test_deputies_and_outsiders_are_refused(world, logday, client_for, persona):
    assert client_for(persona).get(url(logday)).status_code == 403


def test_a_page_left_open_after_the_log_was_submitted_elsewhere(world, logday, client_for):
    client = client_for("clerk")
    mark(client, logday, world.deputy, "present")
    mark(client, logday, logday.wang, "present")
    assert client.post(url(logday), issue_post(logday, three_rows(logday)[:1])).status_code == 302
    # Its autosave says so; "add another issue" reloads the page, which now shows the log.
    response = client.post(
        url(logday, "draft/"), issue_post(logday, three_rows(logday)), HTTP_ACCEPT_LANGUAGE="en", **HTMX
    )
    assert response.status_code == 409 and "already been logged" in response.content.decode()
    response = client.post(url(logday, "rows/"), {**issue_post(logday, []), "op": "add"}, **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == url(logday)
    assert Petition.objects.count() == 1
