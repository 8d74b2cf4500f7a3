"""Builders and fixtures for the reception logging and ledger tests (import the fixtures you use).

The clock stands at Tuesday 2026-03-10 14:00 in Shanghai; today's reception at 南岭社区联络站
(station_a) has two deputies on duty: 张代表 (world.deputy, logs in as deputy_user) and 王代表
(logs in as deputy_wang).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deputies.duty_services import duty_assign
from petitions.models import Category
from stations import reception_services as rs
from stations.models import Community, ReceptionMode
from tests import factories as f

CN = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 10, 14, 0, tzinfo=CN)
TODAY = NOW.date()


def make_reception(world, day: dt.date, *, node=None, mode=ReceptionMode.STATION, deputies=(), start=dt.time(9, 0)):
    reception = rs.reception_create(
        by=world.admin,
        node=node or world.station_a,
        date=day,
        start_time=start,
        end_time=dt.time(11, 30),
        place="南岭社区党群服务中心",
        mode=mode,
    )
    if deputies:
        duty_assign(reception=reception, deputies=list(deputies), by=world.admin)
    return reception


def category(name: str) -> Category:
    """Seeded by a data migration, which a transactional (browser) test's flush removes: made if missing."""
    return Category.objects.get_or_create(name=name)[0]


@dataclass
class ReceptionSetup:
    reception: object
    wang: object  # the second deputy on duty
    wang_user: object
    community: object
    category: object
    other_category: object

    def duty(self, deputy):
        return self.reception.duties.get(deputy=deputy)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def logday(world, frozen_now) -> ReceptionSetup:
    wang_user = f.UserFactory(username="deputy_wang")
    wang = f.DeputyFactory(name="王代表", user=wang_user, district=world.district, street=world.street_a)
    f.AssignmentFactory(deputy=wang, node=world.station_a)
    community = Community.objects.create(street=world.street_a, name="南岭社区")
    world.station_a.communities.add(community)
    reception = make_reception(world, TODAY, deputies=[world.deputy, wang])
    # Shared with the access matrix, whose URLs only see the world.
    world.reception = reception
    world.duty = reception.duties.get(deputy=world.deputy)
    return ReceptionSetup(
        reception=reception,
        wang=wang,
        wang_user=wang_user,
        community=community,
        category=category("城市管理"),
        other_category=category("社会保障"),
    )


def issue_post(logday: ReceptionSetup, rows: list[dict], **log) -> dict:
    """The logging form's POST: the event fields, then `rows` (field → value) as the issue formset."""
    data = {"residents_received": "3", "notes": "", "issue-TOTAL_FORMS": str(len(rows)), "issue-INITIAL_FORMS": "0"}
    data.update(log)
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value is not None and value is not False:
                data[f"issue-{i}-{key}"] = "on" if value is True else str(value)
    return data


def three_rows(logday: ReceptionSetup) -> list[dict]:
    return [
        {
            "resident_name": "王小明",
            "resident_phone": "13812348000",
            "community": logday.community.pk,
            "category": logday.category.pk,
            "content": "小区门口路灯坏了两个月。",
            "deputy": "",
        },
        {
            "resident_name": "李阿姨",
            "resident_phone": "13912345678",
            "community": "",
            "category": logday.other_category.pk,
            "content": "社区老年食堂菜价上涨。",
            "deputy": logday.wang.pk,
        },
        {
            "resident_name": "陈先生",
            "resident_phone": "0755-2888 1234",
            "community": logday.community.pk,
            "category": logday.category.pk,
            "content": "夜间施工噪音扰民。",
            "deputy": "",
            "hide_name_from_deputy": True,
        },
    ]
