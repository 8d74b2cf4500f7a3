"""Helpers for the case page tests: a case made through the service, images and PDFs in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from petitions import services
from petitions.models import Category, Petition
from tests.deputies.conftest import image_bytes

__all__ = ["image_bytes", "jpeg", "new_case", "pdf_bytes", "upload"]

PHONE = "13812348000"


def category(name: str = "城市管理") -> Category:
    return Category.objects.get(name=name)


def new_case(world, by=None, **extra) -> Petition:
    fields = dict(
        by=by or world.clerk,
        node=world.station_a,
        channel=Petition.Channel.STATION,
        resident_name="王小明",
        resident_phone=PHONE,
        category=category(),
        content="小区门口路灯坏了两个月。",
    )
    fields.update(extra)
    return services.petition_create(**fields)


def upload(data: bytes, name: str, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
    return upload(image_bytes("JPEG", **kwargs), name, "image/jpeg")


def pdf_bytes(extra: bytes = b"") -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + extra


def decoded(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def en(client):
    """Pages in English, so that assertions on messages hold once the Chinese translation exists."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
