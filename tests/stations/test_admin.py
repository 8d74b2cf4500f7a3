"""The Django admin for the network saves through stations.services."""

import pytest

from stations.models import Node, Position

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize("model", ["node", "community", "standardcheck", "position"])
def test_changelists_and_search_open(world, client_for, model):
    client = client_for("admin")
    assert client.get(f"/admin/stations/{model}/").status_code == 200
    assert client.get(f"/admin/stations/{model}/?q=南岭").status_code == 200
    assert client.get(f"/admin/stations/{model}/add/").status_code == 200


def test_adding_a_point_in_the_admin_fills_its_ancestor_columns(world, client_for):
    data = {"kind": "point", "parent": world.station_a.pk, "name": "南岭青年联系点", "code": "LT01P7"}
    response = client_for("admin").post("/admin/stations/node/add/", {**data, "point_kind": "youth", "is_active": "on"})
    assert response.status_code == 302
    point = Node.objects.get(code="LT01P7")
    assert (point.station_id, point.street_id, point.district_id) == (
        world.station_a.pk,
        world.street_a.pk,
        world.district.pk,
    )


def test_admin_refuses_a_wrong_tier_beside_the_field(world, client_for):
    data = {"kind": "station", "parent": world.district.pk, "name": "错位", "code": "BAD", "is_active": "on"}
    response = client_for("admin").post("/admin/stations/node/add/", data)
    assert response.status_code == 200
    assert "must be placed under" in str(response.context["adminform"].form.errors["parent"])


def test_moving_a_station_in_the_admin_repoints_its_points(world, client_for):
    data = {"parent": world.street_b.pk, "name": world.station_a.name, "code": "LT01", "is_active": "on"}
    response = client_for("admin").post(f"/admin/stations/node/{world.station_a.pk}/change/", data)
    assert response.status_code == 302
    world.point_a.refresh_from_db()
    assert world.point_a.street_id == world.street_b.pk


def test_granting_a_position_in_the_admin(world, client_for):
    response = client_for("admin").post(
        "/admin/stations/position/add/", {"user": world.outsider.pk, "node": world.station_b.pk}
    )
    assert response.status_code == 302
    assert Position.objects.filter(user=world.outsider, node=world.station_b).exists()
