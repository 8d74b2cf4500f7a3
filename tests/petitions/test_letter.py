"""The referral letter 转办函: the print view and the PDF say the same things; the resident's phone is
never on it (the unit replies to the street committee, not to the resident)."""

import datetime as dt
import io
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from petitions import services
from petitions.models import HandlingUnit, Petition

CN = ZoneInfo("Asia/Shanghai")
SENT = dt.datetime(2025, 11, 30, 10, 0, tzinfo=CN)
PHONE_FORMS = ("13812348000", "138****8000", "1381234")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def referral(world, ref_assigned_case, street_office):
    with time_machine.travel(SENT, tick=False):
        return services.petition_refer(
            petition=ref_assigned_case,
            by=world.street_staff,
            unit=street_office,
            route="street",
            deputy_opinion="建议尽快维修",
            street_opinion="同意转街道办处理",
        )


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _testid(html: str, name: str) -> str:
    match = re.search(rf'<(\w+)[^>]*data-testid="{name}"[^>]*>(.*?)</\1>', html, re.S)
    return _text(match.group(2))


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_letter_before_receipt(world, client_for, referral):
    with time_machine.travel(dt.datetime(2025, 12, 2, 9, tzinfo=CN), tick=False):
        response = client_for("clerk").get(f"/cases/referrals/{referral.pk}/letter/")
    html = response.content.decode()
    assert response.status_code == 200
    assert _testid(html, "letter-number") == "No. LG-ZB-2025-00001"
    # Not received yet: three months from receipt, the date as if received on the day it is printed.
    assert _testid(html, "deadline") == "Please reply in writing by March 2, 2026."
    assert "the date above applies if it is received today, Dec. 2, 2025" in _text(html)
    slip = _testid(html, "receipt-slip")
    assert "Receipt" in slip and "LG-ZB-2025-00001" in slip and "Signature (seal)" in slip
    assert _testid(html, "copy-to") == "Copy to: Office of the 龙岗区 People's Congress Standing Committee"
    text = _text(html)
    for expected in ("龙田街道办事处", "LT01-", "城市管理", "南岭村牌坊路口", "小区门口路灯坏了两个月。", "王小明"):
        assert expected in text
    assert "建议尽快维修" in text and "同意转街道办处理" in text
    assert "css/letter.css" in html and "js/letter.js" in html
    for phone in PHONE_FORMS:
        assert phone not in html


def test_the_letter_after_receipt_and_extension_shows_the_date_in_force(world, client_for, referral):
    case = Petition.objects.get(pk=referral.petition_id)
    with time_machine.travel(SENT, tick=False):
        services.referral_acknowledge(petition=case, by=world.clerk, received_on=SENT.date(), received_by_name="李")
    html = client_for("street_staff").get(f"/cases/referrals/{referral.pk}/letter/").content.decode()
    assert _testid(html, "deadline") == "Please reply in writing by Feb. 28, 2026."
    assert "Within 3 months of receipt on Nov. 30, 2025." in _text(html)
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, tzinfo=CN), tick=False):
        services.referral_extend(petition=case, by=world.district_staff, new_due_on=dt.date(2026, 4, 30), reason="协调")
    html = client_for("street_staff").get(f"/cases/referrals/{referral.pk}/letter/").content.decode()
    assert _testid(html, "deadline") == "Please reply in writing by April 30, 2026."


def test_the_district_route_letter_carries_the_review_and_is_sent_by_the_district_office(
    world, client_for, ref_assigned_case
):
    department = HandlingUnit.objects.create(district=world.district, name="区交通运输局", kind="department")
    referral = services.petition_refer(
        petition=ref_assigned_case,
        by=world.district_staff,
        unit=department,
        route="district",
        district_opinion="经审查",
    )
    html = client_for("district_staff").get(f"/cases/referrals/{referral.pk}/letter/").content.decode()
    text = _text(html)
    assert "Office of the 龙岗区 People's Congress Standing Committee Referral letter" in text
    assert "District committee's review opinion 经审查" in text
    assert "reply in writing to 龙田街道 People's Congress Working Committee" in text
    assert _testid(html, "copy-to") == "Copy to: 龙田街道 People's Congress Working Committee"


def test_a_deputy_kept_from_the_name_sees_it_masked(world, client_for, referral):
    Petition.objects.filter(pk=referral.petition_id).update(hide_name_from_deputy=True)
    deputy_html = client_for("deputy_user").get(f"/cases/referrals/{referral.pk}/letter/").content.decode()
    assert "王小明" not in deputy_html and "王**" in deputy_html
    clerk_html = client_for("clerk").get(f"/cases/referrals/{referral.pk}/letter/").content.decode()
    assert "王小明" in clerk_html


def test_the_pdf_is_a_real_pdf_with_the_letter_in_chinese(world, client_for, referral):
    with time_machine.travel(dt.datetime(2025, 12, 2, 9, tzinfo=CN), tick=False):
        response = client_for("clerk").get(f"/cases/referrals/{referral.pk}/letter.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="LG-ZB-2025-00001.pdf"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    text = _pdf_text(response.content)
    for expected in (
        "LG-ZB-2025-00001",
        "龙田街道办事处",
        "小区门口路灯坏了两个月。",
        "建议尽快维修",
        "同意转街道办处理",
        "王小明",
        "Please reply in writing by March 2, 2026.",
        "Receipt",
    ):
        assert expected in text, expected
    for phone in PHONE_FORMS:
        assert phone not in text


def test_the_pdf_in_chinese_dates(world, client_for, referral, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    with time_machine.travel(dt.datetime(2025, 12, 2, 9, tzinfo=CN), tick=False):
        text = _pdf_text(client_for("clerk").get(f"/cases/referrals/{referral.pk}/letter.pdf").content)
    assert "2026年3月2日" in text and "2025年11月30日" in text
