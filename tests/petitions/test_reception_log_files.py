"""Files attached to each issue raised on the logging page: checked and stored as on staff entry,
mapped to their row by the row's key (not its position), all checked before anything is written."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from deputies.models import Duty
from petitions.attachments import MAX_FILES
from petitions.models import Attachment, Petition, ReceptionLog
from petitions.reception_log import (
    MAX_FILES_PER_LOG,
    MAX_ISSUES,
    IssueInput,
    reception_attendance_set,
    reception_log_submit,
)
from stations.models import Reception
from tests.petitions.case_helpers import decoded, en, jpeg, pdf_bytes, upload
from tests.petitions.reception_fixtures import issue_post, three_rows

KEYS = ["a1b2c3d4e5f6", "0badc0ffee00", "fedcba987654"]


def url(logday, suffix=""):
    return f"/cases/receptions/{logday.reception.pk}/log/{suffix}"


def keyed_rows(logday) -> list[dict]:
    return [{"key": key, **row} for key, row in zip(KEYS, three_rows(logday), strict=True)]


def files_of(key: str) -> str:
    return f"issue-files-{key}"


@pytest.fixture
def marked(world, logday):
    reception_attendance_set(duty=logday.duty(world.deputy), attendance=Duty.Attendance.PRESENT, by=world.clerk)
    reception_attendance_set(duty=logday.duty(logday.wang), attendance=Duty.Attendance.PRESENT, by=world.clerk)
    return logday


def test_each_issue_keeps_its_own_files(world, marked, client_for):
    logday = marked
    data = issue_post(logday, keyed_rows(logday), residents_received="3")
    data[files_of(KEYS[0])] = [jpeg("IMG_0001.JPG", gps=True)]
    data[files_of(KEYS[2])] = [upload(pdf_bytes(), "材料.pdf", "application/pdf")]

    response = client_for("clerk").post(url(logday), data)

    assert response.status_code == 302
    first, second, third = Petition.objects.filter(reception=logday.reception).order_by("tracking_no")
    assert (first.resident_name, second.resident_name, third.resident_name) == ("王小明", "李阿姨", "陈先生")
    (photo,) = first.attachments.all()
    assert photo.kind == Attachment.Kind.IMAGE and photo.event.action == "create"
    data = photo.file.read()
    assert decoded(data).format == "JPEG" and len(decoded(data).getexif()) == 0
    assert b"Exif" not in data and b"PhoneMaker" not in data
    assert second.attachments.count() == 0
    (pdf,) = third.attachments.all()
    assert pdf.kind == Attachment.Kind.PDF and pdf.file.read() == pdf_bytes() and pdf.event.action == "create"


def test_a_bad_file_in_one_row_creates_nothing_and_keeps_everything_typed(world, marked, client_for):
    logday = marked
    data = issue_post(logday, keyed_rows(logday), residents_received="3", notes="顺利")
    data[files_of(KEYS[0])] = [jpeg("good.jpg")]
    data[files_of(KEYS[2])] = [upload(b"hello, I am text\n" * 50, "scan.jpg", "image/jpeg")]

    response = en(client_for("clerk")).post(url(logday), data)

    assert response.status_code == 400
    assert Petition.objects.count() == 0 and Attachment.objects.count() == 0
    logday.reception.refresh_from_db()
    assert logday.reception.status == Reception.Status.PLANNED
    html = response.content.decode()
    # The error beside the third row's input, and only there.
    error = re.search(rf'<[^>]* id="error_1_id_issue-files-{KEYS[2]}"[^>]*>(.*?)</', html, re.S)
    assert error and "scan.jpg: this is not a JPEG, PNG or WebP photo." in error.group(1)
    assert not re.search(rf'id="error_1_id_issue-files-{KEYS[0]}"', html)
    assert "Please choose the files again" in html
    for value in ("王小明", "李阿姨", "社区老年食堂菜价上涨。", "夜间施工噪音扰民。", "顺利"):
        assert value in html
    # The rows keep their keys, so the files chosen again go to the same rows.
    for key in KEYS:
        assert f'value="{key}"' in html and f'name="{files_of(key)}"' in html
    assert [row["key"] for row in ReceptionLog.objects.get().draft["issues"]] == KEYS


def test_files_follow_their_row_when_rows_were_removed_in_the_page(world, marked, client_for):
    logday = marked
    client = client_for("clerk")
    # "Remove" the first row: the others are redrawn at positions 0 and 1, keeping their keys.
    response = client.post(url(logday, "rows/"), {**issue_post(logday, keyed_rows(logday)), "remove": "0"})
    assert response.status_code == 302
    html = client.get(url(logday)).content.decode()
    assert re.search(rf'name="issue-0-key" value="{KEYS[1]}"', html)
    assert re.search(rf'name="issue-1-key" value="{KEYS[2]}"', html)

    # The PDF chosen for 陈先生's row (now the second) is sent under that row's key.
    rows = keyed_rows(logday)[1:]
    data = issue_post(logday, rows, residents_received="2")
    data[files_of(KEYS[2])] = [upload(pdf_bytes(), "材料.pdf", "application/pdf")]
    assert client.post(url(logday), data).status_code == 302
    case = Petition.objects.get(attachments__isnull=False)
    assert case.resident_name == "陈先生" and Petition.objects.count() == 2


def test_a_row_with_only_files_must_be_completed(world, marked, client_for):
    logday = marked
    rows = [*keyed_rows(logday)[:1], {"key": KEYS[1]}]
    data = issue_post(logday, rows, residents_received="2")
    data[files_of(KEYS[1])] = [jpeg()]
    response = en(client_for("clerk")).post(url(logday), data)
    assert response.status_code == 400 and Petition.objects.count() == 0
    assert re.search(r'id="error_1_id_issue-1-resident_name"', response.content.decode())


def test_more_than_ten_files_in_one_row_are_refused_beside_it(world, marked, client_for):
    logday = marked
    data = issue_post(logday, keyed_rows(logday)[:1], residents_received="1")
    data[files_of(KEYS[0])] = [jpeg(f"p{i}.jpg") for i in range(MAX_FILES + 1)]
    response = en(client_for("clerk")).post(url(logday), data)
    assert response.status_code == 400 and Petition.objects.count() == 0
    error = re.search(rf'id="error_1_id_issue-files-{KEYS[0]}"[^>]*>(.*?)</', response.content.decode(), re.S)
    assert error and "At most 10 files at a time; you chose 11." in error.group(1)


def test_the_files_of_one_log_are_capped_before_any_is_decoded(world, marked, client_for, monkeypatch):
    logday = marked
    monkeypatch.setattr("petitions.reception_forms.MAX_FILES_PER_LOG", 2)
    decoded_files = []
    monkeypatch.setattr("petitions.reception_forms.prepare_uploads", lambda files: decoded_files.extend(files))
    data = issue_post(logday, keyed_rows(logday), residents_received="3")
    data[files_of(KEYS[0])] = [jpeg("a.jpg"), jpeg("b.jpg")]
    data[files_of(KEYS[1])] = [jpeg("c.jpg")]
    response = en(client_for("clerk")).post(url(logday), data)
    assert response.status_code == 400 and Petition.objects.count() == 0 and decoded_files == []
    assert "At most 2 files per log; you chose 3." in response.content.decode()


def test_django_accepts_as_many_file_parts_as_the_page_can_send():
    # Every row's input sends a part even when empty; the files of one log are capped.
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES >= MAX_ISSUES + MAX_FILES_PER_LOG


def test_autosave_keeps_the_row_keys_and_never_the_files(world, logday, client_for):
    data = issue_post(logday, keyed_rows(logday))
    data[files_of(KEYS[0])] = [jpeg()]
    response = client_for("clerk").post(url(logday, "draft/"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    draft = ReceptionLog.objects.get().draft
    assert [row["key"] for row in draft["issues"]] == KEYS
    assert "issue-files" not in str(draft) and Attachment.objects.count() == 0


def test_the_service_checks_every_issues_files_before_writing(world, marked):
    logday = marked
    issues = [
        IssueInput("王小明", "13812348000", logday.category, "路灯坏了。", attachments=(jpeg(),)),
        IssueInput("李阿姨", "13912345678", logday.category, "菜价上涨。", attachments=(upload(b"<svg/>", "x.png"),)),
    ]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        reception_log_submit(reception=logday.reception, by=world.clerk, residents_received=2, issues=issues)
    assert error.value.messages == ["Issue 2: x.png: this is not a JPEG, PNG or WebP photo."]
    assert Petition.objects.count() == 0 and Attachment.objects.count() == 0
    logday.reception.refresh_from_db()
    assert logday.reception.status == Reception.Status.PLANNED
