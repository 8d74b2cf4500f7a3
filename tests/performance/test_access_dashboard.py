"""Who may open the dashboard and the department compliance page: committee staff and admins."""

import pytest

from tests.access import FORBIDDEN, OK, Row, check, everyone, params

STAFF_ONLY = everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK)

ROWS = [
    Row("performance:dashboard", lambda w: "/performance/dashboard/", STAFF_ONLY),
    Row("performance:dashboard", lambda w: f"/performance/dashboard/?street={w.street_b.pk}&period=month", STAFF_ONLY),
    Row("performance:compliance", lambda w: "/performance/compliance/", STAFF_ONLY),
    Row("performance:compliance", lambda w: f"/performance/compliance/?station={w.station_b.pk}&o=-late", STAFF_ONLY),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
