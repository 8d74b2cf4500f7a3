"""One case through every state, through the services; the rules that refuse a wrong move."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from liaison.errors import DomainError
from petitions import services
from petitions.models import Petition, Review

CN = ZoneInfo("Asia/Shanghai")
S = Petition.Status


def new_case(world, category, by=None, **extra):
    fields = dict(
        by=by or world.clerk,
        node=world.station_a,
        channel=Petition.Channel.STATION,
        resident_name="王小明",
        resident_phone="13812348000",
        category=category,
        content="小区门口路灯坏了两个月。",
    )
    fields.update(extra)
    return services.petition_create(**fields)


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False)
def test_a_case_walks_through_every_state(world, category, street_office):
    case = new_case(world, category)
    assert case.tracking_no == "LT01-20260310-0001"
    assert (case.status, case.street, case.station) == (S.RECEIVED, world.street_a, world.station_a)

    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk, expected_version=case.version)
    assert (case.status, case.assigned_deputy) == (S.ASSIGNED, world.deputy)

    referral = services.petition_refer(
        petition=case,
        by=world.street_staff,
        unit=street_office,
        route="street",
        deputy_opinion="建议尽快维修",
        street_opinion="同意转街道办处理",
    )
    assert referral.number == "LG-ZB-2026-00001"
    # Sent 2026-03-10: three months → 2026-06-10, a Wednesday and a working day.
    assert (case.status, case.due_on) == (S.REFERRED, dt.date(2026, 6, 10))

    services.referral_acknowledge(
        petition=case, by=world.clerk, received_on=dt.date(2026, 3, 10), received_by_name="李收文"
    )
    assert case.status == S.ACKNOWLEDGED and case.due_on == dt.date(2026, 6, 10)

    services.petition_reply(petition=case, by=world.clerk, reply_text="已更换路灯。", reply_class="A")
    assert (case.status, case.due_on) == (S.REPLIED, None)

    services.petition_inform(petition=case, by=world.deputy_user, note="电话告知")
    assert case.status == S.INFORMED

    services.petition_rate(petition=case, by=world.clerk, rating="unsatisfied", comment="只修了一个")
    review = Review.objects.get(petition=case)
    # Re-reply within one month: 2026-04-10, a Friday.
    assert (case.status, case.due_on, review.due_on, review.closed_at) == (
        S.REVIEW,
        dt.date(2026, 4, 10),
        dt.date(2026, 4, 10),
        None,
    )

    services.petition_reply(petition=case, by=world.clerk, reply_text="两个路灯均已更换。", reply_class="A")
    review.refresh_from_db()
    assert case.status == S.REPLIED and review.closed_at is not None

    services.petition_inform(petition=case, by=world.clerk)
    services.petition_rate(petition=case, rating="satisfied", by=None)  # the resident, online
    assert (case.status, case.rating) == (S.RATED, "satisfied")
    services.petition_close(petition=case, by=world.clerk)
    assert case.status == S.CLOSED

    actions = list(case.events.values_list("action", "to_status"))
    assert actions == [
        ("create", "received"),
        ("assign", "assigned"),
        ("refer", "referred"),
        ("acknowledge", "acknowledged"),
        ("reply", "replied"),
        ("inform", "informed"),
        ("rate", "review"),
        ("reply", "replied"),
        ("inform", "informed"),
        ("rate", "rated"),
        ("close", "closed"),
    ]
    resident_event = case.events.get(action="rate", to_status="rated")
    assert resident_event.actor is None and resident_event.actor_label == "resident"
    assert all(e.actor for e in case.events.exclude(pk=resident_event.pk))


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False)
def test_tracking_numbers_count_up_per_station_and_day(world, category):
    numbers = [new_case(world, category).tracking_no for _ in range(3)]
    numbers.append(new_case(world, category, node=world.point_a).tracking_no)
    assert numbers == [f"LT01-20260310-000{i}" for i in (1, 2, 3, 4)]


def test_two_clerks_assigning_at_once_one_wins_the_other_is_told(world, category):
    case = new_case(world, category)
    opened_version = case.version
    first = Petition.objects.get(pk=case.pk)
    second = Petition.objects.get(pk=case.pk)
    services.petition_assign(petition=first, deputy=world.deputy, by=world.clerk, expected_version=opened_version)
    with pytest.raises(services.StaleCase) as error:
        services.petition_assign(
            petition=second, deputy=world.other_deputy, by=world.district_staff, expected_version=opened_version
        )
    assert "Reload" in str(error.value) or "刷新" in str(error.value)
    case.refresh_from_db()
    assert case.assigned_deputy == world.deputy and case.events.filter(action="assign").count() == 1


def test_a_move_that_does_not_fit_the_status_is_refused(world, category):
    case = new_case(world, category)
    with pytest.raises(DomainError):
        services.petition_close(petition=case, by=world.clerk)
    assert Petition.objects.get(pk=case.pk).status == S.RECEIVED


def test_roles_outside_the_case_may_not_move_it(world, category, unit):
    case = new_case(world, category)
    with pytest.raises(services.NotAllowed):
        services.petition_assign(petition=case, deputy=world.deputy, by=world.other_clerk)
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    # The district route needs district staff; street staff may only refer within the street.
    with pytest.raises(services.NotAllowed):
        services.petition_refer(
            petition=case, by=world.street_staff, unit=unit, route="district", district_opinion="同意"
        )
    with pytest.raises(services.NotAllowed):
        new_case(world, category, by=world.other_clerk)
