"""The referral pages through the browser's requests: refer (routes, units, opinions, stale form),
acknowledge (dates, the due date recomputed), reply (class, PDF, late), extend (the six-month limit)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from petitions import services
from petitions.models import Attachment, HandlingUnit, Petition, Referral

CN = ZoneInfo("Asia/Shanghai")
S = Petition.Status
# A Sunday; three months later, 2026-02-28, is a Saturday worked in exchange for the Spring
# Festival holiday (调休), so the reply is due that very Saturday.
SENT = dt.datetime(2025, 11, 30, 10, 0, tzinfo=CN)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"  # messages asserted in the source language


@pytest.fixture
def department(world):
    return HandlingUnit.objects.create(district=world.district, name="区交通运输局", kind="department")


@pytest.fixture
def other_street_office(world):
    return HandlingUnit.objects.create(
        district=world.district, street=world.street_b, name="南湾街道办事处", kind="street_office"
    )


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _unit_options(html: str) -> set[str]:
    select = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
    return {label.strip() for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", select)}


# --- refer -------------------------------------------------------------------------------------


@time_machine.travel(SENT, tick=False)
def test_street_staff_see_only_the_street_route_and_their_street_office(
    world, client_for, ref_assigned_case, street_office, other_street_office, department
):
    response = client_for("street_staff").get(f"/cases/{ref_assigned_case.pk}/refer/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="street"' in html and 'value="district"' not in html
    assert _unit_options(html) == {"龙田街道办事处 (Street office)"}
    # The due date that will apply, shown before sending: received today → 2026-02-28 (a working Saturday).
    preview = re.search(r'data-testid="due-preview">(.*?)</div>', html, re.S).group(1)
    assert "by Feb. 28, 2026 if it receives it today" in " ".join(preview.split())


@time_machine.travel(SENT, tick=False)
def test_district_staff_choose_a_route_and_get_its_units(
    world, client_for, ref_assigned_case, street_office, other_street_office, department
):
    client = client_for("district_staff")
    url = f"/cases/{ref_assigned_case.pk}/refer/"
    page = client.get(url).content.decode()
    both = _unit_options(page)
    # Choosing a route reloads the unit list in place.
    assert page.count(f'hx-get="{url}" hx-select="#div_id_unit" hx-target="#div_id_unit"') == 2
    assert both == {"龙田街道办事处 (Street office)", "区交通运输局 (Functional department)"}
    district = client.get(url, {"route": "district"}, HTTP_HX_REQUEST="true").content.decode()
    assert _unit_options(district) == {"区交通运输局 (Functional department)"}
    street = client.get(url, {"route": "street"}).content.decode()
    assert _unit_options(street) == {"龙田街道办事处 (Street office)"}


def test_street_staff_may_not_post_the_district_route(world, client_for, ref_assigned_case, department):
    response = client_for("street_staff").post(
        f"/cases/{ref_assigned_case.pk}/refer/",
        {"route": "district", "unit": department.pk, "district_opinion": "同意", "version": ref_assigned_case.version},
    )
    assert response.status_code == 403
    assert not Referral.objects.exists() and Petition.objects.get(pk=ref_assigned_case.pk).status == S.ASSIGNED


def test_the_district_route_needs_the_review_opinion(world, client_for, ref_assigned_case, department):
    data = {"route": "district", "unit": department.pk, "deputy_opinion": "建议交通局处理", "version": 1}
    data["version"] = ref_assigned_case.version
    response = client_for("district_staff").post(f"/cases/{ref_assigned_case.pk}/refer/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The district committee&#x27;s review is required on this route." in html
    assert "建议交通局处理" in html  # nothing the user typed is lost
    assert not Referral.objects.exists()


def test_the_street_route_goes_to_the_cases_own_street_office(
    world, client_for, ref_assigned_case, other_street_office, department
):
    for unit in (other_street_office, department):
        response = client_for("district_staff").post(
            f"/cases/{ref_assigned_case.pk}/refer/",
            {"route": "street", "unit": unit.pk, "street_opinion": "同意", "version": ref_assigned_case.version},
        )
        assert response.status_code == 400
        assert "Select a valid choice" in response.content.decode()  # not among the route's units
        # The service holds the same rule for every other caller.
        with pytest.raises(ValidationError) as error:
            services.petition_refer(
                petition=ref_assigned_case, by=world.district_staff, unit=unit, route="street", street_opinion="同意"
            )
        assert error.value.message_dict == {
            "unit": ["On the street route, choose the street office of the case's street."]
        }
    with pytest.raises(ValidationError) as error:
        services.petition_refer(
            petition=ref_assigned_case,
            by=world.district_staff,
            unit=other_street_office,
            route="district",
            district_opinion="同意",
        )
    assert "district government office or a department" in error.value.message_dict["unit"][0]
    assert not Referral.objects.exists()


@time_machine.travel(SENT, tick=False)
def test_referring_saves_the_opinions_and_opens_the_letter(world, client_for, ref_assigned_case, street_office):
    response = client_for("street_staff").post(
        f"/cases/{ref_assigned_case.pk}/refer/",
        {
            "route": "street",
            "unit": street_office.pk,
            "deputy_opinion": "建议尽快维修",
            "street_opinion": "同意转街道办处理",
            "version": ref_assigned_case.version,
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/referrals/{referral.pk}/letter/"
    assert (referral.number, referral.unit, referral.route, referral.sent_by) == (
        "LG-ZB-2025-00001",
        street_office,
        "street",
        world.street_staff,
    )
    assert (referral.deputy_opinion, referral.street_opinion, referral.district_opinion) == (
        "建议尽快维修",
        "同意转街道办处理",
        "",
    )
    case = Petition.objects.get(pk=ref_assigned_case.pk)
    assert (case.status, case.due_on) == (S.REFERRED, dt.date(2026, 2, 28))
    assert _messages(response) == [
        "Referred to 龙田街道办事处 with letter LG-ZB-2025-00001. Print it or download the PDF below."
    ]


def test_a_stale_refer_form_is_refused_with_409_and_the_input_kept(world, client_for, ref_assigned_case, street_office):
    opened = ref_assigned_case.version
    services.petition_comment(petition=ref_assigned_case, by=world.clerk, note="居民又来电")  # someone else moves it
    services.petition_assign(petition=ref_assigned_case, deputy=world.other_deputy, by=world.district_staff)
    response = client_for("street_staff").post(
        f"/cases/{ref_assigned_case.pk}/refer/",
        {"route": "street", "unit": street_office.pk, "street_opinion": "同意转街道办处理", "version": opened},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this case a moment ago" in html and "Reload the page" in html
    assert "同意转街道办处理" in html
    assert not Referral.objects.exists()


# --- acknowledge -------------------------------------------------------------------------------


def _refer_on(world, case, unit, when):
    with time_machine.travel(when, tick=False):
        services.petition_refer(petition=case, by=world.street_staff, unit=unit, route="street", street_opinion="同意")
    case.refresh_from_db()
    return case


def _acknowledge(client, case, received_on, name="李收文"):
    return client.post(
        f"/cases/{case.pk}/acknowledge/",
        {"received_on": received_on.isoformat(), "received_by_name": name, "version": case.version},
    )


@pytest.mark.parametrize(
    "received_on,due_on,shown",
    [
        # No 2026-02-30: the month's last day; a Saturday worked for the Spring Festival: not moved.
        (dt.date(2025, 11, 30), dt.date(2026, 2, 28), "Feb. 28, 2026"),
        # Leap year: 2024-02-29 exists.
        (dt.date(2023, 11, 29), dt.date(2024, 2, 29), "Feb. 29, 2024"),
        # Ends on National Day (holiday 10-01 to 10-08): the next working day.
        (dt.date(2025, 7, 1), dt.date(2025, 10, 9), "Oct. 9, 2025"),
        # Ends in the Spring Festival holiday (2026-02-15 to 02-23): rolled to Tuesday 02-24.
        (dt.date(2025, 11, 21), dt.date(2026, 2, 24), "Feb. 24, 2026"),
        # Ends on an ordinary Sunday: Monday.
        (dt.date(2025, 6, 14), dt.date(2025, 9, 15), "Sept. 15, 2025"),
        # Ends on 2025-10-11, a Saturday worked after National Day: not moved.
        (dt.date(2025, 7, 11), dt.date(2025, 10, 11), "Oct. 11, 2025"),
    ],
)
def test_the_due_date_the_user_sees_after_acknowledgement(
    world, client_for, ref_assigned_case, street_office, received_on, due_on, shown
):
    sent = dt.datetime.combine(received_on, dt.time(9), tzinfo=CN)
    case = _refer_on(world, ref_assigned_case, street_office, sent)
    with time_machine.travel(sent + dt.timedelta(hours=3), tick=False):
        response = _acknowledge(client_for("clerk"), case, received_on)
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    case.refresh_from_db()
    referral = case.referrals.get()
    assert (case.status, case.due_on, referral.reply_due_on, referral.received_on) == (
        S.ACKNOWLEDGED,
        due_on,
        due_on,
        received_on,
    )
    assert referral.received_by_name == "李收文"
    assert _messages(response)[-1].endswith(f"The written reply is now due by {shown}.")


def test_the_due_date_moves_with_a_later_receipt(world, client_for, ref_assigned_case, street_office):
    case = _refer_on(world, ref_assigned_case, street_office, dt.datetime(2025, 11, 28, 9, tzinfo=CN))
    assert case.due_on == dt.date(2026, 2, 28)  # from the sending date, until the receipt is known
    with time_machine.travel(dt.datetime(2025, 12, 3, 9, tzinfo=CN), tick=False):
        _acknowledge(client_for("clerk"), case, dt.date(2025, 12, 2))
    case.refresh_from_db()
    assert case.due_on == dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    "received_on",
    [dt.date(2025, 11, 29), dt.date(2025, 12, 2)],  # before sending; in the future
    ids=["before-sending", "future"],
)
def test_an_impossible_receipt_date_is_refused(world, client_for, ref_assigned_case, street_office, received_on):
    case = _refer_on(world, ref_assigned_case, street_office, SENT)
    with time_machine.travel(SENT + dt.timedelta(days=1), tick=False):
        response = _acknowledge(client_for("clerk"), case, received_on)
    assert response.status_code == 400
    assert "The receipt date must be between the sending date and today." in response.content.decode()
    assert Petition.objects.get(pk=case.pk).status == S.REFERRED


def test_the_acknowledge_form_defaults_to_today(world, client_for, ref_assigned_case, street_office):
    case = _refer_on(world, ref_assigned_case, street_office, SENT)
    with time_machine.travel(SENT + dt.timedelta(days=2), tick=False):
        html = client_for("clerk").get(f"/cases/{case.pk}/acknowledge/").content.decode()
    assert 'name="received_on" value="2025-12-02"' in html
    assert "received today, the reply is due by March 2, 2026" in " ".join(html.split())


def test_a_stale_acknowledgement_is_refused_with_409(world, client_for, ref_referred_case):
    stale = ref_referred_case.version
    services.petition_comment(petition=ref_referred_case, by=world.clerk, note="x")
    services.referral_extend(
        petition=ref_referred_case,
        by=world.district_staff,
        new_due_on=ref_referred_case.due_on + dt.timedelta(days=5),
        reason="协调",
    )
    response = client_for("clerk").post(
        f"/cases/{ref_referred_case.pk}/acknowledge/",
        {"received_on": timezone.localdate().isoformat(), "received_by_name": "李收文", "version": stale},
    )
    assert response.status_code == 409 and "李收文" in response.content.decode()
    assert Petition.objects.get(pk=ref_referred_case.pk).status == S.REFERRED


# --- reply ---------------------------------------------------------------------------------------


def _reply(client, case, *, replied_on, document=None, text="路灯已全部更换。"):
    data = {"reply_text": text, "reply_class": "A", "replied_on": replied_on.isoformat(), "version": case.version}
    if document is not None:
        data["document"] = document
    return client.post(f"/cases/{case.pk}/reply/", data)


def test_a_reply_with_its_pdf_is_kept_on_the_reply_event(world, client_for, ref_assigned_case, street_office):
    case = _refer_on(world, ref_assigned_case, street_office, SENT)
    with time_machine.travel(SENT + dt.timedelta(days=20), tick=False):
        pdf = SimpleUploadedFile("答复函.pdf", PDF_BYTES, content_type="application/pdf")
        response = _reply(client_for("clerk"), case, replied_on=dt.date(2025, 12, 19), document=pdf)
    assert response.status_code == 302 and _messages(response) == ["Reply recorded."]
    referral = Referral.objects.get()
    assert (referral.reply_text, referral.reply_class, referral.replied_on) == (
        "路灯已全部更换。",
        "A",
        dt.date(2025, 12, 19),
    )
    event = case.events.get(action="reply")
    assert event.data == {"reply_class": "A", "late": False}
    attachment = Attachment.objects.get()
    assert (attachment.event, attachment.kind, attachment.size) == (event, Attachment.Kind.PDF, len(PDF_BYTES))
    assert attachment.file.name.endswith(".pdf") and "答复函" not in attachment.file.name
    with attachment.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


@pytest.mark.parametrize(
    "name,content",
    [("reply.pdf", PNG_BYTES), ("reply.pdf", b"<html><script>alert(1)</script>"), ("reply.png", PNG_BYTES)],
    ids=["png-named-pdf", "html-named-pdf", "png"],
)
def test_a_reply_document_that_is_not_a_pdf_is_refused(world, client_for, ref_referred_case, name, content):
    response = _reply(
        client_for("clerk"),
        ref_referred_case,
        replied_on=timezone.localdate(),
        document=SimpleUploadedFile(name, content),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The written reply must be a PDF document." in html and "路灯已全部更换。" in html
    assert not Attachment.objects.exists()
    assert Petition.objects.get(pk=ref_referred_case.pk).status == S.REFERRED


def test_a_late_reply_is_flagged(world, client_for, ref_assigned_case, street_office):
    case = _refer_on(world, ref_assigned_case, street_office, SENT)
    with time_machine.travel(dt.datetime(2026, 3, 5, 9, tzinfo=CN), tick=False):
        response = _reply(client_for("street_staff"), case, replied_on=dt.date(2026, 3, 2))
    assert response.status_code == 302
    assert _messages(response) == ["Reply recorded, late: it was due by Feb. 28, 2026."]
    assert case.events.get(action="reply").data["late"] is True


def test_a_reply_date_in_the_future_is_refused(world, client_for, ref_referred_case):
    response = _reply(client_for("clerk"), ref_referred_case, replied_on=timezone.localdate() + dt.timedelta(days=2))
    assert response.status_code == 400
    assert "The reply date must be between the sending date and today." in response.content.decode()


# --- extend --------------------------------------------------------------------------------------


def _extend(client, case, new_due_on, reason="涉及多个部门协调"):
    return client.post(
        f"/cases/{case.pk}/extend/",
        {"new_due_on": new_due_on.isoformat(), "reason": reason, "version": case.version},
    )


@pytest.fixture
def acknowledged(world, client_for, ref_assigned_case, street_office):
    case = _refer_on(world, ref_assigned_case, street_office, SENT)
    with time_machine.travel(SENT, tick=False):
        services.referral_acknowledge(petition=case, by=world.clerk, received_on=SENT.date(), received_by_name="李收文")
    case.refresh_from_db()
    return case


@time_machine.travel(dt.datetime(2026, 2, 20, 9, tzinfo=CN), tick=False)
def test_an_extension_is_refused_beyond_six_months_after_receipt(world, client_for, acknowledged):
    page = client_for("district_staff").get(f"/cases/{acknowledged.pk}/extend/").content.decode()
    assert "An extension may reach May 30, 2026 at the latest." in page
    response = _extend(client_for("district_staff"), acknowledged, dt.date(2026, 5, 31))
    assert response.status_code == 400
    assert "At most 6 months in total: no later than 2026-05-30." in response.content.decode()
    assert Petition.objects.get(pk=acknowledged.pk).due_on == dt.date(2026, 2, 28)


@time_machine.travel(dt.datetime(2026, 2, 20, 9, tzinfo=CN), tick=False)
def test_an_extension_up_to_the_limit_moves_the_due_date(world, client_for, acknowledged):
    response = _extend(client_for("district_staff"), acknowledged, dt.date(2026, 5, 30))
    assert response.status_code == 302
    assert _messages(response) == ["Extended: the reply is now due by May 30, 2026."]
    case = Petition.objects.get(pk=acknowledged.pk)
    referral = case.referrals.get()
    assert (case.due_on, referral.extended_to, referral.extension_reason, referral.extension_approved_by) == (
        dt.date(2026, 5, 30),
        dt.date(2026, 5, 30),
        "涉及多个部门协调",
        world.district_staff,
    )
    assert case.events.get(action="extend").data == {"from": "2026-02-28", "to": "2026-05-30"}


@time_machine.travel(dt.datetime(2026, 2, 20, 9, tzinfo=CN), tick=False)
def test_an_extension_needs_a_reason_and_a_later_date(world, client_for, acknowledged):
    response = _extend(client_for("district_staff"), acknowledged, dt.date(2026, 2, 27))
    assert response.status_code == 400
    assert "The new date must be later than the current due date." in response.content.decode()
    response = _extend(client_for("district_staff"), acknowledged, dt.date(2026, 4, 1), reason=" ")
    assert response.status_code == 400
    assert not Petition.objects.get(pk=acknowledged.pk).events.filter(action="extend").exists()
