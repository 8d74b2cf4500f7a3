"""stations.selectors: who sees which nodes, the network tree and its counts, deputy coverage."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deputies.selectors import coverage_by_street
from stations import services
from stations.models import Community
from stations.scope import scope_for
from stations.selectors import (
    communities_visible_to,
    deputy_coverage,
    network_tree,
    node_ancestors,
    nodes_visible_to,
    standards_of,
)
from tests import factories as f

pytestmark = pytest.mark.usefixtures("english")

VISIBLE = {
    "admin": {"LG", "LT", "NW", "LT01", "NW01", "LT01P1"},
    "district_staff": {"LG", "LT", "NW", "LT01", "NW01", "LT01P1"},
    "street_staff": {"LT", "LT01", "LT01P1"},
    "clerk": {"LT01", "LT01P1"},
    "other_clerk": {"NW01"},
    "deputy_user": {"LT01", "LT01P1"},
    "outsider": set(),
}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_persona_sees_exactly_its_nodes(world, other_district, persona):
    codes = set(nodes_visible_to(world.user(persona)).values_list("code", flat=True))
    expected = VISIBLE[persona] | ({"PS", "KZ", "KZ01"} if persona == "admin" else set())
    assert codes == expected


def test_other_districts_staff_see_only_their_district(world, other_district):
    assert set(nodes_visible_to(other_district.staff).values_list("code", flat=True)) == {"PS", "KZ", "KZ01"}


def test_a_deputy_assigned_at_a_point_sees_its_station_and_points(world):
    deputy = f.DeputyFactory(user=f.UserFactory(username="host"), district=world.district)
    f.AssignmentFactory(deputy=deputy, node=world.point_a, role="host")
    assert set(nodes_visible_to(deputy.user).values_list("code", flat=True)) == {"LT01", "LT01P1"}


def _walk(entries):
    for entry in entries:
        yield entry
        yield from _walk(entry["children"])


def test_tree_nests_and_counts_the_whole_subtree(world):
    f.PointFactory(name="南岭社区联系点", code="LT01P2", parent=world.station_a, by=world.admin)
    # One deputy at a station and at its point counts once; a second deputy hosts the point.
    f.AssignmentFactory(deputy=world.deputy, node=world.point_a, role="host")
    f.AssignmentFactory(deputy=f.DeputyFactory(district=world.district), node=world.point_a, role="resident")
    services.node_update(by=world.admin, node=world.station_a, new_communities=["南岭", "沙背坜"])
    services.node_update(by=world.admin, node=world.point_a, new_communities=["南岭"])

    roots = network_tree(world.district_staff)
    assert [r["node"].code for r in roots] == ["LG"]
    by_code = {e["node"].code: e for e in _walk(roots)}
    assert [c["node"].code for c in by_code["LG"]["children"]] == ["LT", "NW"]
    assert [c["node"].code for c in by_code["LT01"]["children"]] == ["LT01P1", "LT01P2"]
    assert by_code["LG"]["counts"] == {"street": 2, "station": 2, "point": 2, "deputies": 3, "communities": 2}
    assert by_code["LT"]["counts"] == {"street": 0, "station": 1, "point": 2, "deputies": 2, "communities": 2}
    assert by_code["LT01P1"]["counts"] == {"street": 0, "station": 0, "point": 0, "deputies": 2, "communities": 1}
    assert by_code["NW"]["counts"]["deputies"] == 1


def test_tree_for_a_clerk_starts_at_their_station(world):
    roots = network_tree(world.clerk)
    assert [r["node"].code for r in roots] == ["LT01"]
    assert [c["node"].code for c in roots[0]["children"]] == ["LT01P1"]


def test_tree_hides_inactive_nodes_unless_asked(world):
    services.node_update(by=world.admin, node=world.station_b, is_active=False)
    codes = {e["node"].code for e in _walk(network_tree(world.district_staff))}
    assert "NW01" not in codes
    codes = {e["node"].code for e in _walk(network_tree(world.district_staff, include_inactive=True))}
    assert "NW01" in codes


def test_tree_search_keeps_matches_their_ancestors_and_descendants(world):
    roots = network_tree(world.district_staff, search="lt01")
    by_code = {e["node"].code: e for e in _walk(roots)}
    assert set(by_code) == {"LG", "LT", "LT01", "LT01P1"}
    assert by_code["LT01"].get("match") and not by_code["LT"].get("match")
    assert by_code["LG"]["counts"]["street"] == 2  # counts stay those of the whole network
    assert network_tree(world.district_staff, search="不存在") == []
    assert {e["node"].code for e in _walk(network_tree(world.district_staff, search="代表之家"))} == {
        "LG",
        "LT",
        "LT01",
        "LT01P1",
    }


def _tree_queries(user) -> int:
    user = type(user).objects.get(pk=user.pk)  # a fresh user object: scope_for is computed again
    with CaptureQueriesContext(connection) as ctx:
        network_tree(user)
    return len(ctx.captured_queries)


def test_tree_query_count_does_not_grow_with_the_network(world):
    before = _tree_queries(world.district_staff)
    for i in range(3):
        station = f.StationFactory(code=f"NW1{i}", parent=world.street_b, by=world.admin)
        services.node_update(by=world.admin, node=station, new_communities=[f"社区{i}"])
        for j in range(3):
            point = f.PointFactory(code=f"NW1{i}P{j}", parent=station, by=world.admin)
            f.AssignmentFactory(deputy=f.DeputyFactory(district=world.district), node=point, role="host")
    # scope (positions, assignments, the user's deputy record) + nodes + deputies + communities
    assert _tree_queries(world.district_staff) == before <= 6


def test_breadcrumbs_link_only_what_the_user_may_open(world):
    assert [(a.code, ok) for a, ok in node_ancestors(world.clerk, world.point_a)] == [
        ("LG", False),
        ("LT", False),
        ("LT01", True),
    ]
    assert [ok for _a, ok in node_ancestors(world.street_staff, world.point_a)] == [False, True, True]
    assert node_ancestors(world.admin, world.district) == []


def test_standards_lists_all_six_items_even_unassessed(world):
    services.standards_set(by=world.admin, node=world.station_a, items={"funding": (True, "")})
    rows = standards_of(world.station_a)
    assert [r["item"] for r in rows] == ["site", "staff", "rules", "activities", "funding", "equipment"]
    assert [r["check"].met if r["check"] else None for r in rows] == [None, None, None, None, True, None]


@pytest.mark.parametrize("persona", ["admin", "district_staff", "street_staff"])
def test_coverage_agrees_with_the_deputies_app(world, other_district, persona):
    # Unassigned deputies on each roll, one assigned outside the street, one inactive.
    f.DeputyFactory(district=world.district, street=world.street_a)
    f.DeputyFactory(district=world.district)
    roamer = f.DeputyFactory(district=world.district, street=world.street_a)
    f.AssignmentFactory(deputy=roamer, node=world.station_b)
    f.DeputyFactory(district=world.district, street=world.street_a, is_active=False)
    f.DeputyFactory(district=other_district.district)
    user = world.user(persona)
    _rows, total = coverage_by_street(user)
    assert deputy_coverage(user) == {"total": total["total"], "assigned": total["assigned"]}


def test_coverage_counts(world):
    f.DeputyFactory(district=world.district, street=world.street_a)
    assert deputy_coverage(world.district_staff) == {"total": 3, "assigned": 2}
    assert deputy_coverage(world.street_staff) == {"total": 2, "assigned": 1}


def test_communities_visible_follow_the_streets(world):
    Community.objects.create(street=world.street_a, name="南岭")
    Community.objects.create(street=world.street_b, name="沙湾")
    assert [c.name for c in communities_visible_to(world.street_staff)] == ["南岭"]
    assert scope_for(world.street_staff).street_ids == {world.street_a.pk}
