"""Access to the station clerk's home (/cases/home/) for every persona.

Every role has the page; who clerks at no station (deputy, staff, admin) is sent to their own home
with a message (a redirect, so OK here: tests/petitions/test_clerk_home.py checks where it goes)."""

import pytest

from tests.access import FORBIDDEN, OK, Row, check, everyone, params

ROWS = [
    Row("petitions:clerk_home", lambda w: "/cases/home/", everyone(OK, outsider=FORBIDDEN)),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
