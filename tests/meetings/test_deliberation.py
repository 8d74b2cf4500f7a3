"""The deliberation steps through their services and pages (helper "delib")."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from liaison.errors import DomainError
from meetings.models import Attendee, Meeting
from meetings.models.deliberation import ActionItem, ActionProgress
from meetings.selectors import topic_suggestions
from meetings.services import deliberation, meetings
from notifications.models import Notification
from petitions.models import Category, PetitionEvent
from tests.meetings.delib_helpers import deliberated, new_meeting, street_office
from tests.petitions.case_helpers import new_case


def test_suggestions_group_open_cases_by_category_and_place(world):
    meeting = new_meeting(world)
    for _ in range(3):
        new_case(world, place="南岭村东门")
    new_case(world, place="南岭村西门")
    new_case(world, category=Category.objects.get(name="交通出行"), place="南岭村东门")
    new_case(world, node=world.station_b, by=world.other_clerk, place="南岭村东门")  # another station
    suggestions = topic_suggestions(world.clerk, meeting)
    assert [(s["category__name"], s["place"], s["n"]) for s in suggestions] == [
        ("城市管理", "南岭村东门", 3), ("交通出行", "南岭村东门", 1), ("城市管理", "南岭村西门", 1),
    ]


def test_suggestions_leave_out_cases_already_on_the_agenda(world):
    meeting, _topic, _action, cases = deliberated(world)
    assert topic_suggestions(world.clerk, meeting) == []


def test_a_suggestion_prefills_the_topic_with_its_cases(world, client_for):
    meeting = new_meeting(world)
    cases = [new_case(world, place="南岭村东门") for _ in range(2)]
    other = new_case(world, place="别处")
    html = client_for("clerk").get(f"/meetings/{meeting.pk}/topics/new/?s=0").content.decode()
    assert 'value="城市管理 · 南岭村东门"' in html
    for case in cases:
        assert re.search(rf'value="{case.pk}"\s+id="id_cases_\d+" checked', html)
    assert re.search(rf'value="{other.pk}"\s+id="id_cases_\d+">', html)  # offered, not ticked


def test_only_visible_cases_can_be_attached(world):
    meeting = new_meeting(world, by=world.street_staff)
    foreign = new_case(world, node=world.station_b, by=world.other_clerk)
    with pytest.raises(ValidationError):
        deliberation.topic_add(by=world.street_staff, meeting=meeting, title="x", cases=[foreign])


def test_a_deputy_may_not_run_the_meeting(world):
    meeting = new_meeting(world)
    with pytest.raises(meetings.NotAllowed):
        deliberation.topic_add(by=world.deputy_user, meeting=meeting, title="x")
    with pytest.raises(meetings.NotAllowed):
        new_meeting(world, by=world.deputy_user)
    with pytest.raises(meetings.NotAllowed):
        new_meeting(world, by=world.other_clerk)  # not their station


def test_invitations_reach_accounts_once(world):
    meeting, *_ = deliberated(world)
    meetings.attendee_add(by=world.clerk, meeting=meeting, kind=Attendee.Kind.STAFF, user=world.street_staff)
    meetings.attendee_add(by=world.clerk, meeting=meeting, kind=Attendee.Kind.OFFICIAL, unit=street_office(world),
                          name="王科长")
    assert meetings.attendees_invite(by=world.clerk, meeting=meeting) == 2  # the deputy and street staff
    assert meetings.attendees_invite(by=world.clerk, meeting=meeting) == 0
    users = Notification.objects.filter(kind="meeting_invitation").values_list("user__username", flat=True)
    assert sorted(users) == ["deputy_user", "street_staff"]
    assert not meeting.attendees.filter(invited_at__isnull=True).exists()


def test_a_deputy_is_listed_once(world):
    meeting = new_meeting(world)
    meetings.attendee_add(by=world.clerk, meeting=meeting, kind=Attendee.Kind.DEPUTY, deputy=world.deputy)
    with pytest.raises(ValidationError):
        meetings.attendee_add(by=world.clerk, meeting=meeting, kind=Attendee.Kind.DEPUTY, deputy=world.deputy)


def test_attendance_marks_the_meeting_held(world):
    meeting, *_ = deliberated(world)
    deputy = meeting.attendees.get(kind="deputy")
    resident = meeting.attendees.get(kind="resident")
    changed = meetings.attendance_record(by=world.clerk, meeting=meeting, marks={deputy.pk: "present",
                                                                                 resident.pk: "absent"})
    assert changed == 2
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert Attendee.objects.filter(deputy=world.deputy, attendance="present").count() == 1


def test_attendance_waits_for_the_meeting(world):
    meeting = new_meeting(world, starts_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(DomainError):
        meetings.attendance_record(by=world.clerk, meeting=meeting, marks={})


def test_closing_the_action_writes_on_each_case_and_tells_their_people(world):
    meeting, topic, action, cases = deliberated(world)
    for case in cases:
        from petitions import services as case_services

        case_services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    deliberation.action_progress(by=world.clerk, action=action, percent=60, note="灯具已到")
    deliberation.action_close(by=world.clerk, action=action, note="已修复")
    action.refresh_from_db()
    assert (action.status, action.progress, action.latest_note) == ("done", 100, "已修复")
    assert list(ActionProgress.objects.filter(action=action).values_list("percent", "kind")) == [
        (60, "progress"), (100, "done")]
    for case in cases:
        event = PetitionEvent.objects.get(petition=case, action="meeting_action")
        assert event.actor == world.clerk and "已修复" in event.note
        case.refresh_from_db()
        assert case.status == "assigned"  # no status change
        users = Notification.objects.filter(key=f"action:{action.pk}:done:case:{case.pk}")
        assert sorted(users.values_list("user__username", flat=True)) == ["clerk", "deputy_user"]
    with pytest.raises(DomainError):
        deliberation.action_progress(by=world.clerk, action=action, percent=10)


def test_a_stale_progress_form_is_refused(world):
    *_, action, _cases = deliberated(world)
    version = action.version
    deliberation.action_progress(by=world.clerk, action=action, percent=20, expected_version=version)
    with pytest.raises(meetings.StaleMeeting):
        deliberation.action_progress(by=world.street_staff, action=action, percent=30, expected_version=version)


def test_a_stale_meeting_edit_is_refused_on_the_page(world, client_for, settings):
    settings.LANGUAGE_CODE = "en"
    meeting = new_meeting(world)
    data = {"kind": "deliberation", "title": "新标题", "node": world.station_a.pk, "starts_at": "2026-03-20T14:30",
            "status": "planned", "version": meeting.version}
    meetings.meeting_update(by=world.street_staff, meeting=meeting, place="会议室")
    with translation.override("en"):
        response = client_for("clerk").post(f"/meetings/{meeting.pk}/edit/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Someone else changed this meeting" in response.content.decode()
    assert "新标题" in response.content.decode()  # nothing typed is lost
    meeting.refresh_from_db()
    assert meeting.title == "南岭社区代表议事会"


def test_a_decision_needs_owner_and_due_together(world, client_for):
    meeting, topic, *_ = deliberated(world)
    response = client_for("clerk").post(
        f"/meetings/topics/{topic.pk}/decisions/new/", {"text": "再议", "owner": street_office(world).pk}
    )
    assert response.status_code == 400 and ActionItem.objects.count() == 1


def test_bad_input_is_a_form_error_not_a_500(world, client_for):
    meeting = new_meeting(world)
    client = client_for("clerk")
    assert client.post("/meetings/new/", {"kind": "nope", "starts_at": "yesterday"}).status_code == 400
    assert client.post(f"/meetings/{meeting.pk}/topics/new/", {"title": "", "cases": ["x"]}).status_code == 400
    response = client.post(f"/meetings/{meeting.pk}/attendees/new/", {"kind": "official", "name": ""})
    assert response.status_code == 400
    assert client.get("/meetings/?year=abc&node=zzz").status_code == 200
    assert client.get("/meetings/counts/?year=abc").status_code == 200
    assert client.get(f"/meetings/{meeting.pk}/topics/new/?s=99").status_code == 200


def test_the_detail_page_shows_the_four_steps(world, client_for):
    meeting, topic, action, cases = deliberated(world)
    deliberation.topic_record_minutes(by=world.clerk, topic=topic, minutes="代表发言", unit_answer="街道办当场答复")
    html = client_for("deputy_user").get(f"/meetings/{meeting.pk}/").content.decode()
    assert "东门路灯" in html and "街道办当场答复" in html and "2026-06-10" in html
    assert all(c.tracking_no in html for c in cases)
    assert 'data-testid="add-topic"' not in html  # the deputy reads, does not run it


def test_the_public_page_shows_results_and_no_personal_data(world, client_for):
    meeting, topic, action, cases = deliberated(world)
    deliberation.topic_record_minutes(by=world.clerk, topic=topic, minutes="王小明说路灯坏了", unit_answer="两周内修好")
    meetings.meeting_update(by=world.clerk, meeting=meeting, is_public=True, summary="议定一项")
    meetings.attendance_record(by=world.clerk, meeting=meeting, marks={
        a.pk: "present" for a in meeting.attendees.all()})
    html = client_for("anonymous").get(f"/p/meetings/{meeting.pk}/").content.decode()
    assert "东门路灯" in html and "两周内修好" in html and "街道办一个月内修复东门路灯" in html
    assert "2026-06-10" in html and "议定一项" in html
    for private in ("王小明", "居民代表甲", "13812348000", "路灯坏了两个月", cases[0].tracking_no):
        assert private not in html


def test_the_admin_pages_open_read_only(world, client_for):
    meeting, topic, action, _cases = deliberated(world)
    client = client_for("admin")
    for path in (
        "/admin/meetings/meeting/", f"/admin/meetings/meeting/{meeting.pk}/change/", "/admin/meetings/topic/",
        "/admin/meetings/decision/", "/admin/meetings/actionitem/", f"/admin/meetings/actionitem/{action.pk}/change/",
        "/admin/meetings/actionprogress/", "/admin/meetings/actionstep/",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get("/admin/meetings/meeting/add/").status_code == 403


def test_the_case_timeline_names_the_meeting_action(world, client_for, settings):
    settings.LANGUAGE_CODE = "en"
    *_, action, cases = deliberated(world)
    deliberation.action_close(by=world.clerk, action=action, note="已修复")
    with translation.override("en"):
        html = client_for("clerk").get(f"/cases/{cases[0].pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Meeting action item done" in html and "已修复" in html


def test_a_deputy_of_another_district_cannot_be_invited(world):
    from tests import factories as f

    elsewhere = f.DistrictFactory(name="别区", code="BQ", by=world.admin)
    stranger = f.DeputyFactory(name="外区代表", district=elsewhere)
    meeting = new_meeting(world)
    with pytest.raises(ValidationError):
        meetings.attendee_add(by=world.clerk, meeting=meeting, kind=Attendee.Kind.DEPUTY, deputy=stranger)
