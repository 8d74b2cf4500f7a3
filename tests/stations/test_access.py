import pytest

from tests.access import FORBIDDEN, NOT_FOUND, OK, Row, check, everyone, params

ROWS = [
    Row("home", lambda w: "/", everyone(OK, outsider=FORBIDDEN)),
    Row("stations:staff_home", lambda w: "/network/home/staff/",
        everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK)),
    Row("stations:clerk_home", lambda w: "/network/home/clerk/", everyone(OK, outsider=FORBIDDEN)),
    Row("stations:tree", lambda w: "/network/", everyone(OK, outsider=FORBIDDEN)),
    Row("stations:node_detail", lambda w: f"/network/{w.station_a.pk}/",
        everyone(OK, outsider=FORBIDDEN, other_clerk=NOT_FOUND)),
    Row("stations:user_list", lambda w: "/network/users/", everyone(FORBIDDEN, district_staff=OK, admin=OK)),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
