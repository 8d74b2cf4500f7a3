"""Helpers of the legislative consultation tests: a district draft open on 2026-03-10 (China time),
opinions from station_a (with world.deputy), station_b and online."""

import datetime as dt
from zoneinfo import ZoneInfo

from meetings.models import Meeting
from meetings.services import consultation as svc

CN = ZoneInfo("Asia/Shanghai")
OPEN_DAY = dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN)
OPENS = dt.date(2026, 3, 1)
DUE = dt.date(2026, 3, 31)


TITLE = "《城市养犬管理条例（修订草案）》"
TEXT = "第九条　携犬出户时，应当束犬链。"


def make_draft(world, *, by=None, node=None, title=TITLE, opens=OPENS, due=DUE, text=TEXT):
    return svc.draft_create(
        by=by or world.district_staff,
        scope_node=node or world.district,
        title=title,
        issuing_body="市人大常委会法制工作委员会",
        text=text,
        opinions_open_from=opens,
        opinions_due=due,
    )


def add_opinion(world, draft, *, by=None, node=None, text="建议电梯内收短牵引绳。", now=OPEN_DAY, **kwargs):
    return svc.opinion_create(
        by=by or world.clerk, draft=draft, node=node or world.station_a, text=text, now=now, **kwargs
    )


def adopt(world, opinion, *, by=None, now=OPEN_DAY):
    return svc.opinion_decide(by=by or world.district_staff, opinion=opinion, decision="adopted", now=now)


def legislative_meeting(world, node=None, title="南岭社区立法议事会"):
    meeting = Meeting(kind=Meeting.Kind.LEGISLATIVE, title=title, starts_at=OPEN_DAY, created_by=world.clerk)
    meeting.place_at(node or world.station_a)
    meeting.save()
    return meeting
