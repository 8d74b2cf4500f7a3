"""Creating and editing deputies through the portal (district staff)."""

import datetime as dt

from django.contrib.admin.models import LogEntry

from deputies.models import Deputy
from tests import factories as f


def test_create_saves_every_field_and_redirects_to_the_detail_page(world, client_for, deputy_post):
    response = client_for("district_staff").post("/deputies/new/", deputy_post(is_leader="on"))
    deputy = Deputy.objects.get(name="王新代表")
    assert response.status_code == 302
    assert response["Location"] == f"/deputies/{deputy.pk}/"
    assert (deputy.gender, deputy.level, deputy.district, deputy.street) == (
        "m",
        "county",
        world.district,
        world.street_a,
    )
    assert deputy.is_leader and deputy.is_active
    assert deputy.term_start == dt.date(2022, 1, 1) and deputy.term_end == dt.date(2026, 12, 31)
    assert sorted(deputy.specialties.values_list("name", flat=True)) == sorted(["律师", "法律援助", "教育"])
    assert LogEntry.objects.filter(object_id=str(deputy.pk), user=world.district_staff).count() == 1


def test_create_form_offers_only_the_managers_district_and_streets(world, client_for):
    f.DistrictFactory(code="ELSE", by=world.admin)
    form = client_for("district_staff").get("/deputies/new/").context["form"]
    assert [d.code for d in form.fields["district"].queryset] == ["LG"]
    assert form.initial["district"] == world.district.pk  # the only choice is preselected
    assert {s.code for s in form.fields["street"].queryset} == {"LT", "NW"}


def test_term_ending_before_it_starts_is_a_field_error_and_input_is_kept(world, client_for, deputy_post):
    response = client_for("district_staff").post(
        "/deputies/new/", deputy_post(term_start="2026-01-01", term_end="2025-12-31")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == ["term_end"]
    html = response.content.decode()
    assert 'value="王新代表"' in html and "第12选区" in html and "律师、法律援助, 教育" in html
    assert not Deputy.objects.filter(name="王新代表").exists()


def test_bad_phone_and_a_district_outside_scope_are_refused(world, client_for, deputy_post):
    other = f.DistrictFactory(code="ELSE", by=world.admin)
    response = client_for("district_staff").post("/deputies/new/", deputy_post(phone="12345", district=other.pk))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"phone", "district"}


def test_a_street_of_another_district_is_refused_by_the_service(world, client_for, deputy_post):
    other = f.DistrictFactory(code="ELSE", by=world.admin)
    other_street = f.StreetFactory(code="ELSE-S", parent=other, by=world.admin)
    response = client_for("admin").post("/deputies/new/", deputy_post(street=other_street.pk))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["street"]


def test_edit_changes_fields_and_specialties_and_records_what_changed(world, client_for, deputy_post):
    world.deputy.specialties.add(f.SpecialtyFactory(name="医生"))
    client = client_for("district_staff")
    form = client.get(f"/deputies/{world.deputy.pk}/edit/").context["form"]
    assert form.initial["specialties_text"] == "医生"
    data = deputy_post(name="张代表", level="city", specialties_text="医生，教育", user=world.deputy_user.pk)
    response = client.post(f"/deputies/{world.deputy.pk}/edit/", data)
    assert response.status_code == 302
    world.deputy.refresh_from_db()
    assert world.deputy.level == "city"
    assert world.deputy.user == world.deputy_user
    assert sorted(world.deputy.specialties.values_list("name", flat=True)) == ["医生", "教育"]
    message = LogEntry.objects.filter(object_id=str(world.deputy.pk)).latest("action_time").change_message
    # The history names fields by their labels in the user's language (zh-hans), not by code names.
    assert "代表层级" in message and "专业特长" in message and "specialties" not in message, message


def test_link_a_fresh_login_account(world, client_for, deputy_post):
    account = f.UserFactory(username="new_deputy_login")
    response = client_for("district_staff").post("/deputies/new/", deputy_post(user=account.pk))
    assert response.status_code == 302
    assert Deputy.objects.get(name="王新代表").user == account


def test_an_account_already_linked_cannot_be_linked_again(world, client_for, deputy_post):
    response = client_for("district_staff").post("/deputies/new/", deputy_post(user=world.deputy_user.pk))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["user"]
