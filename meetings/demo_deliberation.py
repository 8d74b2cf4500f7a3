"""Demo meetings for the deliberation area, run after `manage.py seed_demo`: `seed(district=…, now=…)`.

For the first three active stations of the district (by code): a deliberation meeting held about six
weeks before `now`, published, with the station's deputies and a resident representative present, one
topic from the station's most frequent open cases (through the suggestion selector), minutes, the
unit's answer and a decision whose action item the street office owns (one 40% along and due in three
weeks, one done); a training held the month before; and next month's deliberation meeting, planned.

Idempotent: a meeting is found by (node, kind, title); one found is left as it is. Everything is
written through the services, by a district staff account (or a superuser).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from deputies.models import Deputy
from liaison.deadlines import CHINA
from meetings.models import Attendee, Meeting
from meetings.selectors import open_cases_near, topic_suggestions
from meetings.services import deliberation, meetings
from petitions.models import HandlingUnit
from stations.models import Node, Position

K = Meeting.Kind


def _author(district: Node):
    position = Position.objects.filter(node=district, user__is_active=True).select_related("user").first()
    return position.user if position else get_user_model().objects.filter(is_superuser=True).first()


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA)


def _meeting(by, station: Node, kind: str, title: str, starts_at: datetime, **extra) -> tuple[Meeting, bool]:
    found = Meeting.objects.filter(node=station, kind=kind, title=title).first()
    if found:
        return found, False
    return meetings.meeting_create(by=by, node=station, kind=kind, title=title, starts_at=starts_at, **extra), True


@transaction.atomic
def seed(*, district: Node, now: datetime | None = None) -> int:
    """Create the demo meetings; returns how many meetings were created (0 on a second run)."""
    now = now or timezone.now()
    today = timezone.localdate(now, CHINA)
    by = _author(district)
    if by is None:
        return 0
    stations = list(Node.objects.filter(district_id=district.pk, kind=Node.Kind.STATION, is_active=True)
                    .select_related("street").order_by("code")[:3])
    created = 0
    for index, station in enumerate(stations):
        office = HandlingUnit.objects.filter(
            district=district, street_id=station.street_id, kind=HandlingUnit.Kind.STREET_OFFICE, is_active=True
        ).first() or HandlingUnit.objects.filter(district=district, is_active=True).first()
        held_on = today - timedelta(days=42 + 7 * index)
        meeting, new = _meeting(
            by, station, K.DELIBERATION, f"{station.name}代表议事会", _at(held_on, 14, 30),
            place=f"{station.name}议事厅", is_public=True,
            summary="代表、居民代表和职能部门围绕群众反映集中的问题当面议事，议定事项分解落实并接受群众监督。",
        )
        if new:
            created += 1
            _run(by, meeting, station, office, today=today, done=index == 1)
        _, new = _meeting(by, station, K.TRAINING, "代表履职学习培训", _at(held_on - timedelta(days=30), 9, 30))
        if new:
            created += 1
            training = Meeting.objects.get(node=station, kind=K.TRAINING, title="代表履职学习培训")
            meetings.meeting_update(by=by, meeting=training, status=Meeting.Status.HELD)
        _, new = _meeting(by, station, K.DELIBERATION, f"{station.name}下月代表议事会",
                          _at(today + timedelta(days=30), 14, 30), place=f"{station.name}议事厅")
        created += new
    return created


def _run(by, meeting: Meeting, station: Node, office: HandlingUnit | None, *, today, done: bool) -> None:
    deputies = Deputy.objects.filter(assignments__node__station_id=station.pk, is_active=True).distinct()[:3]
    for deputy in deputies:
        meetings.attendee_add(by=by, meeting=meeting, kind=Attendee.Kind.DEPUTY, deputy=deputy)
    meetings.attendee_add(by=by, meeting=meeting, kind=Attendee.Kind.RESIDENT, name="居民代表")
    if office is not None:
        meetings.attendee_add(by=by, meeting=meeting, kind=Attendee.Kind.OFFICIAL, unit=office, name="街道办负责同志")
    meetings.attendees_invite(by=by, meeting=meeting, now=meeting.starts_at - timedelta(days=3))
    meetings.attendance_record(
        by=by, meeting=meeting, marks={a.pk: Attendee.Attendance.PRESENT for a in meeting.attendees.all()}
    )
    suggestions = topic_suggestions(by, meeting, limit=1)
    if suggestions:
        picked = suggestions[0]
        cases = list(
            open_cases_near(by, meeting).filter(
                category_id=picked["category_id"], community_id=picked["community_id"], place=picked["place"]
            )[:3]
        )
        where = picked["community__name"] or picked["place"]
        title = " · ".join(part for part in (picked["category__name"], where) if part)
    else:
        cases, title = [], "社区停车秩序"
    topic = deliberation.topic_add(
        by=by, meeting=meeting, title=title, cases=cases, description="群众反映集中，提请代表议事会议定。"
    )
    deliberation.topic_record_minutes(
        by=by, topic=topic, minutes="代表逐一发言，居民代表补充了现场情况。",
        unit_answer="街道办当场答复：列入本季度整改计划。",
    )
    if office is None:
        return
    decision = deliberation.decision_add(
        by=by, topic=topic, text="由街道办牵头制定整改方案并限期完成", owner=office, due_on=today + timedelta(days=21)
    )
    action = decision.action
    # Stamped in the past like the rest of the demo (the cases' timelines end before today).
    deliberation.action_progress(
        by=by, action=action, percent=40, note="整改方案已制定，正在施工。", now=meeting.starts_at + timedelta(days=7)
    )
    if done:
        deliberation.action_close(
            by=by, action=action, note="整改完成，已向群众反馈。", now=meeting.starts_at + timedelta(days=14)
        )
