"""Voter contacts (联系选民名单): the 3–5 warning, masking, and the formset the deputy or staff edit."""

import pytest

from deputies.models import VoterContact
from tests import factories as f

WARNING = 'data-testid="contacts-warning"'


def _contacts(deputy, n: int) -> None:
    for i in range(n):
        f.VoterContactFactory(deputy=deputy, name=f"选民{i}", phone=f"1380000{i:04d}")


@pytest.mark.parametrize("count,warned", [(0, True), (2, True), (3, False), (4, False), (5, False), (6, True)])
def test_detail_and_home_warn_outside_three_to_five(world, client_for, count, warned):
    _contacts(world.deputy, count)
    client = client_for("deputy_user")
    for url in (f"/deputies/{world.deputy.pk}/", "/deputies/home/", f"/deputies/{world.deputy.pk}/contacts/"):
        html = client.get(url).content.decode()
        assert (WARNING in html) is warned, url
        if warned:  # the warning says how many there are
            warning = html[html.index(WARNING) :]
            assert str(count) in warning[: warning.index("</div>")]


def test_voter_phones_are_masked_for_a_clerk_and_whole_for_staff_and_the_deputy(world, client_for):
    f.VoterContactFactory(deputy=world.deputy, name="选民甲", phone="13812348000")
    url = f"/deputies/{world.deputy.pk}/"
    clerk_html = client_for("clerk").get(url).content.decode()
    assert "138****8000" in clerk_html and "13812348000" not in clerk_html
    for persona in ("deputy_user", "street_staff", "district_staff"):
        assert "13812348000" in client_for(persona).get(url).content.decode(), persona


def _management(prefix_total: int, initial: int) -> dict:
    return {
        "contacts-TOTAL_FORMS": str(prefix_total),
        "contacts-INITIAL_FORMS": str(initial),
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
    }


def test_deputy_adds_contacts_and_is_warned_when_still_under_three(world, client_for):
    client = client_for("deputy_user")
    page = client.get(f"/deputies/{world.deputy.pk}/contacts/")
    assert len(page.context["formset"].forms) == 5  # empty rows up to five
    data = {
        **_management(5, 0),
        "contacts-0-name": "王五",
        "contacts-0-phone": "139 1234 5678",
        "contacts-0-community": "南岭社区",
        "contacts-1-name": "赵六",
        "contacts-1-phone": "0755-28001234",
    }
    response = client.post(f"/deputies/{world.deputy.pk}/contacts/", data, follow=True)
    assert response.redirect_chain[-1][0] == f"/deputies/{world.deputy.pk}/"
    saved = list(world.deputy.voter_contacts.order_by("id").values_list("name", "phone", "community"))
    assert saved == [("王五", "13912345678", "南岭社区"), ("赵六", "0755-28001234", "")]
    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["success", "warning"]  # saved, but 2 is under 3


def test_edit_and_delete_existing_contacts(world, client_for):
    _contacts(world.deputy, 4)
    contacts = list(world.deputy.voter_contacts.order_by("id"))
    first, second = contacts[:2]
    data = _management(5, 4)
    for i, c in enumerate(contacts):
        data |= {f"contacts-{i}-id": c.pk, f"contacts-{i}-name": c.name, f"contacts-{i}-phone": c.phone}
    data["contacts-0-name"] = "改名"
    data["contacts-1-DELETE"] = "on"
    response = client_for("district_staff").post(f"/deputies/{world.deputy.pk}/contacts/", data)
    assert response.status_code == 302
    assert VoterContact.objects.get(pk=first.pk).name == "改名"
    assert not VoterContact.objects.filter(pk=second.pk).exists()
    assert world.deputy.voter_contacts.count() == 3


def test_an_invalid_phone_keeps_the_input_and_saves_nothing(world, client_for):
    data = {
        **_management(5, 0),
        "contacts-0-name": "王五",
        "contacts-0-phone": "13912345678",
        "contacts-1-name": "错号",
        "contacts-1-phone": "2345",
    }
    response = client_for("deputy_user").post(f"/deputies/{world.deputy.pk}/contacts/", data)
    assert response.status_code == 400
    assert list(response.context["formset"].forms[1].errors) == ["phone"]
    html = response.content.decode()
    assert 'value="错号"' in html and 'value="王五"' in html
    assert not world.deputy.voter_contacts.exists()


def test_the_service_refuses_a_bad_phone_too(world):
    from django.core.exceptions import ValidationError

    from deputies.services import voter_contact_save

    with pytest.raises(ValidationError) as exc:
        voter_contact_save(by=world.admin, deputy=world.deputy, name="x", phone="99")
    assert "phone" in exc.value.message_dict


@pytest.mark.parametrize("persona,status", [("clerk", 403), ("street_staff", 403), ("other_clerk", 404)])
def test_only_the_deputy_and_managers_edit_the_list(world, client_for, persona, status):
    data = {**_management(5, 0), "contacts-0-name": "王五", "contacts-0-phone": "13912345678"}
    assert client_for(persona).post(f"/deputies/{world.deputy.pk}/contacts/", data).status_code == status
    assert not world.deputy.voter_contacts.exists()


def test_a_deputy_cannot_edit_another_deputys_list(world, client_for):
    assert client_for("deputy_user").get(f"/deputies/{world.other_deputy.pk}/contacts/").status_code == 404
