"""The coverage view: active deputies assigned somewhere over active deputies in scope."""

import pytest

from deputies.selectors import coverage_by_street
from tests import factories as f


@pytest.fixture
def coverage_world(world):
    """street_a: 张代表 assigned, 2 unassigned, 1 inactive (not counted) → 1 of 3.
    street_b: 李代表 assigned → 1 of 1.  No street: 1 assigned at point_a, 1 unassigned → 1 of 2."""
    f.DeputyFactory(name="甲一", district=world.district, street=world.street_a)
    f.DeputyFactory(name="甲二", district=world.district, street=world.street_a)
    f.DeputyFactory(name="甲离任", district=world.district, street=world.street_a, is_active=False)
    placed = f.DeputyFactory(name="无街道已编组", district=world.district, street=None)
    f.AssignmentFactory(deputy=placed, node=world.point_a, role="host")
    f.DeputyFactory(name="无街道未编组", district=world.district, street=None)
    f.DeputyFactory(name="外区代表")  # another district: not in district staff's scope
    return world


def test_coverage_numbers_per_street_and_overall(coverage_world, django_assert_num_queries):
    user = coverage_world.district_staff
    from stations.scope import scope_for

    scope_for(user)  # the scope's own queries are not the coverage's
    with django_assert_num_queries(1):
        rows, total = coverage_by_street(user)
    by_street = {r["street__name"]: (r["total"], r["assigned"], r["unassigned"], r["rate"]) for r in rows}
    assert by_street == {
        "龙田街道": (3, 1, 2, 33.3),
        "南湾街道": (1, 1, 0, 100.0),
        None: (2, 1, 1, 50.0),
    }
    assert (total["total"], total["assigned"], total["unassigned"], total["rate"]) == (6, 3, 3, 50.0)


def test_coverage_page_lists_the_unassigned_with_a_link_to_assign_each(coverage_world, client_for):
    response = client_for("district_staff").get("/deputies/coverage/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="coverage-rate">50.0%' in html
    assert [d.name for d in response.context["page_obj"]] == ["甲一", "甲二", "无街道未编组"]
    for d in response.context["page_obj"]:
        assert f'href="/deputies/{d.pk}/assignments/add/?next=coverage"' in html
    assert "甲离任" not in html and "外区代表" not in html


def test_full_coverage_and_an_empty_district(world, client_for):
    html = client_for("district_staff").get("/deputies/coverage/").content.decode()
    assert 'data-testid="coverage-rate">100.0%' in html
    empty = f.DistrictFactory(code="EMPTY", by=world.admin)
    staff = f.UserFactory(username="empty_staff")
    f.PositionFactory(user=staff, node=empty)
    rows, total = coverage_by_street(staff)
    assert rows == [] and total["rate"] is None


def test_coverage_page_query_count_is_bounded(coverage_world, client_for, django_assert_max_num_queries):
    for i in range(30):
        f.DeputyFactory(name=f"批量{i}", district=coverage_world.district, street=coverage_world.street_b)
    client = client_for("district_staff")
    # session, user, scope (positions, assigned nodes, own deputy record), the coverage aggregate,
    # the unassigned count and page, the bell's unread count.
    with django_assert_max_num_queries(9):
        client.get("/deputies/coverage/")
