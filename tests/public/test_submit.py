"""Submitting an opinion from a QR code: the case is created online at the QR's station; bad
input is refused with everything kept and shown back escaped; the honeypot saves nothing."""

import pytest

from notifications.models import SmsMessage
from petitions.models import Attachment, Category, Petition, PetitionEvent
from stations.models import Community
from tests.public.case_helpers import PHONE, category, form_data, jpeg

SUBMIT = "/p/submit/?station=LT01"
SCRIPT = "<script>alert(1)</script>"


def test_the_form_offers_the_communities_of_the_stations_street(world, client):
    Community.objects.create(street=world.street_a, name="南岭村社区")
    Community.objects.create(street=world.street_b, name="沙湾社区")
    response = client.get(SUBMIT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "南岭社区联络站" in html and "南岭村社区" in html and "沙湾社区" not in html
    assert 'data-testid="privacy-notice"' in html
    assert 'name="website"' in html and 'class="d-none"' in html  # the honeypot, hidden by a class


def test_a_resident_submits_with_a_photo(world, client, django_capture_on_commit_callbacks):
    community = Community.objects.create(street=world.street_a, name="南岭村社区")
    data = form_data(community=community.pk, hide_name_from_deputy="on", photos=[jpeg()])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT, data)
    assert response.status_code == 302 and response["Location"] == "/p/submit/done/"
    case = Petition.objects.get()
    assert (case.channel, case.node, case.station, case.community) == (
        "online",
        world.station_a,
        world.station_a,
        community,
    )
    assert (case.resident_name, case.resident_phone, case.hide_name_from_deputy) == ("王小明", PHONE, True)
    assert case.created_by is None and case.category == category()
    assert Attachment.objects.filter(petition=case, kind="image").count() == 1
    assert SmsMessage.objects.get().phone == PHONE
    done = client.get("/p/submit/done/")
    assert case.tracking_no in done.content.decode()
    assert case.tracking_no.startswith("LT01-")


def test_a_deputys_qr_code_goes_to_the_deputys_station_and_is_noted(world, client):
    page = client.get(f"/p/submit/?deputy={world.deputy.pk}")
    assert page.status_code == 200 and "张代表" in page.content.decode()
    response = client.post(f"/p/submit/?deputy={world.deputy.pk}", form_data())
    assert response.status_code == 302
    case = Petition.objects.get()
    assert case.node == world.station_a and case.assigned_deputy is None  # the clerk assigns
    assert "张代表" in PetitionEvent.objects.get(petition=case, action="create").note


def test_a_points_qr_code_files_the_case_at_the_point(world, client):
    assert client.post("/p/submit/?station=LT01P1", form_data()).status_code == 302
    case = Petition.objects.get()
    assert (case.node, case.station) == (world.point_a, world.station_a)


def test_without_a_station_the_resident_picks_street_then_station(world, client):
    streets = client.get("/p/submit/").content.decode()
    assert "龙田街道" in streets and "南湾街道" in streets
    stations = client.get(f"/p/submit/?street={world.street_a.pk}").content.decode()
    assert "?station=LT01" in stations and "NW01" not in stations


def test_an_unknown_station_or_deputy_shows_the_picker(world, client):
    for url in ("/p/submit/?station=NOPE", "/p/submit/?deputy=999999", "/p/submit/?deputy=x", "/p/submit/?station=LG"):
        response = client.get(url)
        assert response.status_code == 404 and 'data-testid="unknown-station"' in response.content.decode()
    assert client.post("/p/submit/?station=NOPE", form_data()).status_code == 404
    assert not Petition.objects.exists()


def test_consent_is_required(world, client):
    data = form_data()
    del data["consent"]
    response = client.post(SUBMIT, data)
    assert response.status_code == 400
    assert "Please agree to the notice" in response.content.decode() or "同意" in response.content.decode()
    assert not Petition.objects.exists()


def test_the_honeypot_looks_successful_but_saves_nothing(world, client):
    response = client.post(SUBMIT, form_data(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == "/p/submit/done/"
    assert not Petition.objects.exists()
    done = client.get("/p/submit/done/")
    assert done.status_code == 200 and 'data-testid="tracking-no"' not in done.content.decode()


def test_the_thank_you_page_without_a_submission_goes_to_the_form(world, client):
    assert client.get("/p/submit/done/")["Location"] == "/p/submit/"


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"content": ""}, "content"),
        ({"content": "长" * 20_000}, "content"),
        ({"resident_name": ""}, "resident_name"),
        ({"resident_phone": ""}, "resident_phone"),
        ({"resident_phone": "0755-12345678"}, "resident_phone"),  # a landline cannot get the SMS
        ({"resident_phone": "12345"}, "resident_phone"),
        ({"category": ""}, "category"),
        ({"place": "地" * 201}, "place"),
    ],
)
def test_bad_input_is_refused_and_kept(world, client, overrides, field):
    response = client.post(SUBMIT, form_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Petition.objects.exists()
    if field != "content":  # what was typed is still there
        assert "小区门口路灯坏了两个月" in response.content.decode()


def test_an_inactive_category_is_refused(world, client):
    retired = Category.objects.create(name="已停用分类", is_active=False)
    response = client.post(SUBMIT, form_data(category=retired.pk))
    assert response.status_code == 400 and "category" in response.context["form"].errors


@pytest.mark.parametrize(
    "upload",
    [
        ("notes.txt", b"just text", "text/plain"),
        ("photo.jpg", b"not really a jpeg", "image/jpeg"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
        ("letter.pdf", b"%PDF-1.4 a document", "application/pdf"),  # photos only on this form
        ("letter.jpg", b"%PDF-1.4 a pdf named jpg", "image/jpeg"),
    ],
)
def test_wrong_file_types_are_refused(world, client, upload):
    from django.core.files.uploadedfile import SimpleUploadedFile

    name, content, content_type = upload
    response = client.post(SUBMIT, form_data(photos=[SimpleUploadedFile(name, content, content_type)]))
    assert response.status_code == 400 and "photos" in response.context["form"].errors
    assert not Petition.objects.exists() and not Attachment.objects.exists()


def test_at_most_three_photos(world, client):
    photos = [jpeg(f"p{i}.jpg") for i in range(4)]
    response = client.post(SUBMIT, form_data(photos=photos))
    assert response.status_code == 400 and "photos" in response.context["form"].errors
    assert not Petition.objects.exists()


def test_script_in_every_text_field_is_shown_back_escaped(world, client):
    data = form_data(content=SCRIPT, place=SCRIPT, resident_name=SCRIPT, resident_phone=SCRIPT)
    del data["consent"]  # keeps the form invalid, so everything is shown back
    response = client.post(SUBMIT, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert SCRIPT not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4
    assert not Petition.objects.exists()


def test_a_too_large_request_is_refused_before_it_is_read(world, client, settings):
    settings.LIAISON_PUBLIC_SUBMIT_MAX_BYTES = 2000
    response = client.post(SUBMIT, form_data(photos=[jpeg(size=(400, 400))]))
    assert response.status_code == 413 and 'data-testid="limited"' in response.content.decode()
    assert not Petition.objects.exists()


def test_the_form_needs_a_csrf_token(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(SUBMIT, form_data()).status_code == 403
    assert not Petition.objects.exists()
