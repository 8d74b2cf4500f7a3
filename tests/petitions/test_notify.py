"""Who is told when a case moves: the services' after-commit notices (petitions/notify.py)."""

import datetime as dt

import pytest
import time_machine

from notifications.models import Notification
from petitions import notify, services
from petitions.models import Petition
from tests import factories as f
from tests.petitions.test_sweep import at, referred_case


def told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def new_case(world, category):
    return services.petition_create(
        by=world.clerk,
        node=world.station_a,
        channel=Petition.Channel.STATION,
        resident_name="王小明",
        resident_phone="13812348000",
        category=category,
        content="小区门口路灯坏了两个月。",
    )


def test_assigning_tells_the_deputy_after_commit(world, category, django_capture_on_commit_callbacks):
    case = new_case(world, category)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    assert told(notify.KIND_ASSIGNED) == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert told(notify.KIND_ASSIGNED) == ["deputy_user"]
    note = Notification.objects.get(kind=notify.KIND_ASSIGNED)
    assert note.title.endswith(f"{case.tracking_no} · 城市管理")
    assert note.key == f"case:{case.pk}:assign:{case.version}"
    assert "王小明" not in note.title + note.body and "13812348000" not in note.title + note.body


def test_a_deputy_without_a_login_is_simply_not_told(world, category, django_capture_on_commit_callbacks):
    case = new_case(world, category)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_assign(petition=case, deputy=world.other_deputy, by=world.district_staff)
    assert told(notify.KIND_ASSIGNED) == []


def test_a_rolled_back_assignment_tells_no_one(world, category, django_capture_on_commit_callbacks):
    case = new_case(world, category)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(services.StaleCase):
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk, expected_version=99)
    assert callbacks == [] and told(notify.KIND_ASSIGNED) == []


def test_referral_reply_and_review_tell_the_right_people(
    world, category, street_office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = referred_case(world, category, street_office)
    assert told(notify.KIND_REFERRED) == ["clerk"]
    referred = Notification.objects.get(kind=notify.KIND_REFERRED)
    assert "龙田街道办事处" in referred.body and "2026-06-10" in referred.body

    with time_machine.travel(at(dt.date(2026, 5, 20)), tick=False), django_capture_on_commit_callbacks(execute=True):
        services.petition_reply(petition=case, by=world.clerk, reply_text="已更换路灯。", reply_class="A")
    assert told(notify.KIND_REPLIED) == ["clerk", "deputy_user"]  # to inform the resident

    with time_machine.travel(at(dt.date(2026, 5, 21)), tick=False), django_capture_on_commit_callbacks(execute=True):
        services.petition_inform(petition=case, by=world.clerk)
        services.petition_rate(petition=case, by=world.clerk, rating="unsatisfied", comment="只修了一个")
    assert told(notify.KIND_REVIEW) == ["street_staff"]
    assert "2026-06-22" in Notification.objects.get(kind=notify.KIND_REVIEW).body  # 06-21 is a Sunday


def test_notices_are_idempotent_by_key(world, category, django_capture_on_commit_callbacks):
    case = new_case(world, category)
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    assert notify.case_assigned(case) == 1  # the same notice again: still one row
    assert Notification.objects.filter(kind=notify.KIND_ASSIGNED).count() == 1
    # Reassigned to the same deputy later: a new version, a new notice.
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    assert Notification.objects.filter(kind=notify.KIND_ASSIGNED).count() == 2


def test_a_case_at_a_street_home_goes_to_the_street_staff(world, category):
    """No station above it: the street committee's staff act as its clerks."""
    case = services.petition_create(
        by=world.street_staff,
        node=world.street_a,
        channel=Petition.Channel.STATION,
        resident_name="王小明",
        resident_phone="13812348000",
        category=category,
        content="街道门口积水。",
    )
    audience = notify.Audience([case])
    assert [u.username for u in audience.clerks(case)] == ["street_staff"]


def test_the_audience_of_many_cases_takes_two_queries(world, category, django_assert_num_queries):
    cases = [new_case(world, category) for _ in range(5)]
    for case in cases:
        case.assigned_deputy = world.deputy
    second_clerk = f.UserFactory(username="clerk2")
    f.PositionFactory(user=second_clerk, node=world.station_a)
    inactive = f.UserFactory(username="gone", is_active=False)
    f.PositionFactory(user=inactive, node=world.station_a)
    with django_assert_num_queries(2):  # positions on the nodes; deputies' logins
        audience = notify.Audience(cases)
        names = [sorted(u.username for u in audience.deputy(c) + audience.clerks(c)) for c in cases]
    assert names == [["clerk", "clerk2", "deputy_user"]] * 5
    assert [u.username for u in audience.street(cases[0])] == ["street_staff"]
    assert [u.username for u in audience.district(cases[0])] == ["district_staff"]
