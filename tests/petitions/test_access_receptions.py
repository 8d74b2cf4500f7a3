"""Access matrix for reception logging and the ledger: clerks of the station and committee staff
log; another station's clerk finds nothing (404); deputies and outsiders are refused (403)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from deputies.models import Duty
from petitions.reception_log import reception_photo_add
from tests.access import FORBIDDEN, NOT_FOUND, OK, Row, check, everyone, params
from tests.petitions.reception_fixtures import TODAY, category, make_reception


def _loggers(**overrides):
    """Clerk of station_a, street_a staff, district staff, admin: OK; another station's clerk: 404."""
    return everyone(OK, outsider=FORBIDDEN, deputy_user=FORBIDDEN, other_clerk=NOT_FOUND, **overrides)


def _png(name="photo.png"):
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _submission(w):
    return {
        "residents_received": "1",
        "notes": "",
        "issue-TOTAL_FORMS": "1",
        "issue-INITIAL_FORMS": "0",
        "issue-0-resident_name": "王小明",
        "issue-0-resident_phone": "13812348000",
        "issue-0-category": str(w.category.pk),
        "issue-0-content": "路灯坏了。",
    }


def log_url(w, suffix=""):
    return f"/cases/receptions/{w.reception.pk}/log/{suffix}"


ROWS = [
    Row(
        "petitions:reception_todo",
        lambda w: "/cases/receptions/",
        everyone(OK, outsider=FORBIDDEN, deputy_user=FORBIDDEN),
    ),
    Row("petitions:reception_log", lambda w: log_url(w), _loggers()),
    Row("petitions:reception_log", lambda w: log_url(w), _loggers(), method="post", data=_submission),
    Row("petitions:reception_log_draft", lambda w: log_url(w, "draft/"), _loggers(), method="post", data=_submission),
    Row("petitions:reception_log_rows", lambda w: log_url(w, "rows/"), _loggers(), method="post", data=_submission),
    Row(
        "petitions:reception_attendance",
        lambda w: f"/cases/receptions/{w.reception.pk}/duties/{w.duty.pk}/attendance/",
        _loggers(),
        method="post",
        data=lambda w: {"attendance": "late"},
    ),
    Row(
        "petitions:reception_photo_add",
        lambda w: f"/cases/receptions/{w.reception.pk}/photos/",
        _loggers(),
        method="post",
        data=lambda w: {"photo": _png()},
    ),
    Row("petitions:reception_photo", lambda w: f"/cases/receptions/photos/{w.photo.pk}/", _loggers()),
    # A clerk's ledger covers their own stations; asking for another's is a 404.
    Row("petitions:ledger", lambda w: "/cases/ledger/", everyone(OK, outsider=FORBIDDEN, deputy_user=FORBIDDEN)),
    Row("petitions:ledger", lambda w: f"/cases/ledger/?station={w.station_a.pk}&month=2026-03", _loggers()),
    Row("petitions:ledger", lambda w: f"/cases/ledger/?street={w.street_a.pk}", _loggers()),
    Row("petitions:ledger_xlsx", lambda w: f"/cases/ledger/export.xlsx?street={w.street_a.pk}", _loggers()),
    Row("petitions:ledger_csv", lambda w: f"/cases/ledger/export.csv?station={w.station_a.pk}", _loggers()),
    Row(
        "petitions:ledger_csv",
        lambda w: "/cases/ledger/export.csv",
        everyone(OK, outsider=FORBIDDEN, deputy_user=FORBIDDEN),
    ),
]


@pytest.fixture
def reception_world(world, frozen_now):
    world.category = category("城市管理")
    world.reception = make_reception(world, TODAY, deputies=[world.deputy])
    world.duty = world.reception.duties.get()
    Duty.objects.filter(pk=world.duty.pk).update(attendance=Duty.Attendance.PRESENT)
    world.photo = reception_photo_add(reception=world.reception, upload=_png(), by=world.clerk)
    return world


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, reception_world, client_for):
    check(client_for(persona), row, persona, reception_world)
