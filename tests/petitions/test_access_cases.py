"""Access to the case pages (list, entry, snapshot, detail, files, my cases), GET and POST, for every
persona. Two cases at station_a: `case` (nobody assigned; it has a photo) and `assigned_case`
(assigned to world.deputy)."""

import pytest

from petitions import services
from petitions.models import Category, Petition
from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, Row, check, everyone, params
from tests.petitions.case_helpers import jpeg, new_case

# Staff entry of a case at station_a by another station's clerk: the form refuses the station (400).
REFUSED_CHOICE = "status 400"


@pytest.fixture(autouse=True)
def cases(world):
    world.case = new_case(world, attachments=[jpeg()])
    world.photo = world.case.attachments.get()
    world.assigned_case = new_case(world, attachments=[jpeg()])
    world.assigned_photo = world.assigned_case.attachments.get()
    services.petition_assign(petition=world.assigned_case, deputy=world.deputy, by=world.clerk)


def _entry(w):
    return {
        "channel": "station",
        "node": w.station_a.pk,
        "category": Category.objects.get(name="城市管理").pk,
        "grade": "normal",
        "content": "路灯坏了。",
        "resident_name": "王小明",
        "resident_phone": "13812348000",
    }


def _snapshot(w):
    return {"node": w.station_a.pk, "category": Category.objects.get(name="城市管理").pk, "content": "井盖松动。"}


def _files(w):
    return {"attachments": [jpeg()], "note": ""}


STAFF_OF_THE_CASE = everyone(NOT_FOUND, outsider=FORBIDDEN, clerk=OK, street_staff=OK, district_staff=OK, admin=OK)
WITH_ITS_DEPUTY = {**STAFF_OF_THE_CASE, "deputy_user": OK}
ENTRY = everyone(FORBIDDEN, clerk=OK, other_clerk=OK, street_staff=OK, district_staff=OK, admin=OK)
DEPUTY_ONLY = everyone(FORBIDDEN, deputy_user=OK)

ROWS = [
    Row("petitions:list", lambda w: "/cases/", everyone(OK, outsider=FORBIDDEN)),
    Row(
        "petitions:list", lambda w: "/cases/?status=received&overdue=on&q=路灯&o=-due", everyone(OK, outsider=FORBIDDEN)
    ),
    Row("petitions:create", lambda w: "/cases/new/", ENTRY),
    Row("petitions:create", lambda w: "/cases/new/", {**ENTRY, "other_clerk": REFUSED_CHOICE}, "post", _entry),
    Row("petitions:snapshot", lambda w: "/cases/snapshot/", DEPUTY_ONLY),
    Row("petitions:snapshot", lambda w: "/cases/snapshot/", DEPUTY_ONLY, "post", _snapshot),
    # Everyone with a role has the page; who is not a deputy is sent to their own home (a redirect).
    Row("petitions:mine", lambda w: "/cases/mine/", everyone(OK, outsider=FORBIDDEN)),
    Row("petitions:detail", lambda w: f"/cases/{w.case.pk}/", STAFF_OF_THE_CASE),
    Row("petitions:detail", lambda w: f"/cases/{w.assigned_case.pk}/", WITH_ITS_DEPUTY),
    Row("petitions:attach", lambda w: f"/cases/{w.case.pk}/attach/", STAFF_OF_THE_CASE, "post", _files),
    Row("petitions:attach", lambda w: f"/cases/{w.assigned_case.pk}/attach/", WITH_ITS_DEPUTY, "post", _files),
    Row("petitions:attachment", lambda w: f"/cases/attachments/{w.photo.pk}/", STAFF_OF_THE_CASE),
    Row("petitions:attachment", lambda w: f"/cases/attachments/{w.assigned_photo.pk}/", WITH_ITS_DEPUTY),
]

assert all(row.expect["anonymous"] == LOGIN for row in ROWS)


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)


def test_attach_takes_only_posts(world, client_for):
    assert client_for("clerk").get(f"/cases/{world.case.pk}/attach/").status_code == 405


def test_refused_posts_write_nothing(world, client_for):
    before = Petition.objects.count()
    for persona in ("deputy_user", "outsider", "other_clerk"):
        client_for(persona).post("/cases/new/", _entry(world))
    for persona in ("clerk", "street_staff", "outsider"):
        client_for(persona).post("/cases/snapshot/", _snapshot(world))
    assert Petition.objects.count() == before
    for persona in ("other_clerk", "deputy_user", "outsider"):
        client_for(persona).post(f"/cases/{world.case.pk}/attach/", _files(world))
    assert world.case.attachments.count() == 1
