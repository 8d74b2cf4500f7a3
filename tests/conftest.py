"""Shared fixtures: a small district and one persona per role (healthchecks' alice/bob/charlie).

    district ─┬─ street_a ── station_a ── point_a      (clerk, deputy, street_staff here)
              └─ street_b ── station_b                (other_clerk here)
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from tests import factories as f


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate limits, lockouts and import progress live in the cache; no test sees another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    settings.MEDIA_ROOT = tmp_path


@dataclass
class World:
    district: object
    street_a: object
    street_b: object
    station_a: object
    station_b: object
    point_a: object
    admin: object
    district_staff: object
    street_staff: object
    clerk: object
    other_clerk: object
    deputy_user: object
    deputy: object
    outsider: object
    other_deputy: object  # assigned at station_b, no login

    def user(self, persona: str):
        return None if persona == "anonymous" else getattr(self, persona)


PERSONAS = ["anonymous", "outsider", "deputy_user", "other_clerk", "clerk", "street_staff", "district_staff", "admin"]


@pytest.fixture
def world(db) -> World:
    admin = f.UserFactory(username="admin", is_superuser=True, is_staff=True)
    district = f.DistrictFactory(name="龙岗区", code="LG", by=admin)
    street_a = f.StreetFactory(name="龙田街道", code="LT", parent=district, home_name="龙田街道人大代表之家", by=admin)
    street_b = f.StreetFactory(name="南湾街道", code="NW", parent=district, by=admin)
    station_a = f.StationFactory(name="南岭社区联络站", code="LT01", parent=street_a, by=admin)
    station_b = f.StationFactory(name="沙湾社区联络站", code="NW01", parent=street_b, by=admin)
    point_a = f.PointFactory(name="南岭产业园联系点", code="LT01P1", parent=station_a, by=admin)

    district_staff = f.UserFactory(username="district_staff")
    f.PositionFactory(user=district_staff, node=district)
    street_staff = f.UserFactory(username="street_staff")
    f.PositionFactory(user=street_staff, node=street_a)
    clerk = f.UserFactory(username="clerk")
    f.PositionFactory(user=clerk, node=station_a)
    other_clerk = f.UserFactory(username="other_clerk")
    f.PositionFactory(user=other_clerk, node=station_b)

    deputy_user = f.UserFactory(username="deputy_user")
    deputy = f.DeputyFactory(name="张代表", user=deputy_user, district=district, street=street_a)
    f.AssignmentFactory(deputy=deputy, node=station_a)
    other_deputy = f.DeputyFactory(name="李代表", district=district, street=street_b)
    f.AssignmentFactory(deputy=other_deputy, node=station_b)
    outsider = f.UserFactory(username="outsider")
    return World(
        district=district, street_a=street_a, street_b=street_b, station_a=station_a, station_b=station_b,
        point_a=point_a, admin=admin, district_staff=district_staff, street_staff=street_staff, clerk=clerk,
        other_clerk=other_clerk, deputy_user=deputy_user, deputy=deputy, outsider=outsider, other_deputy=other_deputy,
    )


@pytest.fixture
def client_for(world):
    """client_for("clerk") → a test Client logged in as that persona (anonymous: not logged in)."""

    def make(persona: str) -> Client:
        client = Client()
        user = world.user(persona)
        if user is not None:
            client.force_login(user)
        return client

    return make
