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
