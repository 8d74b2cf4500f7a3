"""Known records for the scorecard tests, and the numbers they must give.

The clock stands at 2026-06-15 10:00 in Shanghai. World.deputy (张代表, station_a) in 2026:

    cases in charge     1 resolved, 1 informed, 1 replied (referred, answered 2026-05-20), 1 still open,
                        1 escalated to a suggestion, 1 withdrawn (not caseload)  → caseload 5, solved 3
    snapshot reports    1, left unassigned                                       → raised 5 + 1 = 6
    reception duties    3 present, 1 late, 1 absent, 1 still expected            → attended 4, absent 1
    meetings (held)     deliberation at station_a present, research at street_a's home present,
                        voter meeting absent; a planned meeting "present" does not count
    voter contacts      3
and in 2025 one resolved case (caseload 1, solved 1).

Default points for 2026: solved 3×3 + reported 1×1 + suggestion 1×3 + followed 1×2 + duties 4×2
− absent 1 + meeting 2 + research 3 − meeting absent 1 = 26.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deputies.models import Duty
from meetings.models import Attendee, Meeting
from petitions import services
from petitions.models import Category, HandlingUnit, Petition, Referral
from stations.models import Reception
from tests import factories as f

CN = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=CN)
S = Petition.Status

EXPECTED_2026 = {
    "points": 26,
    "caseload": 5,
    "solved": 3,
    "raised": 6,
    "rate": 60,
    "activities": 2,
    "visits": 5,
}


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def make_case(world, *, deputy=None, status=S.ASSIGNED, when=None, reported_by=None, node=None) -> Petition:
    case = services.petition_create(
        by=world.clerk if node is None else world.admin,
        node=node or world.station_a,
        channel=Petition.Channel.DEPUTY if reported_by else Petition.Channel.STATION,
        resident_name="王小明",
        resident_phone="13812348000",
        category=Category.objects.get(name="城市管理"),
        content="小区门口路灯坏了两个月。",
        reported_by=reported_by,
        received_at=when or dt.datetime(2026, 3, 2, 9, 0, tzinfo=CN),
    )
    # The lifecycle itself is tested in tests/petitions; here only where a case ended up matters.
    Petition.objects.filter(pk=case.pk).update(assigned_deputy=deputy, status=status)
    case.refresh_from_db()
    return case


def make_duty(world, deputy, day: dt.date, attendance: str, node=None) -> Duty:
    node = node or world.station_a
    reception = Reception.objects.create(
        node=node,
        district_id=node.district_id,
        street_id=node.street_id,
        station_id=node.station_id,
        date=day,
        start_time=dt.time(9, 0),
        end_time=dt.time(11, 0),
        place="联络站",
        status=Reception.Status.HELD,
    )
    return Duty.objects.create(reception=reception, deputy=deputy, attendance=attendance)


def make_meeting(node, *, kind, when, status=Meeting.Status.HELD, attendees=()) -> Meeting:
    meeting = Meeting(kind=kind, title=f"{Meeting.Kind(kind).label} {when:%m-%d}", starts_at=when, status=status)
    meeting.place_at(node)
    meeting.save()
    for deputy, attendance in attendees:
        Attendee.objects.create(meeting=meeting, kind=Attendee.Kind.DEPUTY, deputy=deputy, attendance=attendance)
    return meeting


def seed_deputy(world, deputy, *, with_2025: bool = True) -> None:
    """The records of the module docstring, for `deputy` (at station_a)."""
    make_case(world, deputy=deputy, status=S.RESOLVED)
    make_case(world, deputy=deputy, status=S.INFORMED)
    replied = make_case(world, deputy=deputy, status=S.REPLIED)
    unit, _ = HandlingUnit.objects.get_or_create(
        district=world.district, name="区城市管理局", defaults={"kind": HandlingUnit.Kind.DEPARTMENT}
    )
    Referral.objects.create(
        petition=replied,
        number=f"LT-2026-{replied.pk:04d}",
        route=Referral.Route.DISTRICT,
        unit=unit,
        sent_at=dt.datetime(2026, 3, 5, 9, 0, tzinfo=CN),
        replied_on=dt.date(2026, 5, 20),
        reply_class="A",
        reply_text="已修复。",
    )
    make_case(world, deputy=deputy, status=S.ASSIGNED)
    make_case(world, deputy=deputy, status=S.ESCALATED)
    make_case(world, deputy=deputy, status=S.WITHDRAWN)
    make_case(world, deputy=None, status=S.RECEIVED, reported_by=deputy)
    if with_2025:
        make_case(world, deputy=deputy, status=S.RESOLVED, when=dt.datetime(2025, 5, 1, 9, 0, tzinfo=CN))

    for day in (dt.date(2026, 1, 13), dt.date(2026, 2, 10), dt.date(2026, 3, 10)):
        make_duty(world, deputy, day, Duty.Attendance.PRESENT)
    make_duty(world, deputy, dt.date(2026, 4, 14), Duty.Attendance.LATE)
    make_duty(world, deputy, dt.date(2026, 5, 12), Duty.Attendance.ABSENT)
    make_duty(world, deputy, dt.date(2026, 7, 14), Duty.Attendance.EXPECTED)

    P, A = Attendee.Attendance.PRESENT, Attendee.Attendance.ABSENT
    make_meeting(
        world.station_a,
        kind=Meeting.Kind.DELIBERATION,
        when=dt.datetime(2026, 4, 2, 14, 0, tzinfo=CN),
        attendees=[(deputy, P)],
    )
    make_meeting(
        world.street_a,
        kind=Meeting.Kind.RESEARCH,
        when=dt.datetime(2026, 5, 6, 9, 0, tzinfo=CN),
        attendees=[(deputy, P)],
    )
    make_meeting(
        world.station_a,
        kind=Meeting.Kind.VOTER_MEETING,
        when=dt.datetime(2026, 5, 28, 19, 0, tzinfo=CN),
        attendees=[(deputy, A)],
    )
    make_meeting(
        world.station_a,
        kind=Meeting.Kind.TRAINING,
        when=dt.datetime(2026, 9, 1, 9, 0, tzinfo=CN),
        status=Meeting.Status.PLANNED,
        attendees=[(deputy, P)],
    )
    for _i in range(3):
        f.VoterContactFactory(deputy=deputy)


@pytest.fixture
def scored(world, clock):
    seed_deputy(world, world.deputy)
    return world
