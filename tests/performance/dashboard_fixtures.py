"""A small district with known cases, referrals and reception days for the dashboard tests.

Today is Wednesday 2026-05-20 (China time). The cases (street_a: station_a and point_a; street_b:
station_b) and what each counts for in "this year" (2026-01-01 … 2026-05-20):

    A1 station_a 05-05 received      城市管理 南岭社区
    A2 point_a   04-10 referred      城市管理 南岭社区  unit (sent 04-11, due 05-10: overdue)
    A3 station_a 02-01 closed        环境卫生 南岭社区  unit (sent 02-02, due 05-06, replied 02-21: on time)  satisfied
    A4 station_a 03-01 informed      城市管理 沙塘布社区 (resolved directly)
    A5 station_a 01-10 withdrawn     城市管理           (not counted)
    A6 station_a 2025-11-01 acknowledged 城市管理       street office (sent 2025-11-02, due 2026-02-15: overdue)
    A7 point_a   03-01 review        交通出行           unit (sent 03-02, due 03-20, replied 03-31: late)  not satisfied
    B1 station_b 05-06 referred      城市管理           unit (sent 05-07, due 08-07)
    B2 station_b 03-03 replied       环境卫生           unit (sent 03-04, due 06-04, replied 03-13: on time)
"""

import datetime as dt
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from petitions.models import Category, HandlingUnit, Petition, Referral
from stations.models import Community, Reception
from tests import factories as f

CN = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 5, 20)
NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=CN)
S = Petition.Status
_numbers = itertools.count(1)


@dataclass
class Dash:
    cases: dict
    unit: HandlingUnit
    street_office: HandlingUnit
    community: Community


def make_case(node, received: dt.date, status: str, category: str = "城市管理", **extra) -> Petition:
    n = next(_numbers)
    return Petition.objects.create(
        tracking_no=f"{node.code}-{received:%Y%m%d}-{n:04d}",
        channel=Petition.Channel.STATION,
        node=node,
        district_id=node.district_id,
        street_id=node.street_id,
        station_id=node.station_id,
        resident_name="王小明",
        resident_phone="13812348000",
        category=Category.objects.get_or_create(name=category)[0],  # browser tests flush the seeded ones
        content=f"问题{n}",
        status=status,
        received_at=dt.datetime.combine(received, dt.time(9, 30), tzinfo=CN),
        **extra,
    )


def refer(case, unit, sent: dt.date, due: dt.date, replied: dt.date | None = None, **extra) -> Referral:
    return Referral.objects.create(
        petition=case,
        number=f"ZB-{next(_numbers):05d}",
        route=Referral.Route.DISTRICT if unit.street_id is None else Referral.Route.STREET,
        unit=unit,
        sent_at=dt.datetime.combine(sent, dt.time(10, 0), tzinfo=CN),
        reply_due_on=due,
        replied_on=replied,
        **extra,
    )


def reception(node, day: dt.date, status: str) -> Reception:
    return Reception.objects.create(
        node=node,
        district_id=node.district_id,
        street_id=node.street_id,
        station_id=node.station_id,
        date=day,
        start_time=dt.time(9, 0),
        end_time=dt.time(11, 0),
        place="联络站",
        status=status,
    )


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def dash(world, frozen) -> Dash:
    return build_dash(world)


def build_dash(world) -> Dash:
    d = dt.date
    unit = HandlingUnit.objects.create(
        district=world.district, name="区城市管理和综合执法局", kind=HandlingUnit.Kind.DEPARTMENT
    )
    street_office = HandlingUnit.objects.create(
        district=world.district, street=world.street_a, name="龙田街道办事处", kind=HandlingUnit.Kind.STREET_OFFICE
    )
    nanling = Community.objects.create(street=world.street_a, name="南岭社区")
    shatangbu = Community.objects.create(street=world.street_a, name="沙塘布社区")
    sa, pa, sb = world.station_a, world.point_a, world.station_b
    c = {}
    c["A1"] = make_case(sa, d(2026, 5, 5), S.RECEIVED, community=nanling)
    c["A2"] = make_case(pa, d(2026, 4, 10), S.REFERRED, community=nanling, due_on=d(2026, 5, 10))
    refer(c["A2"], unit, d(2026, 4, 11), d(2026, 5, 10))
    c["A3"] = make_case(sa, d(2026, 2, 1), S.CLOSED, "环境卫生", community=nanling, rating=Petition.Rating.SATISFIED)
    refer(c["A3"], unit, d(2026, 2, 2), d(2026, 5, 6), d(2026, 2, 21))
    c["A4"] = make_case(sa, d(2026, 3, 1), S.INFORMED, community=shatangbu)
    c["A5"] = make_case(sa, d(2026, 1, 10), S.WITHDRAWN)
    c["A6"] = make_case(sa, d(2025, 11, 1), S.ACKNOWLEDGED, due_on=d(2026, 2, 15))
    refer(c["A6"], street_office, d(2025, 11, 2), d(2026, 2, 15), received_on=d(2025, 11, 3))
    c["A7"] = make_case(
        pa, d(2026, 3, 1), S.REVIEW, "交通出行", rating=Petition.Rating.UNSATISFIED, due_on=d(2026, 6, 18)
    )
    refer(c["A7"], unit, d(2026, 3, 2), d(2026, 3, 20), d(2026, 3, 31))
    c["B1"] = make_case(sb, d(2026, 5, 6), S.REFERRED, due_on=d(2026, 8, 7))
    refer(c["B1"], unit, d(2026, 5, 7), d(2026, 8, 7))
    c["B2"] = make_case(sb, d(2026, 3, 3), S.REPLIED, "环境卫生")
    refer(c["B2"], unit, d(2026, 3, 4), d(2026, 6, 4), d(2026, 3, 13))

    R = Reception.Status
    reception(sa, d(2026, 2, 10), R.CANCELLED)
    reception(sa, d(2026, 3, 10), R.MISSED)
    reception(sa, d(2026, 4, 14), R.HELD)
    reception(pa, d(2026, 5, 12), R.PLANNED)  # past, not logged yet
    reception(sa, d(2026, 5, 26), R.PLANNED)  # still ahead
    reception(sb, d(2026, 4, 14), R.HELD)
    reception(sa, d(2025, 12, 8), R.HELD)  # last year
    # A third deputy on street_a's roll, assigned nowhere.
    f.DeputyFactory(name="王代表", district=world.district, street=world.street_a)
    return Dash(cases=c, unit=unit, street_office=street_office, community=nanling)
