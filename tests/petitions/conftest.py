import pytest

from petitions.models import Category, HandlingUnit


@pytest.fixture
def category(db):
    return Category.objects.get(name="城市管理")


@pytest.fixture
def unit(world):
    return HandlingUnit.objects.create(
        district=world.district, name="区城市管理和综合执法局", kind=HandlingUnit.Kind.DEPARTMENT
    )


@pytest.fixture
def street_office(world):
    return HandlingUnit.objects.create(
        district=world.district, street=world.street_a, name="龙田街道办事处", kind=HandlingUnit.Kind.STREET_OFFICE
    )


# Referral pages (tests/petitions/test_referral*.py, test_letter*.py, test_access_referrals.py).
@pytest.fixture
def ref_assigned_case(world, category):
    """A case at station_a (street_a), assigned to world.deputy: ready to be referred."""
    from petitions import services
    from petitions.models import Petition

    case = services.petition_create(
        by=world.clerk,
        node=world.station_a,
        channel=Petition.Channel.STATION,
        resident_name="王小明",
        resident_phone="13812348000",
        category=category,
        content="小区门口路灯坏了两个月。",
        place="南岭村牌坊路口",
    )
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    return case


@pytest.fixture
def ref_referred_case(world, ref_assigned_case, street_office):
    """The same case referred on the street route to street_a's office (not yet acknowledged)."""
    from petitions import services

    services.petition_refer(
        petition=ref_assigned_case,
        by=world.street_staff,
        unit=street_office,
        route="street",
        deputy_opinion="建议尽快维修",
        street_opinion="同意转街道办处理",
    )
    return ref_assigned_case


# Reception logging and ledger fixtures (the clock, today's reception with two deputies on duty).
from tests.petitions.reception_fixtures import frozen_now, logday  # noqa: E402, F401
