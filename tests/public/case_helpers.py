"""Shared by the public case tests (submit, track, rate): a photo, the form data, a case walked
through the staff's steps."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from petitions import services
from petitions.models import Category, HandlingUnit, Petition

PHONE = "13800138000"


def jpeg(name: str = "photo.jpg", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def category() -> Category:
    return Category.objects.get_or_create(name="城市管理", defaults={"order": 1})[0]


def form_data(**overrides) -> dict:
    data = {
        "content": "小区门口路灯坏了两个月,晚上很黑。",
        "place": "南岭村牌坊路口",
        "category": category().pk,
        "resident_name": "王小明",
        "resident_phone": PHONE,
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def resident_case(world, *, phone: str = PHONE, name: str = "王小明", content: str = "路灯坏了。") -> Petition:
    return services.petition_create(
        by=None,
        node=world.station_a,
        channel=Petition.Channel.ONLINE,
        resident_name=name,
        resident_phone=phone,
        category=category(),
        content=content,
    )


def walk_to_informed(world, case: Petition, *, reply_text: str = "已更换路灯。") -> Petition:
    """Assign, refer, acknowledge, reply, inform: as the staff do on their pages."""
    unit, _ = HandlingUnit.objects.get_or_create(
        district=world.district,
        name="龙田街道办事处",
        defaults={"street": world.street_a, "kind": HandlingUnit.Kind.STREET_OFFICE},
    )
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    services.petition_refer(
        petition=case, by=world.street_staff, unit=unit, route="street", street_opinion="同意转街道办处理"
    )
    services.referral_acknowledge(
        petition=case, by=world.clerk, received_on=timezone.localdate(), received_by_name="李收文"
    )
    services.petition_reply(petition=case, by=world.clerk, reply_text=reply_text, reply_class="A")
    services.petition_inform(petition=case, by=world.clerk, note="内部备注:已电话告知")
    return case
