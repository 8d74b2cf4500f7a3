"""The case page: fields, the resident as each role may see them, referral, review, merged cases,
files, and the timeline of every event with who and when."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from petitions import services
from petitions.models import HandlingUnit, Petition
from petitions.selectors import petitions_visible_to
from tests.petitions.case_helpers import PHONE, en, jpeg, new_case

CN = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def named(world):
    world.clerk.first_name, world.clerk.last_name = "陈小红", ""
    world.clerk.save()
    world.street_staff.first_name = "周主任"
    world.street_staff.save()
    return world


@pytest.fixture
def walked(named):
    """A case received, assigned, referred on the street route, acknowledged, replied, informed and
    rated not satisfied (a review opens); each step a day apart."""
    w = named
    office = HandlingUnit.objects.create(
        district=w.district, street=w.street_a, name="龙田街道办事处", kind=HandlingUnit.Kind.STREET_OFFICE
    )
    day = dt.datetime(2026, 3, 10, 9, 30, tzinfo=CN)
    steps = [
        lambda: new_case(w, attachments=[jpeg("a.jpg")], hide_name_from_deputy=True),
        lambda: services.petition_assign(petition=case, deputy=w.deputy, by=w.clerk),
        lambda: services.petition_refer(
            petition=case, by=w.street_staff, unit=office, route="street", street_opinion="同意转街道办处理"
        ),
        lambda: services.referral_acknowledge(
            petition=case, by=w.clerk, received_on=dt.date(2026, 3, 13), received_by_name="李收文"
        ),
        lambda: services.petition_reply(petition=case, by=w.clerk, reply_text="已更换路灯。", reply_class="A"),
        lambda: services.petition_inform(petition=case, by=w.deputy_user, note="电话告知"),
        lambda: services.petition_rate(petition=case, rating="unsatisfied", comment="只修了一个", by=None),
    ]
    case = None
    for i, step in enumerate(steps):
        with time_machine.travel(day + dt.timedelta(days=i), tick=False):
            result = step()
            case = case or result
    case.refresh_from_db()
    return case


def _get(client, case, when=dt.datetime(2026, 3, 20, 9, 0, tzinfo=CN)):
    with time_machine.travel(when, tick=False):
        response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return response


def test_the_timeline_shows_every_event_in_order_with_who_did_it(walked, client_for):
    response = _get(en(client_for("clerk")), walked)
    events = response.context["events"]
    assert [e.action for e in events] == ["create", "assign", "refer", "acknowledge", "reply", "inform", "rate"]
    assert [e.who for e in events] == ["陈小红", "陈小红", "周主任", "陈小红", "陈小红", "deputy_user", "Resident"]
    html = response.content.decode()
    positions = [html.index(f'data-action="{e.action}"') for e in events]
    assert positions == sorted(positions)
    # Local time (Asia/Shanghai), the label in the user's language, the note, the event's files.
    assert "2026-03-10 09:30" in html and "Case received" in html and "Resident&#x27;s rating recorded" in html
    assert "只修了一个" in html
    first = events[0]
    assert len(first.attachments.all()) == 1
    assert f"/cases/attachments/{first.attachments.all()[0].pk}/" in html


def test_the_clerk_sees_the_whole_phone_the_deputy_a_masked_one_and_no_name(walked, client_for):
    clerk = _get(client_for("clerk"), walked).content.decode()
    assert PHONE in clerk and "王小明" in clerk
    street = _get(client_for("street_staff"), walked).content.decode()
    assert PHONE in street
    deputy = _get(client_for("deputy_user"), walked).content.decode()
    assert PHONE not in deputy and not re.search(r"1[3-9]\d{9}", deputy)
    assert "138****8000" in deputy and "王小明" not in deputy


def test_the_deputy_sees_the_name_when_the_resident_did_not_ask_to_hide_it(world, client_for):
    case = new_case(world)
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    html = client_for("deputy_user").get(f"/cases/{case.pk}/").content.decode()
    assert "王小明" in html and "138****8000" in html and PHONE not in html


def test_referral_review_and_due_date_are_summarised(walked, client_for):
    response = _get(en(client_for("clerk")), walked)
    context = response.context
    assert context["referral"].unit.name == "龙田街道办事处"
    assert context["review"] is not None and context["review"].due_on == walked.due_on
    html = response.content.decode()
    assert context["referral"].number in html and "Review open" in html
    assert walked.due_on.isoformat() in html
    days = (walked.due_on - dt.date(2026, 3, 20)).days
    assert f"{days} days left" in html


def test_a_provisional_due_date_is_explained(world, client_for):
    case = new_case(world)
    Petition.objects.filter(pk=case.pk).update(due_on=dt.date(2031, 1, 5), due_provisional=True)
    response = en(client_for("clerk")).get(f"/cases/{case.pk}/")
    assert 'data-testid="provisional-note"' in response.content.decode()


def test_merged_cases_are_listed_on_the_case_they_joined(world, client_for):
    main = new_case(world, content="路灯坏了")
    duplicate = new_case(world, content="同一路灯")
    services.petition_merge(petition=duplicate, into=main, by=world.clerk)
    response = client_for("clerk").get(f"/cases/{main.pk}/")
    assert response.context["merged_cases"] == [duplicate]
    assert f"/cases/{duplicate.pk}/" in response.content.decode()
    assert f"/cases/{main.pk}/" in client_for("clerk").get(f"/cases/{duplicate.pk}/").content.decode()


def test_the_action_buttons_come_from_the_rules(walked, client_for):
    clerk = _get(client_for("clerk"), walked)
    assert "reply" in clerk.context["allowed"]
    outsider_case_view = _get(client_for("deputy_user"), walked)
    assert "reply" not in outsider_case_view.context["allowed"]


@pytest.mark.parametrize("persona,status", [("other_clerk", 404), ("outsider", 403)])
def test_outside_the_scope_the_case_does_not_exist(walked, client_for, persona, status):
    assert client_for(persona).get(f"/cases/{walked.pk}/").status_code == status


def test_a_deputys_own_reports_are_visible_to_them_only(world):
    report = new_case(
        world,
        by=world.deputy_user,
        channel=Petition.Channel.DEPUTY,
        reported_by=world.deputy,
        resident_name="",
        resident_phone="",
    )
    other = new_case(world)
    assert list(petitions_visible_to(world.deputy_user)) == [report]
    assert set(petitions_visible_to(world.clerk)) == {report, other}
    assert list(petitions_visible_to(world.other_clerk)) == []


def test_query_count_does_not_grow_with_events_and_files(world, client_for, django_assert_max_num_queries):
    case = new_case(world, attachments=[jpeg()])
    client = client_for("clerk")
    client.get(f"/cases/{case.pk}/")
    with django_assert_max_num_queries(20) as small:
        client.get(f"/cases/{case.pk}/")
    for i in range(8):
        services.petition_comment(petition=case, by=world.clerk, note=f"跟进{i}")
        services.petition_attach(petition=case, by=world.clerk, files=[jpeg(f"{i}.jpg")])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/cases/{case.pk}/")
    assert len(response.context["events"]) == 17 and len(response.context["attachments"]) == 9
