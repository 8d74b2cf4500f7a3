"""Access to the meeting and deliberation pages (helper "delib"), GET and POST, for every persona.

One deliberation meeting at station_a (held in the past: attendance can be recorded) with the deputy
and a resident representative invited, a topic from two cases, a decision with its action item;
and a published meeting for the public summary page.
"""

import pytest

from meetings.models import Meeting
from petitions.models import Category
from tests.access import FORBIDDEN, LOGIN, NOT_FOUND, OK, Row, check, everyone, params
from tests.meetings.delib_helpers import deliberated, street_office

BAD_CHOICE = "status 400"


@pytest.fixture(autouse=True)
def meeting(world):
    world.meeting, world.topic, world.action, world.cases = deliberated(world)
    world.resident = world.meeting.attendees.get(kind="resident")
    Meeting.objects.filter(pk=world.meeting.pk).update(is_public=True)
    world.category = Category.objects.get(name="城市管理")


def _meeting(w):
    return {
        "kind": "deliberation", "title": "议事会", "node": w.station_a.pk, "starts_at": "2026-04-01T09:00",
        "place": "二楼会议室", "status": "planned", "version": w.meeting.version,
    }


def _edit(w):
    return {**_meeting(w), "title": "南岭议事会（改）"}


def _attendee(w):
    return {"kind": "official", "unit": street_office(w).pk, "name": "王科长"}


def _attendance(w):
    return {f"a{a.pk}": "present" for a in w.meeting.attendees.all()}


def _topic(w):
    return {"title": "停车难", "cases": [w.cases[0].pk]}


def _minutes(w):
    return {"minutes": "代表们讨论了路灯。", "unit_answer": "两周内修好。", "version": w.topic.version}


def _decision(w):
    return {"text": "再议", "owner": street_office(w).pk, "due_on": "2026-05-01"}


def _progress(w):
    return {"step": "progress", "percent": 40, "note": "已采购灯具", "version": w.action.version}


STAFF = everyone(FORBIDDEN, clerk=OK, other_clerk=OK, street_staff=OK, district_staff=OK, admin=OK)
SEES = everyone(NOT_FOUND, outsider=FORBIDDEN, deputy_user=OK, clerk=OK, street_staff=OK, district_staff=OK, admin=OK)
RUNS = {**SEES, "deputy_user": FORBIDDEN}
PUBLIC = {p: OK for p in SEES}

ROWS = [
    Row("meetings:list", lambda w: "/meetings/", everyone(OK, outsider=FORBIDDEN)),
    Row("meetings:list", lambda w: "/meetings/?kind=deliberation&year=2026&status=planned&q=议事",
        everyone(OK, outsider=FORBIDDEN)),
    Row("meetings:create", lambda w: "/meetings/new/", STAFF),
    Row("meetings:create", lambda w: "/meetings/new/", {**STAFF, "other_clerk": BAD_CHOICE}, "post", _meeting),
    Row("meetings:counts", lambda w: "/meetings/counts/?year=2026", STAFF),
    Row("meetings:detail", lambda w: f"/meetings/{w.meeting.pk}/", SEES),
    Row("meetings:edit", lambda w: f"/meetings/{w.meeting.pk}/edit/", RUNS),
    Row("meetings:edit", lambda w: f"/meetings/{w.meeting.pk}/edit/", RUNS, "post", _edit),
    Row("meetings:attendee_add", lambda w: f"/meetings/{w.meeting.pk}/attendees/new/", RUNS),
    Row("meetings:attendee_add", lambda w: f"/meetings/{w.meeting.pk}/attendees/new/", RUNS, "post", _attendee),
    Row("meetings:attendee_remove", lambda w: f"/meetings/{w.meeting.pk}/attendees/{w.resident.pk}/remove/", RUNS,
        "post"),
    Row("meetings:invite", lambda w: f"/meetings/{w.meeting.pk}/invite/", RUNS, "post"),
    Row("meetings:attendance", lambda w: f"/meetings/{w.meeting.pk}/attendance/", RUNS),
    Row("meetings:attendance", lambda w: f"/meetings/{w.meeting.pk}/attendance/", RUNS, "post", _attendance),
    Row("meetings:topic_add", lambda w: f"/meetings/{w.meeting.pk}/topics/new/?s=0", RUNS),
    Row("meetings:topic_add", lambda w: f"/meetings/{w.meeting.pk}/topics/new/", RUNS, "post", _topic),
    Row("meetings:topic_minutes", lambda w: f"/meetings/topics/{w.topic.pk}/minutes/", RUNS),
    Row("meetings:topic_minutes", lambda w: f"/meetings/topics/{w.topic.pk}/minutes/", RUNS, "post", _minutes),
    Row("meetings:decision_add", lambda w: f"/meetings/topics/{w.topic.pk}/decisions/new/", RUNS),
    Row("meetings:decision_add", lambda w: f"/meetings/topics/{w.topic.pk}/decisions/new/", RUNS, "post", _decision),
    Row("meetings:action_list", lambda w: "/meetings/actions/?status=open&overdue=on",
        everyone(OK, outsider=FORBIDDEN)),
    Row("meetings:action_detail", lambda w: f"/meetings/actions/{w.action.pk}/", SEES),
    Row("meetings:action_detail", lambda w: f"/meetings/actions/{w.action.pk}/", RUNS, "post", _progress),
    Row("meetings_public:summary", lambda w: f"/p/meetings/{w.meeting.pk}/", PUBLIC),
]

assert all(row.expect["anonymous"] == LOGIN for row in ROWS if row.name != "meetings_public:summary")


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)


def test_an_unpublished_meeting_has_no_public_page(world, client_for):
    Meeting.objects.filter(pk=world.meeting.pk).update(is_public=False)
    assert client_for("anonymous").get(f"/p/meetings/{world.meeting.pk}/").status_code == 404


def test_the_other_stations_clerk_sees_nothing_of_it(world, client_for):
    client = client_for("other_clerk")
    assert client.get(f"/meetings/topics/{world.topic.pk}/minutes/").status_code == 404
    assert world.meeting.title not in client.get("/meetings/").content.decode()
    assert client.get("/meetings/actions/").content.decode().count('data-testid="action-row"') == 0
