"""A second district beside the shared world, to prove one district's managers cannot reach into another."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation

from tests import factories as f


@dataclass
class OtherDistrict:
    district: object
    street: object
    station: object
    staff: object

    def client(self) -> Client:
        client = Client()
        client.force_login(self.staff)
        return client


@pytest.fixture
def other_district(world) -> OtherDistrict:
    district = f.DistrictFactory(name="坪山区", code="PS", by=world.admin)
    street = f.StreetFactory(name="坑梓街道", code="KZ", parent=district, by=world.admin)
    station = f.StationFactory(name="秀新社区联络站", code="KZ01", parent=street, by=world.admin)
    staff = f.UserFactory(username="pingshan_staff")
    f.PositionFactory(user=staff, node=district)
    return OtherDistrict(district=district, street=street, station=station, staff=staff)


@pytest.fixture
def english(settings):
    """Messages in English, so assertions hold once the lead translates them."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
