"""Access rows of the residents' case pages: no login, the same for every role; rating needs the
session grant of a successful look-up, which no role has by itself."""

import pytest

from tests.access import FORBIDDEN, NOT_FOUND, OK, PERSONAS, Row, check, params
from tests.public.case_helpers import form_data, resident_case


def _all(outcome: str) -> dict:
    return dict.fromkeys(PERSONAS, outcome)


def _track_data(w):
    return {"tracking_no": resident_case(w).tracking_no, "digits": "8000", "website": ""}


ROWS = [
    Row("public:submit", lambda w: "/p/submit/", _all(OK)),
    Row("public:submit", lambda w: f"/p/submit/?street={w.street_a.pk}", _all(OK)),
    Row("public:submit", lambda w: "/p/submit/?station=LT01", _all(OK)),
    Row("public:submit", lambda w: f"/p/submit/?deputy={w.deputy.pk}", _all(OK)),
    Row("public:submit", lambda w: "/p/submit/?station=NOPE", _all(NOT_FOUND)),
    Row("public:submit", lambda w: "/p/submit/?station=LT01", _all(OK), method="post", data=lambda w: form_data()),
    Row("public:submit_done", lambda w: "/p/submit/done/", _all(OK)),
    Row("public:track", lambda w: "/p/track/", _all(OK)),
    Row("public:track", lambda w: "/p/track/", _all(OK), method="post", data=_track_data),
    Row("public:track_case", lambda w: "/p/track/case/", _all(OK)),  # no grant: back to the form
    Row(
        "public:rate",
        lambda w: "/p/track/rate/",
        _all(FORBIDDEN),
        method="post",
        data=lambda w: {"rating": "satisfied", "version": 0},
    ),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
