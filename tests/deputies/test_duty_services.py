"""The rota: who is on duty at a reception, swaps (recorded), and a deputy's upcoming duties."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from deputies import duty_services as ds
from deputies.models import Duty
from deputies.selectors import upcoming_duties
from liaison.audit import history_of
from liaison.errors import DomainError
from stations import reception_services as rs
from tests import factories as f
from tests.stations.reception_helpers import make_reception


@pytest.fixture
def _march():
    with time_machine.travel(date(2025, 3, 1), tick=False):
        yield


@pytest.fixture
def colleague(world):
    """A second deputy of station_a, hosting its contact point."""
    deputy = f.DeputyFactory(name="王代表", district=world.district, street=world.street_a)
    f.AssignmentFactory(deputy=deputy, node=world.point_a, role="host")
    return deputy


@pytest.mark.usefixtures("_march")
def test_assign_sets_the_rota_exactly_and_records_it(world, colleague):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))

    ds.duty_assign(reception=reception, deputies=[world.deputy, colleague], by=world.clerk)
    ds.duty_assign(reception=reception, deputies=[colleague], by=world.clerk)

    assert list(reception.duties.values_list("deputy__name", flat=True)) == ["王代表"]
    rota_entries = [e.change_message for e in history_of(reception) if "张代表" in e.change_message]
    assert len(rota_entries) == 2  # added, then removed


@pytest.mark.usefixtures("_march")
def test_only_deputies_of_the_station_can_be_on_its_rota(world):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))
    with pytest.raises(ValidationError) as raised:
        ds.duty_assign(reception=reception, deputies=[world.other_deputy], by=world.clerk)
    assert "李代表" in str(raised.value)
    assert not Duty.objects.exists()


@pytest.mark.usefixtures("_march")
def test_swap_hands_the_duty_over_and_remembers_from_whom(world, colleague):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))
    (duty,) = ds.duty_assign(reception=reception, deputies=[world.deputy], by=world.clerk)

    ds.duty_swap(duty=duty, with_deputy=colleague, reason="出差", by=world.deputy_user)

    duty.refresh_from_db()
    assert (duty.deputy, duty.swapped_with, duty.swap_reason) == (colleague, world.deputy, "出差")
    (entry,) = [e for e in history_of(reception) if "出差" in e.change_message]
    assert entry.user == world.deputy_user and "王代表" in entry.change_message


@pytest.mark.usefixtures("_march")
def test_swap_refuses_an_outsider_a_colleague_already_on_duty_and_no_reason(world, colleague):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))
    ds.duty_assign(reception=reception, deputies=[world.deputy, colleague], by=world.clerk)
    duty = reception.duties.get(deputy=world.deputy)

    for with_deputy, reason, field in [
        (world.other_deputy, "出差", "with_deputy"),
        (colleague, "出差", "with_deputy"),
        (colleague, " ", "reason"),
    ]:
        with pytest.raises(ValidationError) as raised:
            ds.duty_swap(duty=duty, with_deputy=with_deputy, reason=reason, by=world.clerk)
        assert field in raised.value.message_dict
    duty.refresh_from_db()
    assert duty.deputy == world.deputy and duty.swapped_with is None


@pytest.mark.usefixtures("_march")
def test_the_rota_of_a_cancelled_reception_is_frozen(world, colleague):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))
    (duty,) = ds.duty_assign(reception=reception, deputies=[world.deputy], by=world.clerk)
    rs.reception_cancel(reception=reception, reason="台风", by=world.clerk)

    with pytest.raises(DomainError):
        ds.duty_assign(reception=reception, deputies=[colleague], by=world.clerk)
    with pytest.raises(DomainError):
        ds.duty_swap(duty=duty, with_deputy=colleague, reason="出差", by=world.clerk)


def test_upcoming_duties_are_planned_ones_from_today_in_order(world, django_assert_max_num_queries):
    with time_machine.travel(date(2025, 3, 1), tick=False):
        receptions = [make_reception(world.station_a, world.clerk, date(2025, 3, d)) for d in (3, 20, 10, 5)]
        for reception in receptions:
            ds.duty_assign(reception=reception, deputies=[world.deputy], by=world.clerk)
        rs.reception_cancel(reception=receptions[3], reason="场地", by=world.clerk)
    # One query: the duties with their receptions and nodes.
    with time_machine.travel(date(2025, 3, 4), tick=False), django_assert_max_num_queries(1):
        duties = upcoming_duties(world.deputy)
        rows = [(d.reception.date.day, d.reception.node.name) for d in duties]
    assert rows == [(10, "南岭社区联络站"), (20, "南岭社区联络站")]
