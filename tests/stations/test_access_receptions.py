"""Access rows for the reception pages (stations.reception_views): staff and clerks manage; the
notice and its forms are public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from stations.models import AppointmentSlot, ReceptionMode, ReceptionRule
from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, Row, check, everyone, params
from tests.stations.reception_helpers import make_reception, make_rule


def _managers(**overrides):
    """Staff of the station's street and district, its clerk and admins; another station's clerk: 404."""
    expect = {"clerk": OK, "street_staff": OK, "district_staff": OK, "admin": OK, "other_clerk": NOT_FOUND}
    return everyone(FORBIDDEN, **{**expect, **overrides})


def _soon(days=1):
    return timezone.localdate() + timedelta(days=days)


def _reception(w, **fields):
    return make_reception(w.station_a, w.admin, _soon(), **fields)


def _appointment(w):
    return _reception(w, mode=ReceptionMode.APPOINTMENT, slot_minutes=30, slot_capacity=5)


def _rule(w):
    return make_rule(w.station_a, w.admin)


def _rule_data(w):
    return {
        "kind": ReceptionRule.Kind.NTH_WEEKDAY,
        "nth": "2",
        "weekday": "1",
        "start_time": "09:00",
        "end_time": "11:30",
        "place": "南岭社区党群服务中心",
        "mode": ReceptionMode.STATION,
        "valid_from": timezone.localdate().isoformat(),
        "is_active": "on",
    }


def _booking(w):
    slot = AppointmentSlot.objects.order_by("-pk").first()
    return {"slot": slot.pk, "name": "陈女士", "phone": "13800138000", "website": ""}


PUBLIC = {**everyone(OK), "anonymous": OK}

ROWS = [
    Row("stations:reception_list", lambda w: "/network/receptions/", _managers(other_clerk=OK)),
    Row("stations:reception_list", lambda w: "/network/receptions/?status=planned", _managers(other_clerk=OK)),
    Row("stations:reception_node", lambda w: f"/network/{w.station_a.pk}/receptions/", _managers()),
    Row("stations:reception_node", lambda w: f"/network/{w.point_a.pk}/receptions/", _managers()),
    # A district is not a place receptions are held.
    Row(
        "stations:reception_node",
        lambda w: f"/network/{w.district.pk}/receptions/",
        _managers(clerk=NOT_FOUND, street_staff=NOT_FOUND, district_staff=NOT_FOUND, admin=NOT_FOUND),
    ),
    Row(
        "stations:reception_generate",
        lambda w: f"/network/{w.station_a.pk}/receptions/generate/",
        _managers(),
        method="post",
        data=lambda w: {"until": ""},
    ),
    Row("stations:reception_rule_create", lambda w: f"/network/{w.station_a.pk}/receptions/rules/new/", _managers()),
    Row(
        "stations:reception_rule_create",
        lambda w: f"/network/{w.station_a.pk}/receptions/rules/new/",
        _managers(),
        method="post",
        data=_rule_data,
    ),
    Row("stations:reception_rule_edit", lambda w: f"/network/receptions/rules/{_rule(w).pk}/edit/", _managers()),
    Row(
        "stations:reception_rule_edit",
        lambda w: f"/network/receptions/rules/{_rule(w).pk}/edit/",
        _managers(),
        method="post",
        data=_rule_data,
    ),
    Row("stations:reception_detail", lambda w: f"/network/receptions/{_reception(w).pk}/", _managers()),
    Row(
        "stations:reception_move",
        lambda w: f"/network/receptions/{_reception(w).pk}/move/",
        _managers(),
        method="post",
        data=lambda w: {"new_date": _soon(2).isoformat(), "reason": "场地维修"},
    ),
    Row(
        "stations:reception_cancel",
        lambda w: f"/network/receptions/{_reception(w).pk}/cancel/",
        _managers(),
        method="post",
        data=lambda w: {"reason": "台风预警"},
    ),
    Row(
        "stations:reception_notice_edit",
        lambda w: f"/network/receptions/{_reception(w).pk}/notice/edit/",
        _managers(),
        method="post",
        data=lambda w: {"notice": "欢迎居民反映小区加装电梯问题"},
    ),
    Row("stations:reception_public", lambda w: f"/network/receptions/{_reception(w).pk}/notice/", PUBLIC),
    Row("stations:reception_public", lambda w: f"/network/receptions/{_appointment(w).pk}/notice/", PUBLIC),
    # Not yet announced: nobody finds it on the public page.
    Row(
        "stations:reception_public",
        lambda w: f"/network/receptions/{make_reception(w.station_a, w.admin, _soon(30)).pk}/notice/",
        {**everyone(NOT_FOUND), "anonymous": NOT_FOUND},
    ),
    Row(
        "stations:reception_topic",
        lambda w: f"/network/receptions/{_reception(w).pk}/notice/topic/",
        PUBLIC,
        method="post",
        data=lambda w: {"text": "路灯坏了", "name": "", "phone": "", "website": ""},
    ),
    Row(
        "stations:reception_book",
        lambda w: f"/network/receptions/{_appointment(w).pk}/notice/book/",
        PUBLIC,
        method="post",
        data=_booking,
    ),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)


assert all(row.expect["anonymous"] in (LOGIN, OK, NOT_FOUND) for row in ROWS)
