import pytest

from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, Row, check, everyone, params


def _managers_only(**overrides):
    return everyone(FORBIDDEN, district_staff=OK, admin=OK, **overrides)


def _new_station(w):
    return {"parent": w.street_a.pk, "name": "新社区联络站", "code": "LT09"}


def _edited_station(w):
    return {"parent": w.street_a.pk, "name": "南岭社区联络站(新址)", "code": "LT01", "is_active": "on"}


def _standards(w):
    return {"site_met": "on", "site_notes": "120㎡", "staff_met": "on"}


ROWS = [
    Row("home", lambda w: "/", everyone(OK, outsider=FORBIDDEN)),
    Row(
        "stations:staff_home",
        lambda w: "/network/home/staff/",
        everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK),
    ),
    Row("stations:clerk_home", lambda w: "/network/home/clerk/", everyone(OK, outsider=FORBIDDEN)),
    Row("stations:tree", lambda w: "/network/", everyone(OK, outsider=FORBIDDEN)),
    Row("stations:tree", lambda w: "/network/?q=南岭", everyone(OK, outsider=FORBIDDEN)),
    Row(
        "stations:node_detail",
        lambda w: f"/network/{w.station_a.pk}/",
        everyone(OK, outsider=FORBIDDEN, other_clerk=NOT_FOUND),
    ),
    Row(
        "stations:node_detail",
        lambda w: f"/network/{w.point_a.pk}/",
        everyone(OK, outsider=FORBIDDEN, other_clerk=NOT_FOUND),
    ),
    Row(
        "stations:node_detail",
        lambda w: f"/network/{w.district.pk}/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, district_staff=OK, admin=OK),
    ),
    Row("stations:node_create", lambda w: f"/network/new/?parent={w.street_a.pk}&kind=station", _managers_only()),
    Row("stations:node_create", lambda w: "/network/new/", _managers_only()),
    Row(
        "stations:node_create",
        lambda w: "/network/new/?kind=station",
        _managers_only(),
        method="post",
        data=_new_station,
    ),
    Row("stations:node_edit", lambda w: f"/network/{w.station_a.pk}/edit/", _managers_only()),
    Row(
        "stations:node_edit",
        lambda w: f"/network/{w.station_a.pk}/edit/",
        _managers_only(),
        method="post",
        data=_edited_station,
    ),
    # Street staff assess the stations of their own street, not the home itself nor another street's.
    Row(
        "stations:node_standards",
        lambda w: f"/network/{w.station_a.pk}/standards/",
        everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK),
    ),
    Row(
        "stations:node_standards",
        lambda w: f"/network/{w.station_a.pk}/standards/",
        everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK),
        method="post",
        data=_standards,
    ),
    Row(
        "stations:node_standards",
        lambda w: f"/network/{w.station_b.pk}/standards/",
        everyone(FORBIDDEN, street_staff=NOT_FOUND, district_staff=OK, admin=OK),
        method="post",
        data=_standards,
    ),
    Row(
        "stations:node_standards",
        lambda w: f"/network/{w.street_a.pk}/standards/",
        everyone(FORBIDDEN, district_staff=OK, admin=OK),
    ),
    Row("stations:user_list", lambda w: "/network/users/", everyone(FORBIDDEN, district_staff=OK, admin=OK)),
]

assert all(row.expect["anonymous"] == LOGIN for row in ROWS)


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
