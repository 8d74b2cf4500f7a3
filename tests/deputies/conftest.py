"""Helpers for the deputy page tests: images built in memory (with or without GPS EXIF)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

GPS_LATITUDE = ((22, 1), (32, 1), (4, 1))


def image_bytes(fmt: str = "JPEG", size=(60, 40), *, gps: bool = False, mode: str = "RGB") -> bytes:
    image = Image.new(mode, size, "red" if mode == "RGB" else 0)
    out = io.BytesIO()
    kwargs = {}
    if gps:
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = "PhoneMaker"
        gps_ifd = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps_ifd[ExifTags.GPS.GPSLatitudeRef] = "N"
        gps_ifd[ExifTags.GPS.GPSLatitude] = (22.0, 32.0, 4.0)
        gps_ifd[ExifTags.GPS.GPSLongitudeRef] = "E"
        gps_ifd[ExifTags.GPS.GPSLongitude] = (113.0, 56.0, 1.0)
        kwargs["exif"] = exif
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def upload(data: bytes, name: str = "me.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def deputy_post(world):
    """Valid create/edit form data for a deputy in world's district and street_a."""

    def make(**overrides) -> dict:
        data = {
            "name": "王新代表",
            "gender": "m",
            "level": "county",
            "district": world.district.pk,
            "street": world.street_a.pk,
            "electoral_district": "第12选区",
            "profession": "律师",
            "specialties_text": "律师、法律援助, 教育",
            "phone": "13912345678",
            "term_start": "2022-01-01",
            "term_end": "2026-12-31",
            "is_active": "on",
            "bio": "",
            "user": "",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make
