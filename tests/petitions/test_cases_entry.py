"""Taking a case in: staff entry (clerk, committee staff) and a deputy's snapshot report (随手拍)."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage

from petitions.models import Attachment, Petition, PetitionEvent
from stations.models import Community
from tests.petitions.case_helpers import category, decoded, en, image_bytes, jpeg, pdf_bytes, upload


@pytest.fixture
def entry(world):
    def make(**overrides):
        data = {
            "channel": "station",
            "node": world.station_a.pk,
            "community": "",
            "place": "南岭村东门",
            "category": category().pk,
            "grade": "urgent",
            "content": "小区门口路灯坏了两个月。",
            "resident_name": "王小明",
            "resident_phone": "138 1234 8000",
        }
        data.update(overrides)
        return data

    return make


def test_a_clerk_gets_their_station_preselected_and_only_their_own_nodes(world, client_for):
    response = client_for("clerk").get("/cases/new/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["node"] == world.station_a.pk
    assert set(form.fields["node"].queryset) == {world.station_a, world.point_a}


def test_a_clerk_enters_a_case_with_a_photo_and_a_pdf(world, client_for, entry):
    nanling = Community.objects.create(street=world.street_a, name="南岭社区")
    files = [jpeg("IMG_1.jpg", gps=True), upload(pdf_bytes(), "材料.pdf", "application/pdf")]
    response = client_for("clerk").post("/cases/new/", entry(community=nanling.pk, attachments=files))

    case = Petition.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.tracking_no.startswith("LT01-")
    message = [str(m) for m in get_messages(response.wsgi_request)][0]
    assert case.tracking_no in message
    assert (case.channel, case.node, case.community, case.grade) == ("station", world.station_a, nanling, "urgent")
    assert (case.resident_name, case.resident_phone, case.created_by) == ("王小明", "13812348000", world.clerk)
    create = PetitionEvent.objects.get(petition=case, action="create")
    kinds = sorted(case.attachments.values_list("kind", flat=True))
    assert kinds == ["image", "pdf"]
    assert set(Attachment.objects.values_list("event", flat=True)) == {create.pk}
    assert all(a.uploaded_by == world.clerk for a in case.attachments.all())


def test_street_staff_enter_a_reception_day_case_at_a_point_of_their_street(world, client_for, entry):
    response = client_for("street_staff").post("/cases/new/", entry(node=world.point_a.pk, channel="reception"))
    assert response.status_code == 302
    case = Petition.objects.get()
    assert (case.channel, case.node, case.station, case.street) == (
        "reception",
        world.point_a,
        world.station_a,
        world.street_a,
    )


def test_another_stations_clerk_cannot_pick_station_a(world, client_for, entry):
    response = client_for("other_clerk").post("/cases/new/", entry())
    assert response.status_code == 400
    assert "node" in response.context["form"].errors
    assert not Petition.objects.exists()


@pytest.mark.parametrize("persona", ["deputy_user", "outsider"])
def test_deputies_and_outsiders_may_not_use_staff_entry(world, client_for, entry, persona):
    client = client_for(persona)
    assert client.get("/cases/new/").status_code == 403
    assert client.post("/cases/new/", entry()).status_code == 403
    assert not Petition.objects.exists()


def test_bad_input_keeps_what_was_typed_and_asks_to_choose_files_again(world, client_for, entry):
    response = en(client_for("clerk")).post(
        "/cases/new/", entry(resident_phone="12345", content="井盖丢失，很危险。", attachments=[jpeg()])
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["resident_phone"] == [
        "Enter a mobile number (11 digits starting with 1) or a landline number such as 0755-12345678."
    ]
    assert "choose the files again" in " ".join(form.non_field_errors())
    html = response.content.decode()
    assert "井盖丢失，很危险。" in html and 'value="王小明"' in html and 'value="南岭村东门"' in html
    assert not Petition.objects.exists() and not Attachment.objects.exists()


def test_a_landline_is_accepted(world, client_for, entry):
    assert client_for("clerk").post("/cases/new/", entry(resident_phone="0755-12345678")).status_code == 302
    assert Petition.objects.get().resident_phone == "0755-12345678"


def test_a_community_of_another_street_is_refused(world, client_for, entry):
    other = Community.objects.create(street=world.street_b, name="沙湾社区")
    response = en(client_for("district_staff")).post("/cases/new/", entry(community=other.pk))
    assert response.status_code == 400
    assert response.context["form"].errors["community"] == ["Choose a community of the station's street."]


# The deputy's snapshot report -------------------------------------------------------------------


def _snapshot(world, **overrides):
    data = {"place": "龙田路口", "content": "路口井盖松动。", "category": category().pk, "node": world.station_a.pk}
    data.update(overrides)
    return data


def test_a_deputy_reports_a_snapshot_with_a_gps_photo_stored_without_exif(world, client_for):
    client = client_for("deputy_user")
    page = client.get("/cases/snapshot/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    assert page.context["form"].initial["node"] == world.station_a.pk  # their only station

    response = client.post("/cases/snapshot/", _snapshot(world, photos=[jpeg("IMG_0001.JPG", gps=True)]))

    case = Petition.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert (case.channel, case.reported_by, case.assigned_deputy, case.created_by) == (
        "deputy",
        world.deputy,
        None,
        world.deputy_user,
    )
    assert (case.resident_name, case.resident_phone) == ("", "")
    photo = case.attachments.get()
    assert photo.file.name.startswith("petitions/") and photo.file.name.endswith(".jpg")
    assert "IMG_0001" not in photo.file.name
    data = default_storage.open(photo.file.name).read()
    assert decoded(data).format == "JPEG" and len(decoded(data).getexif()) == 0
    assert b"Exif" not in data and b"PhoneMaker" not in data
    # Their own report shows on their case page and in "my cases", though nobody assigned it yet.
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    assert case in client.get("/cases/mine/").context["reports"]


def test_a_snapshot_may_name_the_resident_and_their_phone_is_checked(world, client_for):
    client = client_for("deputy_user")
    bad = client.post("/cases/snapshot/", _snapshot(world, resident_name="赵大爷", resident_phone="abc"))
    assert bad.status_code == 400 and "resident_phone" in bad.context["form"].errors
    good = client.post("/cases/snapshot/", _snapshot(world, resident_name="赵大爷", resident_phone="13900001111"))
    assert good.status_code == 302
    assert Petition.objects.get().resident_phone == "13900001111"


def test_a_deputy_reports_only_at_their_own_stations(world, client_for):
    response = client_for("deputy_user").post("/cases/snapshot/", _snapshot(world, node=world.station_b.pk))
    assert response.status_code == 400 and "node" in response.context["form"].errors
    assert not Petition.objects.exists()


@pytest.mark.parametrize("persona", ["clerk", "street_staff", "outsider"])
def test_the_snapshot_page_is_for_deputies(world, client_for, persona):
    client = client_for(persona)
    assert client.get("/cases/snapshot/").status_code == 403
    assert client.post("/cases/snapshot/", _snapshot(world)).status_code == 403


def test_a_snapshot_photo_that_is_not_an_image_is_refused_by_name(world, client_for):
    response = en(client_for("deputy_user")).post(
        "/cases/snapshot/", _snapshot(world, photos=[upload(b"not an image", "x.png", "image/png")])
    )
    assert response.status_code == 400
    assert response.context["form"].errors["photos"] == ["x.png: this is not a JPEG, PNG or WebP photo."]


def test_png_and_webp_become_jpeg(world, client_for, entry):
    files = [
        upload(image_bytes("PNG", mode="RGBA"), "a.png", "image/png"),
        upload(image_bytes("WEBP"), "b.webp", "image/webp"),
    ]
    assert client_for("clerk").post("/cases/new/", entry(attachments=files)).status_code == 302
    for a in Attachment.objects.all():
        assert decoded(a.file.open("rb").read()).format == "JPEG"
