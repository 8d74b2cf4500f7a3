"""Deputy photos: checked by content, re-encoded without EXIF, private, served through a scoped view."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from deputies.models import Deputy
from deputies.services import PHOTO_MAX_BYTES
from tests.deputies.conftest import image_bytes, upload


def _upload_photo(client, world, deputy_post, file):
    return client.post(
        f"/deputies/{world.deputy.pk}/edit/", {**deputy_post(name="张代表", user=world.deputy_user.pk), "photo": file}
    )


def test_gps_exif_does_not_survive_the_upload(world, client_for, deputy_post):
    original = image_bytes("JPEG", gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test image does carry GPS
    response = _upload_photo(client_for("district_staff"), world, deputy_post, upload(original, "IMG_0001.JPG"))
    assert response.status_code == 302
    world.deputy.refresh_from_db()
    stored = world.deputy.photo.name
    assert stored.startswith("deputies/photos/") and stored.endswith(".jpg")
    assert "IMG_0001" not in stored  # random name
    data = default_storage.open(stored).read()
    saved = Image.open(io.BytesIO(data))
    assert saved.format == "JPEG"
    assert len(saved.getexif()) == 0
    assert b"Exif" not in data and b"PhoneMaker" not in data


@pytest.mark.parametrize("fmt,name", [("PNG", "a.png"), ("WEBP", "a.webp")])
def test_png_and_webp_are_accepted_and_stored_as_jpeg(world, client_for, deputy_post, fmt, name):
    data = image_bytes(fmt, mode="RGBA")
    assert _upload_photo(client_for("district_staff"), world, deputy_post, upload(data, name)).status_code == 302
    world.deputy.refresh_from_db()
    assert Image.open(world.deputy.photo.open("rb")).format == "JPEG"


@pytest.mark.parametrize(
    "data,name",
    [
        (b"<?php echo 'hi'; ?>", "shell.jpg"),  # not an image, whatever the name says
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg"),
        (image_bytes("GIF"), "anim.gif"),  # a real image, but not an allowed format
        (image_bytes("JPEG")[:200], "cut.jpg"),  # truncated
    ],
)
def test_non_images_and_other_formats_are_refused(world, client_for, deputy_post, data, name):
    response = _upload_photo(client_for("district_staff"), world, deputy_post, upload(data, name))
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors
    world.deputy.refresh_from_db()
    assert not world.deputy.photo


def test_more_than_40_megapixels_is_refused_before_decoding(world, client_for, deputy_post):
    big = image_bytes("PNG", size=(8000, 5001), mode="1")  # small file, 40,008,000 pixels
    assert len(big) < PHOTO_MAX_BYTES
    response = _upload_photo(client_for("district_staff"), world, deputy_post, upload(big, "big.png"))
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors


def test_more_than_5_mb_is_refused(world, client_for, deputy_post):
    huge = image_bytes("JPEG") + b"\0" * PHOTO_MAX_BYTES
    response = _upload_photo(client_for("district_staff"), world, deputy_post, upload(huge, "huge.jpg"))
    assert response.status_code == 400
    assert "photo" in response.context["form"].errors


@pytest.fixture
def with_photo(world, client_for, deputy_post):
    _upload_photo(client_for("district_staff"), world, deputy_post, upload(image_bytes("JPEG")))
    world.deputy.refresh_from_db()
    assert world.deputy.photo
    return world


@pytest.mark.parametrize(
    "persona,status",
    [("deputy_user", 200), ("clerk", 200), ("street_staff", 200), ("other_clerk", 404), ("outsider", 403)],
)
def test_photo_is_served_only_within_scope(with_photo, client_for, persona, status):
    response = client_for(persona).get(f"/deputies/{with_photo.deputy.pk}/photo/")
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"].startswith("private")
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_no_photo_is_a_404(world, client_for):
    assert client_for("district_staff").get(f"/deputies/{world.deputy.pk}/photo/").status_code == 404


def test_detail_page_shows_the_photo_through_the_view_never_a_media_url(with_photo, client_for):
    html = client_for("clerk").get(f"/deputies/{with_photo.deputy.pk}/").content.decode()
    assert f'src="/deputies/{with_photo.deputy.pk}/photo/"' in html
    assert with_photo.deputy.photo.name not in html


def test_replacing_or_clearing_a_photo_deletes_the_old_file(
    with_photo, client_for, deputy_post, django_capture_on_commit_callbacks
):
    client = client_for("district_staff")
    first = with_photo.deputy.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        _upload_photo(client, with_photo, deputy_post, upload(image_bytes("PNG"), "b.png"))
    second = Deputy.objects.get(pk=with_photo.deputy.pk).photo.name
    assert second != first and not default_storage.exists(first) and default_storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/deputies/{with_photo.deputy.pk}/edit/",
            {**deputy_post(name="张代表", user=with_photo.deputy_user.pk), "photo-clear": "on"},
        )
    assert not Deputy.objects.get(pk=with_photo.deputy.pk).photo
    assert not default_storage.exists(second)


def test_the_service_itself_reencodes_an_upload_whoever_calls_it(world):
    from deputies import services

    deputy = services.deputy_create(
        by=world.admin,
        name="导入代表",
        gender="f",
        level="county",
        district=world.district,
        photo=upload(image_bytes("JPEG", gps=True)),
    )
    data = deputy.photo.open("rb").read()
    assert data[:2] == b"\xff\xd8" and b"Exif" not in data
