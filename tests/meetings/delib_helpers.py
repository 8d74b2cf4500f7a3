"""Helpers for the deliberation tests (helper "delib"): a deliberation meeting at station_a with two
cases behind one topic, a decision whose action item a handling unit owns."""

import datetime as dt
from zoneinfo import ZoneInfo

from meetings.models import Attendee, Meeting
from meetings.services import deliberation, meetings
from petitions.models import HandlingUnit
from tests.petitions.case_helpers import new_case

CN = ZoneInfo("Asia/Shanghai")
MEETING_AT = dt.datetime(2026, 3, 20, 14, 30, tzinfo=CN)
DUE = dt.date(2026, 6, 10)


def street_office(world) -> HandlingUnit:
    unit, _ = HandlingUnit.objects.get_or_create(
        district=world.district, name="龙田街道办事处",
        defaults={"kind": HandlingUnit.Kind.STREET_OFFICE, "street": world.street_a},
    )
    return unit


def new_meeting(world, *, by=None, node=None, kind=Meeting.Kind.DELIBERATION, starts_at=MEETING_AT, **extra):
    return meetings.meeting_create(
        by=by or world.clerk, node=node or world.station_a, kind=kind, title=extra.pop("title", "南岭社区代表议事会"),
        starts_at=starts_at, **extra,
    )


def deliberated(world, *, due_on=DUE):
    """A meeting with the deputy invited, one topic from two cases, and a decision with an action item."""
    meeting = new_meeting(world)
    cases = [new_case(world, place="南岭村东门"), new_case(world, place="南岭村东门")]
    meetings.attendee_add(by=world.clerk, meeting=meeting, kind=Attendee.Kind.DEPUTY, deputy=world.deputy)
    meetings.attendee_add(by=world.clerk, meeting=meeting, kind=Attendee.Kind.RESIDENT, name="居民代表甲")
    topic = deliberation.topic_add(by=world.clerk, meeting=meeting, title="东门路灯", cases=cases)
    decision = deliberation.decision_add(
        by=world.clerk, topic=topic, text="街道办一个月内修复东门路灯", owner=street_office(world), due_on=due_on
    )
    return meeting, topic, decision.action, cases
