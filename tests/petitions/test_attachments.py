"""Case attachments: checked by content, photos re-encoded, PDFs kept, served only within scope."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image, ImageFile

from petitions import services
from petitions.attachments import IMAGE_MAX_BYTES, MAX_FILES, PDF_MAX_BYTES
from petitions.models import Attachment, Petition, PetitionEvent
from tests.petitions.case_helpers import category, decoded, en, image_bytes, jpeg, new_case, pdf_bytes, upload

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _bomb_png() -> bytes:
    """50 megapixels in a few kilobytes: one bit per pixel, all zeros, compresses to almost nothing."""
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, format="PNG")
    return out.getvalue()


def _polyglot_jpeg_html() -> bytes:
    """A real JPEG with a script appended: a browser sniffing it could run it."""
    return image_bytes("JPEG") + b"<html><script>alert(document.cookie)</script></html>"


def _stored_files() -> list[str]:
    try:
        return default_storage.listdir("petitions")[1]
    except FileNotFoundError:
        return []


def _entry(world, files):
    return {
        "channel": "station",
        "node": world.station_a.pk,
        "category": category().pk,
        "grade": "normal",
        "content": "路灯坏了。",
        "resident_name": "王小明",
        "resident_phone": "13812348000",
        "attachments": files,
    }


@pytest.mark.parametrize(
    "file,problem",
    [
        (upload(SVG, "drawing.svg", "image/svg+xml"), "only JPEG, PNG or WebP photos and PDF documents"),
        (upload(SVG, "drawing.jpg", "image/jpeg"), "this is not a JPEG, PNG or WebP photo"),
        (upload(pdf_bytes(), "scan.jpg", "image/jpeg"), "this is a PDF document with another file type's name"),
        (upload(b"hello, I am text\n" * 50, "notes.png", "image/png"), "this is not a JPEG, PNG or WebP photo"),
        (upload(image_bytes("GIF"), "anim.gif", "image/gif"), "only JPEG, PNG or WebP photos and PDF documents"),
        (upload(image_bytes("GIF"), "anim.png", "image/png"), "this is not a JPEG, PNG or WebP photo"),
        (upload(_bomb_png(), "bomb.png", "image/png"), "a photo may have at most 40 megapixels"),
        (upload(image_bytes("JPEG"), "photo.pdf", "application/pdf"), "only JPEG, PNG or WebP photos"),
        (upload(b"%PDF" + b"x" * 100, "broken.png", "image/png"), "this is not a JPEG, PNG or WebP photo"),
        (upload(image_bytes("JPEG")[:200], "cut.jpg", "image/jpeg"), "this is not a JPEG, PNG or WebP photo"),
    ],
    ids=[
        "svg",
        "svg-as-jpg",
        "pdf-as-jpg",
        "text-as-png",
        "gif",
        "gif-as-png",
        "bomb",
        "jpeg-as-pdf",
        "fake-pdf",
        "truncated",
    ],
)
def test_malicious_or_wrong_files_are_refused_with_a_clear_message(world, client_for, file, problem):
    response = en(client_for("clerk")).post("/cases/new/", _entry(world, [jpeg("good.jpg"), file]))
    assert response.status_code == 400
    errors = response.context["form"].errors["attachments"]
    assert len(errors) == 1 and errors[0].startswith(f"{file.name}: ") and problem in errors[0]
    # One bad file saves nothing, not even the good one.
    assert not Petition.objects.exists() and not Attachment.objects.exists() and _stored_files() == []


def test_the_bomb_is_refused_before_decoding(world, monkeypatch):
    from petitions import attachments

    bomb = upload(_bomb_png(), "bomb.png")
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: pytest.fail("decoded a 50-megapixel image"))
    with translation.override("en"), pytest.raises(ValidationError, match="megapixels"):
        attachments.prepare_upload(bomb)


def test_an_eleventh_file_is_refused(world, client_for):
    files = [jpeg(f"p{i}.jpg") for i in range(MAX_FILES + 1)]
    response = en(client_for("clerk")).post("/cases/new/", _entry(world, files))
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == ["At most 10 files at a time; you chose 11."]
    assert not Petition.objects.exists()


def test_size_caps(world, client_for):
    big_photo = upload(image_bytes("JPEG") + b"\0" * IMAGE_MAX_BYTES, "big.jpg", "image/jpeg")
    big_pdf = upload(pdf_bytes(b"\0" * PDF_MAX_BYTES), "big.pdf", "application/pdf")
    response = en(client_for("clerk")).post("/cases/new/", _entry(world, [big_photo, big_pdf]))
    assert response.status_code == 400
    assert response.context["form"].errors["attachments"] == [
        "big.jpg: a photo may be at most 10.0\xa0MB.",
        "big.pdf: a PDF may be at most 20.0\xa0MB.",
    ]


def test_a_polyglot_loses_its_payload_and_a_pdf_is_kept_as_it_is(world):
    case = new_case(world, attachments=[upload(_polyglot_jpeg_html(), "x.jpg"), upload(pdf_bytes(b"%x"), "reply.pdf")])
    photo, pdf = case.attachments.order_by("kind")
    photo_data = photo.file.open("rb").read()
    assert b"<script>" not in photo_data and decoded(photo_data).format == "JPEG"
    assert pdf.file.open("rb").read() == pdf_bytes(b"%x")
    assert pdf.file.name.endswith(".pdf") and "reply" not in pdf.file.name
    assert pdf.size == len(pdf_bytes(b"%x"))


def test_the_service_checks_files_whoever_calls_it(world):
    with pytest.raises(ValidationError) as exc:
        new_case(world, attachments=[upload(SVG, "x.svg")])
    assert "attachments" in exc.value.message_dict
    assert not Petition.objects.exists()


# Serving ------------------------------------------------------------------------------------------


@pytest.fixture
def case_with_files(world):
    return new_case(world, attachments=[jpeg("a.jpg"), upload(pdf_bytes(), "b.pdf")])


@pytest.mark.parametrize(
    "persona,status",
    [
        ("clerk", 200),
        ("street_staff", 200),
        ("district_staff", 200),
        ("admin", 200),
        ("other_clerk", 404),
        ("deputy_user", 404),  # not assigned to this case, did not report it
        ("outsider", 403),
    ],
)
def test_attachments_are_served_only_to_users_who_see_the_case(case_with_files, client_for, persona, status):
    photo, pdf = case_with_files.attachments.order_by("kind")
    for item, content_type, magic in ((photo, "image/jpeg", b"\xff\xd8"), (pdf, "application/pdf", b"%PDF-")):
        response = client_for(persona).get(f"/cases/attachments/{item.pk}/")
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == content_type
            assert response["Content-Disposition"].startswith("inline")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Cache-Control"].startswith("private")
            assert b"".join(response.streaming_content).startswith(magic)


def test_the_assigned_deputy_sees_the_attachments(world, case_with_files, client_for):
    services.petition_assign(petition=case_with_files, deputy=world.deputy, by=world.clerk)
    photo = case_with_files.attachments.filter(kind="image").get()
    assert client_for("deputy_user").get(f"/cases/attachments/{photo.pk}/").status_code == 200


def test_anonymous_users_must_log_in(case_with_files, client):
    photo = case_with_files.attachments.first()
    response = client.get(f"/cases/attachments/{photo.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Adding files later ------------------------------------------------------------------------------


def test_files_added_later_get_their_own_attach_event(world, client_for):
    case = new_case(world)
    version = case.version
    response = client_for("clerk").post(
        f"/cases/{case.pk}/attach/", {"attachments": [jpeg("after.jpg")], "note": "现场复查照片"}
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    event = PetitionEvent.objects.get(petition=case, action="attach")
    assert (event.actor, event.note) == (world.clerk, "现场复查照片")
    assert list(case.attachments.values_list("event", flat=True)) == [event.pk]
    case.refresh_from_db()
    assert case.version == version  # adding a photo does not make someone's open form stale


def test_attaching_a_bad_file_re_renders_the_case_with_the_error(world, client_for):
    case = new_case(world)
    response = en(client_for("clerk")).post(f"/cases/{case.pk}/attach/", {"attachments": [upload(SVG, "x.svg")]})
    assert response.status_code == 400
    assert response.context["attach_form"].errors["attachments"][0].startswith("x.svg: ")
    assert not Attachment.objects.exists()
    assert not PetitionEvent.objects.filter(action="attach").exists()


@pytest.mark.parametrize("persona,status", [("other_clerk", 404), ("deputy_user", 404), ("outsider", 403)])
def test_attaching_outside_the_case_is_refused(world, client_for, persona, status):
    case = new_case(world)
    response = client_for(persona).post(f"/cases/{case.pk}/attach/", {"attachments": [jpeg()]})
    assert response.status_code == status
    assert not Attachment.objects.exists()


def test_the_reporting_deputy_sees_the_case_but_may_not_attach_unless_assigned(world, client_for):
    case = new_case(
        world,
        by=world.deputy_user,
        channel=Petition.Channel.DEPUTY,
        reported_by=world.deputy,
        resident_name="",
        resident_phone="",
    )
    client = client_for("deputy_user")
    assert client.post(f"/cases/{case.pk}/attach/", {"attachments": [jpeg()]}).status_code == 403
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    assert client.post(f"/cases/{case.pk}/attach/", {"attachments": [jpeg()]}).status_code == 302
    assert case.attachments.count() == 1
