"""The lifecycle action pages (/cases/<pk>/do/<action>/): each action's happy path through the view,
and what the user is told when it cannot be done (wrong role, out of scope, stale form, bad input,
wrong status)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from petitions import services
from petitions.models import Petition, Review
from tests import factories as f

CN = ZoneInfo("Asia/Shanghai")
S = Petition.Status
TODAY = dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN)


@pytest.fixture(autouse=True)
def _english(settings):
    # Messages are asserted in English (the source language); the UI defaults to Chinese.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


def new_case(world, category, *, node=None, by=None) -> Petition:
    return services.petition_create(
        by=by or world.clerk,
        node=node or world.station_a,
        channel=Petition.Channel.STATION,
        resident_name="王小明",
        resident_phone="13812348000",
        category=category,
        content="小区门口路灯坏了两个月。",
    )


# The steps that bring a new case to each status, through the services.
def _assign(w, case, unit):
    services.petition_assign(petition=case, deputy=w.deputy, by=w.clerk)


def _refer(w, case, unit):
    services.petition_refer(petition=case, by=w.street_staff, unit=unit, route="street", street_opinion="同意")


def _acknowledge(w, case, unit):
    services.referral_acknowledge(petition=case, by=w.clerk, received_on=TODAY.date(), received_by_name="李收文")


def _reply(w, case, unit):
    services.petition_reply(petition=case, by=w.clerk, reply_text="已更换路灯。", reply_class="A")


def _inform(w, case, unit):
    services.petition_inform(petition=case, by=w.clerk, note="电话告知")


def _rate(rating):
    def step(w, case, unit):
        services.petition_rate(petition=case, by=w.clerk, rating=rating)

    return step


PATHS = {
    S.RECEIVED: [],
    S.ASSIGNED: [_assign],
    S.RESOLVED: [_assign, lambda w, c, u: services.petition_resolve(petition=c, by=w.clerk, resolution="已修好")],
    S.REFERRED: [_assign, _refer],
    S.ACKNOWLEDGED: [_assign, _refer, _acknowledge],
    S.REPLIED: [_assign, _refer, _acknowledge, _reply],
    S.INFORMED: [_assign, _refer, _acknowledge, _reply, _inform],
    S.RATED: [_assign, _refer, _acknowledge, _reply, _inform, _rate("satisfied")],
    S.REVIEW: [_assign, _refer, _acknowledge, _reply, _inform, _rate("unsatisfied")],
    S.CLOSED: [
        _assign,
        _refer,
        _acknowledge,
        _reply,
        _inform,
        _rate("satisfied"),
        lambda w, c, u: services.petition_close(petition=c, by=w.clerk),
    ],
    S.WITHDRAWN: [lambda w, c, u: services.petition_withdraw(petition=c, by=w.clerk, reason="已自行解决")],
}


def case_in(world, category, unit, status) -> Petition:
    """A case at station_a (world.deputy in charge once assigned), walked to `status`."""
    case = new_case(world, category)
    for step in PATHS[status]:
        step(world, case, unit)
    assert case.status == status
    return case


def url(case, action) -> str:
    return reverse("petitions:act", args=[case.pk, action])


def detail(case) -> str:
    return reverse("petitions:detail", args=[case.pk])


def flash(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def post(client, case, action, **data):
    data.setdefault("version", case.version)
    return client.post(url(case, action), data)


# Happy paths ---------------------------------------------------------------------------------


def test_assign_page_suggests_deputies_with_reasons_and_preselects_the_best(
    world, category, street_office, client_for, django_assert_max_num_queries
):
    case = case_in(world, category, street_office, S.RECEIVED)
    loaded = f.DeputyFactory(name="王代表", district=world.district, street=world.street_a)
    f.AssignmentFactory(deputy=loaded, node=world.station_a)
    busy = new_case(world, category)
    services.petition_assign(petition=busy, deputy=loaded, by=world.clerk)

    client = client_for("clerk")
    # session, user, scope (positions, assignments, deputy record), the case, the suggestions (one),
    # the deputy choices, the notification bell; one to spare for the base template.
    with django_assert_max_num_queries(10):
        response = client.get(url(case, "assign"))

    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'data-testid="suggestion" data-deputy="(\d+)"><td>([^<]+)</td><td[^>]*>([^<]+)<', html)
    # Both at this station; the one without open cases first; 李代表 (station_b, same district) last.
    assert [(name, why.strip()) for _pk, name, why in rows] == [
        ("张代表", "at this station · current load 0"),
        ("王代表", "at this station · current load 1"),
        ("李代表", "current load 0"),
    ]
    assert f'<option value="{world.deputy.pk}" selected>张代表 · at this station · current load 0</option>' in html


def test_assign_through_the_page(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.RECEIVED)

    response = post(client_for("clerk"), case, "assign", deputy=world.deputy.pk, note="请尽快联系居民")

    assert response.status_code == 302 and response["Location"] == detail(case)
    case.refresh_from_db()
    assert (case.status, case.assigned_deputy) == (S.ASSIGNED, world.deputy)
    event = case.events.get(action="assign")
    assert (event.actor, event.note, event.to_status) == (world.clerk, "请尽快联系居民", S.ASSIGNED)
    assert flash(response) == [f"Case {case.tracking_no} assigned to 张代表."]


def test_a_clerk_may_pick_a_suggested_deputy_of_another_station_but_not_another_district(
    world, category, street_office, client_for
):
    case = case_in(world, category, street_office, S.RECEIVED)
    elsewhere = f.DeputyFactory(name="外区代表")  # its own district

    refused = post(client_for("clerk"), case, "assign", deputy=elsewhere.pk)
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()

    response = post(client_for("clerk"), case, "assign", deputy=world.other_deputy.pk)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_deputy == world.other_deputy


def test_the_deputy_resolves_directly(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.ASSIGNED)

    response = post(client_for("deputy_user"), case, "resolve", resolution="联系城管，当天修好。")

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.RESOLVED
    assert case.events.get(action="resolve").note == "联系城管，当天修好。"
    assert flash(response) == [f"Case {case.tracking_no} marked as resolved directly."]


def test_inform_records_how_the_resident_was_told(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.REPLIED)

    response = post(client_for("deputy_user"), case, "inform", method="visit", note="居民表示感谢")

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.INFORMED
    assert case.events.filter(action="inform").last().note == "Visit — 居民表示感谢"
    assert flash(response) == ["Recorded that the resident was informed."]


def test_rate_satisfied(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.INFORMED)

    response = post(client_for("clerk"), case, "rate", rating="satisfied", comment="很满意")

    case.refresh_from_db()
    assert (response.status_code, case.status, case.rating, case.rating_comment) == (
        302,
        S.RATED,
        "satisfied",
        "很满意",
    )
    assert flash(response) == ["Rating recorded: Satisfied."]


def test_rate_page_says_not_satisfied_opens_a_review_due_in_a_month(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.INFORMED)
    page = client_for("clerk").get(url(case, "rate")).content.decode()
    assert "the handling unit must reply again by 2026-04-10" in page
    for value in ("satisfied", "mostly", "unsatisfied"):
        assert f'value="{value}"' in page

    response = post(client_for("clerk"), case, "rate", rating="unsatisfied", comment="只修了一个")

    case.refresh_from_db()
    assert (case.status, case.due_on) == (S.REVIEW, dt.date(2026, 4, 10))
    assert Review.objects.get(petition=case, closed_at__isnull=True).reason == "只修了一个"
    assert flash(response) == ["Not satisfied: a review is open; the re-reply is due on 2026-04-10."]


def test_close(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.RATED)
    response = post(client_for("street_staff"), case, "close", note="办结")
    case.refresh_from_db()
    assert (response.status_code, case.status, case.due_on) == (302, S.CLOSED, None)
    assert case.events.get(action="close").actor == world.street_staff
    assert flash(response) == [f"Case {case.tracking_no} closed."]


def test_withdraw_needs_a_reason(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.REFERRED)
    client = client_for("clerk")

    refused = post(client, case, "withdraw", reason="  ")
    assert refused.status_code == 400 and 'id="id_reason"' in refused.content.decode()
    assert Petition.objects.get(pk=case.pk).status == S.REFERRED

    response = post(client, case, "withdraw", reason="居民表示已自行解决")
    case.refresh_from_db()
    assert (response.status_code, case.status, case.due_on) == (302, S.WITHDRAWN, None)
    assert case.events.get(action="withdraw").note == "居民表示已自行解决"


def test_merge_into_a_case_the_user_can_see(world, category, street_office, client_for):
    duplicate = case_in(world, category, street_office, S.RECEIVED)
    original = case_in(world, category, street_office, S.ASSIGNED)

    response = post(client_for("clerk"), duplicate, "merge", into=original.tracking_no.lower())

    duplicate.refresh_from_db()
    assert (response.status_code, duplicate.status, duplicate.merged_into) == (302, S.MERGED, original)
    assert original.events.filter(action="comment", data__merged=duplicate.tracking_no).count() == 1
    assert flash(response) == [f"Case {duplicate.tracking_no} merged into {original.tracking_no}."]


@pytest.mark.parametrize("target", ["other_station", "itself", "unknown"])
def test_merge_refuses_a_case_the_user_cannot_see(world, category, street_office, client_for, target):
    case = case_in(world, category, street_office, S.RECEIVED)
    numbers = {
        "other_station": new_case(world, category, node=world.station_b, by=world.other_clerk).tracking_no,
        "itself": case.tracking_no,
        "unknown": "LT01-20990101-0001",
    }

    response = post(client_for("clerk"), case, "merge", into=numbers[target])

    assert response.status_code == 400
    assert "No case with this tracking number that you can see." in response.content.decode()
    assert Petition.objects.get(pk=case.pk).status == S.RECEIVED


def test_merge_into_a_merged_case_is_refused_with_the_reason(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.RECEIVED)
    merged = case_in(world, category, street_office, S.RECEIVED)
    services.petition_merge(petition=merged, into=case_in(world, category, street_office, S.RECEIVED), by=world.clerk)

    response = post(client_for("clerk"), case, "merge", into=merged.tracking_no)

    assert response.status_code == 400
    assert "Merge into a different case that is not itself merged." in response.content.decode()


def test_escalate_to_a_deputy_suggestion(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.ASSIGNED)
    response = post(client_for("deputy_user"), case, "escalate", note="关于老旧小区路灯改造的建议")
    case.refresh_from_db()
    assert (response.status_code, case.status) == (302, S.ESCALATED)
    assert case.events.get(action="escalate").note == "关于老旧小区路灯改造的建议"


def test_comment_on_a_closed_case(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.CLOSED)
    response = client_for("deputy_user").post(url(case, "comment"), {"version": 0, "note": "回访：路灯正常。"})
    assert response.status_code == 302
    assert case.events.filter(action="comment").last().note == "回访：路灯正常。"
    assert Petition.objects.get(pk=case.pk).status == S.CLOSED
    assert flash(response) == ["Note added."]


# What the user is told when it cannot be done --------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "action", "status"),
    [
        ("deputy_user", "close", S.RATED),
        ("deputy_user", "assign", S.ASSIGNED),
        ("deputy_user", "rate", S.INFORMED),
        ("deputy_user", "withdraw", S.ASSIGNED),
        ("clerk", "escalate", S.ASSIGNED),
    ],
)
def test_a_role_that_may_not_act_gets_403_and_nothing_changes(
    world, category, street_office, client_for, persona, action, status
):
    case = case_in(world, category, street_office, status)
    client = client_for(persona)
    data = {"deputy": world.deputy.pk, "rating": "satisfied", "reason": "x", "note": "x"}

    assert client.get(url(case, action)).status_code == 403
    assert post(client, case, action, **data).status_code == 403
    case.refresh_from_db()
    assert case.status == status and not case.events.filter(action=action, actor=world.user(persona)).exists()


@pytest.mark.parametrize("persona", ["other_clerk", "deputy_user"])
def test_a_case_outside_the_scope_is_404(world, category, street_office, client_for, persona):
    case = case_in(world, category, street_office, S.RECEIVED)  # no deputy yet: not the deputy's case
    client = client_for(persona)
    assert client.get(url(case, "comment")).status_code == 404
    assert post(client, case, "comment", note="看不到").status_code == 404
    assert not case.events.filter(action="comment").exists()


def test_unknown_action_is_404(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.RECEIVED)
    assert client_for("clerk").get(f"/cases/{case.pk}/do/delete/").status_code == 404
    assert client_for("clerk").post(f"/cases/{case.pk}/do/refer/", {"version": 0}).status_code == 404


def test_a_stale_form_is_refused_with_409_and_the_input_kept(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.RECEIVED)
    opened_version = case.version
    # Another clerk assigns the case while this one is still typing.
    services.petition_assign(
        petition=Petition.objects.get(pk=case.pk), deputy=world.other_deputy, by=world.district_staff
    )

    client = client_for("clerk")
    response = client.post(
        url(case, "assign"), {"version": opened_version, "deputy": world.deputy.pk, "note": "我的备注不要丢"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else changed this case a moment ago" in html and "Reload" in html
    assert 'data-testid="stale-warning"' in html
    assert "我的备注不要丢" in html
    assert f'<option value="{world.deputy.pk}" selected>' in html
    case.refresh_from_db()
    assert case.assigned_deputy == world.other_deputy
    assert f'name="version" value="{case.version}"' in html

    # Having looked at the case, the clerk sends the kept form again: now it applies.
    again = client.post(url(case, "assign"), {"version": case.version, "deputy": world.deputy.pk, "note": "我的备注"})
    case.refresh_from_db()
    assert (again.status_code, case.assigned_deputy) == (302, world.deputy)


def test_bad_input_is_400_with_the_field_error(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.ASSIGNED)
    response = post(client_for("deputy_user"), case, "resolve", resolution="")
    assert response.status_code == 400
    assert response.context["form"].errors["resolution"]
    assert Petition.objects.get(pk=case.pk).status == S.ASSIGNED

    rated = case_in(world, category, street_office, S.INFORMED)
    response = post(client_for("clerk"), rated, "rate", rating="great")
    assert response.status_code == 400 and response.context["form"].errors["rating"]


def test_an_action_that_does_not_fit_the_status(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.RECEIVED)
    client = client_for("clerk")

    response = client.get(url(case, "close"))
    assert response.status_code == 302 and response["Location"] == detail(case)
    assert flash(response) == ["This cannot be done while the case is “Received”."]

    response = post(client, case, "close", note="想直接办结")
    assert response.status_code == 400
    assert "This cannot be done while the case is “Received”." in response.content.decode()
    assert "想直接办结" in response.content.decode()
    assert Petition.objects.get(pk=case.pk).status == S.RECEIVED


def test_htmx_gets_only_the_form_card(world, category, street_office, client_for):
    case = case_in(world, category, street_office, S.ASSIGNED)
    client = client_for("deputy_user")

    html = client.get(url(case, "inform"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and 'data-testid="action-form"' in html
    assert "This cannot be done while the case is “Assigned to a deputy”." in html

    html = client.get(url(case, "resolve"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and f'action="{url(case, "resolve")}"' in html
    assert "<script" not in html and "style=" not in html
