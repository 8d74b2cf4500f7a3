"""Each filter of the deputy list narrows the rows to exactly the matching deputies."""

import pytest

from tests import factories as f


@pytest.fixture
def roster(world):
    """Beside world's 张代表 (street_a, station_a) and 李代表 (street_b, station_b)."""
    lawyer = f.SpecialtyFactory(name="律师")
    host = f.DeputyFactory(
        name="赵联系点", district=world.district, street=world.street_b, level="city", phone="13800001111"
    )
    host.specialties.add(lawyer)
    f.AssignmentFactory(deputy=host, node=world.point_a, role="host")
    f.DeputyFactory(name="钱领导", district=world.district, street=world.street_a, is_leader=True, level="national")
    f.DeputyFactory(name="孙离任", district=world.district, street=world.street_b, is_active=False)
    return world


def listed(client, query: str) -> set[str]:
    response = client.get(f"/deputies/?{query}")
    assert response.status_code == 200
    return {d.name for d in response.context["page_obj"]}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("", {"张代表", "李代表", "赵联系点", "钱领导", "孙离任"}),
        ("q=赵", {"赵联系点"}),
        ("q=0001111", {"赵联系点"}),  # part of the phone number
        ("level=national", {"钱领导"}),
        ("level=city", {"赵联系点"}),
        ("leader=yes", {"钱领导"}),
        ("leader=no", {"张代表", "李代表", "赵联系点", "孙离任"}),
        ("active=no", {"孙离任"}),
        ("active=yes", {"张代表", "李代表", "赵联系点", "钱领导"}),
        ("unassigned=on", {"钱领导", "孙离任"}),
        ("unassigned=on&active=yes", {"钱领导"}),
    ],
)
def test_simple_filters(roster, client_for, query, expected):
    assert listed(client_for("district_staff"), query) == expected


def test_street_filter_takes_the_streets_roll_and_deputies_assigned_in_it(roster, client_for):
    client = client_for("district_staff")
    # 赵联系点 is on street_b's roll and hosts point_a in street_a: both streets list them.
    assert listed(client, f"street={roster.street_a.pk}") == {"张代表", "钱领导", "赵联系点"}
    assert listed(client, f"street={roster.street_b.pk}") == {"李代表", "赵联系点", "孙离任"}


def test_station_filter_includes_the_points_under_the_station(roster, client_for):
    client = client_for("district_staff")
    assert listed(client, f"station={roster.station_a.pk}") == {"张代表", "赵联系点"}
    assert listed(client, f"station={roster.station_b.pk}") == {"李代表"}


def test_specialty_filter(roster, client_for):
    lawyer = f.SpecialtyFactory(name="律师")
    assert listed(client_for("district_staff"), f"specialty={lawyer.pk}") == {"赵联系点"}


def test_filters_combine_and_stay_in_scope(roster, client_for):
    # The clerk of station_a never sees street_b's deputies, whatever the filter says.
    assert listed(client_for("clerk"), "") == {"张代表", "赵联系点"}
    assert listed(client_for("clerk"), "level=city") == {"赵联系点"}
