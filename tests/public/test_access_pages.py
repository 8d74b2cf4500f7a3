"""Access matrix of the public pages: everyone, logged in or not, reads them; the street's bulk
poster print is for street/district staff of that street."""

import pytest

from tests.access import FORBIDDEN, NOT_FOUND, OK, PERSONAS, Row, check, everyone, params


def _photo_url(w) -> str:
    from tests.public.test_pages_deputies import _png

    if not w.other_deputy.photo:
        w.other_deputy.photo.save("me.png", _png())
    return f"/p/deputies/{w.other_deputy.pk}/photo/"


def _public(outcome=OK):
    return dict.fromkeys(PERSONAS, outcome)


ROWS = [
    Row("public:stations", lambda w: "/p/", _public()),
    Row("public:stations", lambda w: "/p/?street=LT&q=南岭&community=1", _public()),
    Row("public:station", lambda w: "/p/stations/LT01/", _public()),
    Row("public:station", lambda w: "/p/stations/LT/", _public()),  # a street's deputies' home
    Row("public:station", lambda w: "/p/stations/LT01P1/", _public(NOT_FOUND)),  # points have no page
    Row("public:station", lambda w: "/p/stations/LG/", _public(NOT_FOUND)),
    Row("public:station_poster", lambda w: "/p/stations/LT01/poster/", _public()),
    Row("public:deputies", lambda w: "/p/deputies/", _public()),
    Row("public:deputies", lambda w: "/p/deputies/?level=county&street=LT&q=张&page=2", _public()),
    Row("public:deputy", lambda w: f"/p/deputies/{w.deputy.pk}/", _public()),
    Row("public:deputy_photo", lambda w: f"/p/deputies/{w.deputy.pk}/photo/", _public(NOT_FOUND)),  # no photo
    Row("public:deputy_photo", _photo_url, _public()),
    Row("public:deputy_poster", lambda w: f"/p/deputies/{w.deputy.pk}/poster/", _public()),
    Row(
        "public:street_posters",
        lambda w: "/p/streets/LT/posters/",
        everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK),
    ),
    Row(
        "public:street_posters",
        lambda w: "/p/streets/NW/posters/",
        everyone(FORBIDDEN, street_staff=NOT_FOUND, district_staff=OK, admin=OK),
    ),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
