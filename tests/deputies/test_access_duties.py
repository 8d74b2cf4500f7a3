"""Access rows for the rota pages, a deputy's duties and the iCal feeds (deputies.duty_views)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from deputies import duty_services as ds
from tests import factories as f
from tests.access import FORBIDDEN, NOT_FOUND, OK, Row, check, everyone, params
from tests.stations.reception_helpers import make_reception


def _managers(**overrides):
    expect = {"clerk": OK, "street_staff": OK, "district_staff": OK, "admin": OK, "other_clerk": NOT_FOUND}
    return everyone(FORBIDDEN, **{**expect, **overrides})


def _reception(w, node=None):
    return make_reception(node or w.station_a, w.admin, timezone.localdate() + timedelta(days=5))


def _duty(w):
    reception = _reception(w)
    (duty,) = ds.duty_assign(reception=reception, deputies=[w.deputy], by=w.admin)
    return duty


def _other_deputys_duty(w):
    reception = _reception(w, w.station_b)
    (duty,) = ds.duty_assign(reception=reception, deputies=[w.other_deputy], by=w.admin)
    return duty


def _colleague(w):
    deputy = f.DeputyFactory(name="王代表", district=w.district, street=w.street_a)
    f.AssignmentFactory(deputy=deputy, node=w.station_a)
    return {"with_deputy": deputy.pk, "reason": "出差"}


def _deputy_only():
    return everyone(FORBIDDEN, deputy_user=OK)


PUBLIC = {**everyone(OK), "anonymous": OK}

ROWS = [
    Row("deputies:duty_mine", lambda w: "/deputies/duties/", _deputy_only()),
    Row("deputies:duty_feed_renew", lambda w: "/deputies/duties/feed/renew/", _deputy_only(), method="post"),
    Row("deputies:duty_rota", lambda w: f"/deputies/duties/reception/{_reception(w).pk}/", _managers()),
    Row(
        "deputies:duty_rota",
        lambda w: f"/deputies/duties/reception/{_reception(w).pk}/",
        _managers(),
        method="post",
        data=lambda w: {"deputies": [w.deputy.pk]},
    ),
    # The deputy on duty may hand it over themselves.
    Row("deputies:duty_swap", lambda w: f"/deputies/duties/{_duty(w).pk}/swap/", _managers(deputy_user=OK)),
    Row(
        "deputies:duty_swap",
        lambda w: f"/deputies/duties/{_duty(w).pk}/swap/",
        _managers(deputy_user=OK),
        method="post",
        data=_colleague,
    ),
    Row(
        "deputies:duty_swap",
        lambda w: f"/deputies/duties/{_other_deputys_duty(w).pk}/swap/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, other_clerk=OK, district_staff=OK, admin=OK),
    ),
    Row("deputies:node_feed", lambda w: f"/deputies/duties/feeds/node/{w.station_a.pk}/", _managers()),
    Row("deputies:node_feed", lambda w: f"/deputies/duties/feeds/node/{w.station_a.pk}/", _managers(), method="post"),
    Row(
        "deputies:ical_feed",
        lambda w: f"/deputies/feeds/{ds.feed_token_for(deputy=w.deputy).token}.ics",
        PUBLIC,
    ),
    Row(
        "deputies:ical_feed",
        lambda w: f"/deputies/feeds/{ds.feed_token_for(node=w.station_a).token}.ics",
        PUBLIC,
    ),
    Row(
        "deputies:ical_feed",
        lambda w: "/deputies/feeds/not-a-token.ics",
        {**everyone(NOT_FOUND), "anonymous": NOT_FOUND},
    ),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
