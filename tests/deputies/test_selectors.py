"""deputies_visible_to per persona, and the other scoped reads the pages use."""

import pytest

from deputies.models import Deputy
from deputies.selectors import assignable_nodes, deputies_visible_to, linkable_users
from tests import factories as f


@pytest.fixture
def extra(world):
    """Deputies that tell the scopes apart.

    unassigned_a: street_a's roll, assigned nowhere;  at_point: street_b's roll, assigned at point_a;
    colleague: assigned at station_a next to world.deputy;  elsewhere: another district.
    """
    unassigned_a = f.DeputyFactory(name="甲未编组", district=world.district, street=world.street_a)
    at_point = f.DeputyFactory(name="乙联系点", district=world.district, street=world.street_b)
    f.AssignmentFactory(deputy=at_point, node=world.point_a, role="host")
    colleague = f.DeputyFactory(name="丙同站", district=world.district, street=world.street_a)
    f.AssignmentFactory(deputy=colleague, node=world.station_a)
    no_street = f.DeputyFactory(name="丁无街道", district=world.district, street=None)
    elsewhere = f.DeputyFactory(name="戊外区")
    return {
        "unassigned_a": unassigned_a,
        "at_point": at_point,
        "colleague": colleague,
        "no_street": no_street,
        "elsewhere": elsewhere,
    }


def names(user) -> set[str]:
    return set(deputies_visible_to(user).values_list("name", flat=True))


def test_district_staff_see_the_whole_district_roll_including_unassigned(world, extra):
    assert names(world.district_staff) == {"张代表", "李代表", "甲未编组", "乙联系点", "丙同站", "丁无街道"}


def test_street_staff_see_their_streets_roll_and_deputies_assigned_in_it(world, extra):
    # 乙联系点 is on street_b's roll but hosts a point in street_a; 李代表 belongs to street_b only.
    assert names(world.street_staff) == {"张代表", "甲未编组", "乙联系点", "丙同站"}


def test_clerk_sees_deputies_assigned_to_their_station_or_its_points(world, extra):
    assert names(world.clerk) == {"张代表", "乙联系点", "丙同站"}


def test_other_clerk_does_not_see_the_deputy_of_another_station(world, extra):
    assert names(world.other_clerk) == {"李代表"}


def test_deputy_sees_only_their_own_record_not_their_station_colleagues(world, extra):
    assert names(world.deputy_user) == {"张代表"}


def test_outsider_sees_no_deputy(world, extra):
    assert names(world.outsider) == set()


def test_admin_sees_every_district(world, extra):
    assert names(world.admin) == set(Deputy.objects.values_list("name", flat=True))
    assert "戊外区" in names(world.admin)


def test_a_clerk_who_is_also_a_deputy_sees_the_clerk_station_and_own_record(world, extra):
    f.PositionFactory(user=world.deputy_user, node=world.station_b)
    assert names(world.deputy_user) == {"张代表", "李代表"}


def test_assignable_nodes_are_homes_stations_and_points_in_the_deputys_district(world):
    codes = set(assignable_nodes(world.district_staff, world.deputy).values_list("code", flat=True))
    assert codes == {"LT", "NW", "LT01", "NW01", "LT01P1"}


def test_linkable_users_exclude_deputies_superusers_and_staff_of_other_districts(world):
    other_district = f.DistrictFactory(code="OTHER", by=world.admin)
    foreign_staff = f.UserFactory(username="foreign_staff")
    f.PositionFactory(user=foreign_staff, node=other_district)
    fresh = f.UserFactory(username="fresh_account")
    usernames = set(linkable_users(world.district_staff).values_list("username", flat=True))
    assert "fresh_account" in usernames
    assert fresh.username in usernames
    assert {"foreign_staff", "deputy_user", "admin"}.isdisjoint(usernames)
    # Editing a deputy keeps their own account selectable.
    assert "deputy_user" in set(linkable_users(world.district_staff, world.deputy).values_list("username", flat=True))
