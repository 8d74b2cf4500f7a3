"""Role × URL matrix for the deputy pages (the import pages have their own module)."""

import pytest

from deputies import services
from deputies.models import Assignment
from tests.access import FORBIDDEN, NOT_FOUND, OK, Row, check, everyone, params
from tests.deputies.conftest import image_bytes, upload


def _deputy_data(w, **overrides) -> dict:
    data = {
        "name": "新代表",
        "gender": "f",
        "level": "county",
        "district": w.district.pk,
        "street": w.street_a.pk,
        "phone": "13912345678",
        "is_active": "on",
    }
    return data | overrides


def _contacts_data(w) -> dict:
    return {
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
        "contacts-0-name": "王五",
        "contacts-0-phone": "13912345678",
    }


def _assignment_url(w) -> str:
    return f"/deputies/assignments/{Assignment.objects.get(deputy=w.deputy).pk}/remove/"


MANAGERS = everyone(FORBIDDEN, district_staff=OK, admin=OK)
# The deputy's own voter list: the deputy and district staff; a clerk of another station cannot see it.
OWN_CONTACTS = everyone(FORBIDDEN, deputy_user=OK, district_staff=OK, admin=OK, other_clerk=NOT_FOUND)

ROWS = [
    # Staff without a deputy record are redirected to their own home page (an OK redirect).
    Row("deputies:home", lambda w: "/deputies/home/", everyone(OK, outsider=FORBIDDEN)),
    Row("deputies:list", lambda w: "/deputies/", everyone(OK, outsider=FORBIDDEN)),
    Row(
        "deputies:detail",
        lambda w: f"/deputies/{w.deputy.pk}/",
        everyone(OK, outsider=FORBIDDEN, other_clerk=NOT_FOUND),
    ),
    Row(
        "deputies:detail",
        lambda w: f"/deputies/{w.other_deputy.pk}/",
        everyone(OK, outsider=FORBIDDEN, deputy_user=NOT_FOUND, clerk=NOT_FOUND, street_staff=NOT_FOUND),
    ),
    Row(
        "deputies:photo",
        lambda w: f"/deputies/{w.deputy.pk}/photo/",
        everyone(OK, outsider=FORBIDDEN, other_clerk=NOT_FOUND),
    ),
    Row("deputies:create", lambda w: "/deputies/new/", MANAGERS),
    Row("deputies:create", lambda w: "/deputies/new/", MANAGERS, method="post", data=_deputy_data),
    Row("deputies:edit", lambda w: f"/deputies/{w.deputy.pk}/edit/", MANAGERS),
    Row(
        "deputies:edit",
        lambda w: f"/deputies/{w.deputy.pk}/edit/",
        MANAGERS,
        method="post",
        data=lambda w: _deputy_data(w, name="张代表", user=w.deputy_user.pk),
    ),
    Row("deputies:contacts", lambda w: f"/deputies/{w.deputy.pk}/contacts/", OWN_CONTACTS),
    Row(
        "deputies:contacts",
        lambda w: f"/deputies/{w.deputy.pk}/contacts/",
        OWN_CONTACTS,
        method="post",
        data=_contacts_data,
    ),
    Row(
        "deputies:contacts",
        lambda w: f"/deputies/{w.other_deputy.pk}/contacts/",
        everyone(
            FORBIDDEN, deputy_user=NOT_FOUND, clerk=NOT_FOUND, street_staff=NOT_FOUND, district_staff=OK, admin=OK
        ),
        method="post",
        data=_contacts_data,
    ),
    Row("deputies:assignment_add", lambda w: f"/deputies/{w.deputy.pk}/assignments/add/", MANAGERS),
    Row(
        "deputies:assignment_add",
        lambda w: f"/deputies/{w.deputy.pk}/assignments/add/",
        MANAGERS,
        method="post",
        data=lambda w: {"node": w.point_a.pk, "role": "host"},
    ),
    Row("deputies:assignment_remove", _assignment_url, MANAGERS),
    Row("deputies:assignment_remove", _assignment_url, MANAGERS, method="post"),
    Row("deputies:coverage", lambda w: "/deputies/coverage/", MANAGERS),
]


@pytest.fixture
def world_with_photo(world):
    services.deputy_update(by=world.admin, deputy=world.deputy, photo=upload(image_bytes()))
    return world


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world_with_photo, client_for):
    check(client_for(persona), row, persona, world_with_photo)
