"""Access matrix of the referral pages: handling units, refer, letter (HTML and PDF), acknowledge,
reply, extend. The case sits at station_a (street_a), assigned to world.deputy; other_clerk (station_b)
cannot see it (404); the deputy sees it but takes none of these steps (403) except reading the letter."""

import datetime as dt

import pytest
from django.utils import timezone

from petitions import services
from petitions.models import Category, HandlingUnit, Petition
from tests import factories as f
from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, Row, check, everyone, params


def _street_office(w):
    return HandlingUnit.objects.get_or_create(
        district=w.district,
        name="龙田街道办事处",
        defaults={"street": w.street_a, "kind": HandlingUnit.Kind.STREET_OFFICE},
    )[0]


def _department(w):
    return HandlingUnit.objects.get_or_create(
        district=w.district, name="区交通运输局", defaults={"kind": HandlingUnit.Kind.DEPARTMENT}
    )[0]


def _case(w, state: str) -> Petition:
    """One case per state per test, built on first use (url and data of a row see the same case)."""
    cases = w.__dict__.setdefault("_referral_cases", {})
    if state not in cases:
        case = services.petition_create(
            by=w.clerk,
            node=w.station_a,
            channel=Petition.Channel.STATION,
            resident_name="王小明",
            resident_phone="13812348000",
            category=Category.objects.get(name="城市管理"),
            content="路灯坏了。",
        )
        services.petition_assign(petition=case, deputy=w.deputy, by=w.clerk)
        if state == "referred":
            services.petition_refer(
                petition=case, by=w.street_staff, unit=_street_office(w), route="street", street_opinion="同意"
            )
        cases[state] = case
    return cases[state]


def _referral(w):
    return _case(w, "referred").referrals.get(is_current=True)


def _refer_street(w):
    case = _case(w, "assigned")
    return {
        "route": "street",
        "unit": _street_office(w).pk,
        "street_opinion": "同意转街道办",
        "version": case.version,
    }


def _refer_district(w):
    case = _case(w, "assigned")
    return {"route": "district", "unit": _department(w).pk, "district_opinion": "经审查同意", "version": case.version}


def _acknowledge(w):
    return {
        "received_on": timezone.localdate().isoformat(),
        "received_by_name": "李收文",
        "version": _case(w, "referred").version,
    }


def _reply(w):
    case = _case(w, "referred")
    return {"reply_text": "已更换。", "reply_class": "A", "replied_on": timezone.localdate(), "version": case.version}


def _extend(w):
    case = _case(w, "referred")
    return {"new_due_on": case.due_on + dt.timedelta(days=10), "reason": "需协调多个部门", "version": case.version}


def _unit_data(w):
    return {"district": w.district.pk, "name": "区教育局", "kind": "department", "is_active": "on"}


def _unit_in_other_district(w):
    other = f.DistrictFactory(name="天河区", code="TH", by=w.admin)
    return HandlingUnit.objects.create(district=other, name="天河区政府办公室", kind="district_office")


# Who may refer: street route street and district staff, district route district staff only.
REFER = everyone(FORBIDDEN, other_clerk=NOT_FOUND, street_staff=OK, district_staff=OK, admin=OK)
REFER_DISTRICT = DISTRICT_OF_CASE = everyone(FORBIDDEN, other_clerk=NOT_FOUND, district_staff=OK, admin=OK)
# Staff of the case (its clerk, street and district staff) record the receipt and the reply.
STAFF_OF_CASE = everyone(FORBIDDEN, other_clerk=NOT_FOUND, clerk=OK, street_staff=OK, district_staff=OK, admin=OK)
# Everyone who can see the case reads its letter, the deputy included.
SEES_CASE = everyone(OK, outsider=FORBIDDEN, other_clerk=NOT_FOUND)
MANAGERS = everyone(FORBIDDEN, district_staff=OK, admin=OK)

ROWS = [
    Row("petitions:unit_list", lambda w: "/cases/units/", everyone(OK, outsider=FORBIDDEN, deputy_user=FORBIDDEN)),
    Row("petitions:unit_create", lambda w: "/cases/units/new/", MANAGERS),
    Row("petitions:unit_create", lambda w: "/cases/units/new/", MANAGERS, method="post", data=_unit_data),
    Row("petitions:unit_edit", lambda w: f"/cases/units/{_department(w).pk}/edit/", MANAGERS),
    Row(
        "petitions:unit_edit",
        lambda w: f"/cases/units/{_department(w).pk}/edit/",
        MANAGERS,
        method="post",
        data=lambda w: {"name": "区交通运输局", "kind": "department", "phone": "0755-1234567", "is_active": "on"},
    ),
    Row(
        "petitions:unit_edit",
        lambda w: f"/cases/units/{_unit_in_other_district(w).pk}/edit/",
        everyone(FORBIDDEN, district_staff=NOT_FOUND, admin=OK),
    ),
    Row("petitions:refer", lambda w: f"/cases/{_case(w, 'assigned').pk}/refer/", REFER),
    Row("petitions:refer", lambda w: f"/cases/{_case(w, 'assigned').pk}/refer/?route=district", REFER),
    Row("petitions:refer", lambda w: f"/cases/{_case(w, 'assigned').pk}/refer/", REFER, "post", _refer_street),
    Row(
        "petitions:refer",
        lambda w: f"/cases/{_case(w, 'assigned').pk}/refer/",
        REFER_DISTRICT,
        "post",
        _refer_district,
    ),
    Row("petitions:letter", lambda w: f"/cases/referrals/{_referral(w).pk}/letter/", SEES_CASE),
    Row("petitions:letter_pdf", lambda w: f"/cases/referrals/{_referral(w).pk}/letter.pdf", SEES_CASE),
    Row("petitions:acknowledge", lambda w: f"/cases/{_case(w, 'referred').pk}/acknowledge/", STAFF_OF_CASE),
    Row(
        "petitions:acknowledge",
        lambda w: f"/cases/{_case(w, 'referred').pk}/acknowledge/",
        STAFF_OF_CASE,
        "post",
        _acknowledge,
    ),
    Row("petitions:reply", lambda w: f"/cases/{_case(w, 'referred').pk}/reply/", STAFF_OF_CASE),
    Row("petitions:reply", lambda w: f"/cases/{_case(w, 'referred').pk}/reply/", STAFF_OF_CASE, "post", _reply),
    Row("petitions:extend", lambda w: f"/cases/{_case(w, 'referred').pk}/extend/", DISTRICT_OF_CASE),
    Row(
        "petitions:extend",
        lambda w: f"/cases/{_case(w, 'referred').pk}/extend/",
        DISTRICT_OF_CASE,
        "post",
        _extend,
    ),
]

assert all(row.expect["anonymous"] == LOGIN for row in ROWS)


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
