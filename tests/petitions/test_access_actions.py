"""Access to the lifecycle action pages (petitions:act), GET and POST, for every persona.

The matrix uses two representative actions on a case at station_a: "assign" on a new case (staff
only; the deputy is not on it yet) and "comment" on a case assigned to world.deputy (the deputy too).
The other actions follow the same gate; test_each_action_is_gated covers them one by one.
"""

import pytest

from petitions import services
from petitions.models import Category, HandlingUnit, Petition
from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, Row, check, everyone, params

S = Petition.Status


def _new_case(world, **extra):
    return services.petition_create(
        by=world.clerk,
        node=world.station_a,
        channel=Petition.Channel.STATION,
        resident_name="王小明",
        resident_phone="13812348000",
        category=Category.objects.get(name="城市管理"),
        content="小区门口路灯坏了两个月。",
        **extra,
    )


@pytest.fixture(autouse=True)
def cases(world):
    world.new_case = _new_case(world)
    world.assigned_case = _new_case(world)
    services.petition_assign(petition=world.assigned_case, deputy=world.deputy, by=world.clerk)


STAFF_OF_THE_CASE = everyone(NOT_FOUND, outsider=FORBIDDEN, clerk=OK, street_staff=OK, district_staff=OK, admin=OK)

ROWS = [
    Row("petitions:act", lambda w: f"/cases/{w.new_case.pk}/do/assign/", STAFF_OF_THE_CASE),
    Row(
        "petitions:act",
        lambda w: f"/cases/{w.new_case.pk}/do/assign/",
        STAFF_OF_THE_CASE,
        method="post",
        data=lambda w: {"version": w.new_case.version, "deputy": w.deputy.pk, "note": ""},
    ),
    Row(
        "petitions:act", lambda w: f"/cases/{w.assigned_case.pk}/do/comment/", {**STAFF_OF_THE_CASE, "deputy_user": OK}
    ),
    Row(
        "petitions:act",
        lambda w: f"/cases/{w.assigned_case.pk}/do/comment/",
        {**STAFF_OF_THE_CASE, "deputy_user": OK},
        method="post",
        data=lambda w: {"version": w.assigned_case.version, "note": "已电话联系"},
    ),
    # An unknown action: 404 for everyone who may use the pages at all.
    Row("petitions:act", lambda w: f"/cases/{w.new_case.pk}/do/delete/", everyone(NOT_FOUND, outsider=FORBIDDEN)),
]

assert all(row.expect["anonymous"] == LOGIN for row in ROWS)


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)


# The other actions, each on a case in a status it fits, GET and POST: who gets the page (OK),
# who is refused (FORBIDDEN), who cannot see the case (NOT_FOUND). Street and district staff and
# admins see every case of their street or district; the deputy only the one assigned to them.
def _walk(world, status):
    case = world.assigned_case
    if status in (S.REFERRED, S.REPLIED, S.INFORMED, S.RATED):
        office = HandlingUnit.objects.create(
            district=world.district, street=world.street_a, name="龙田街道办事处", kind=HandlingUnit.Kind.STREET_OFFICE
        )
        services.petition_refer(
            petition=case, by=world.street_staff, unit=office, route="street", street_opinion="同意"
        )
    if status in (S.REPLIED, S.INFORMED, S.RATED):
        services.petition_reply(petition=case, by=world.clerk, reply_text="已修复", reply_class="A")
    if status in (S.INFORMED, S.RATED):
        services.petition_inform(petition=case, by=world.clerk)
    if status == S.RATED:
        services.petition_rate(petition=case, by=world.clerk, rating="satisfied")
    assert case.status == status
    return case


STAFF_ONLY = {"clerk": OK, "street_staff": OK, "district_staff": OK, "admin": OK, "deputy_user": FORBIDDEN}
STAFF_AND_DEPUTY = {**STAFF_ONLY, "deputy_user": OK}
COMMITTEE_AND_DEPUTY = {**STAFF_AND_DEPUTY, "clerk": FORBIDDEN}
GATES = [
    ("resolve", S.ASSIGNED, STAFF_AND_DEPUTY, {"resolution": "已解决"}),
    ("inform", S.REPLIED, STAFF_AND_DEPUTY, {"method": "phone", "note": ""}),
    ("rate", S.INFORMED, STAFF_ONLY, {"rating": "mostly", "comment": ""}),
    ("close", S.RATED, STAFF_ONLY, {"note": ""}),
    ("withdraw", S.ASSIGNED, STAFF_ONLY, {"reason": "居民撤回"}),
    ("merge", S.ASSIGNED, STAFF_ONLY, {"into": "new"}),
    ("escalate", S.ASSIGNED, COMMITTEE_AND_DEPUTY, {"note": "形成代表建议"}),
]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("action", "status", "expect", "data"), GATES, ids=[g[0] for g in GATES])
@pytest.mark.parametrize("persona", ["anonymous", "outsider", "other_clerk", *STAFF_ONLY])
def test_each_action_is_gated(world, client_for, action, status, expect, data, persona, method):
    case = _walk(world, status)
    if data.get("into") == "new":
        data = {"into": world.new_case.tracking_no}
    outcome = {"anonymous": LOGIN, "outsider": FORBIDDEN, "other_clerk": NOT_FOUND, **expect}[persona]
    row = Row(
        "petitions:act",
        lambda w: f"/cases/{case.pk}/do/{action}/",
        {p: outcome for p in ["anonymous", "outsider", "deputy_user", "other_clerk", *STAFF_ONLY]},
        method=method,
        data=lambda w: {"version": case.version, **data},
    )
    check(client_for(persona), row, persona, world)
    if method == "post":
        case.refresh_from_db()
        assert (case.status != status) == (outcome == OK), f"{persona} {action}: status {case.status}"
