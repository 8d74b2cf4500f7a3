"""Creating and editing network nodes through the portal (district staff)."""

import pytest

from stations import services
from stations.models import Community, Node

pytestmark = pytest.mark.usefixtures("english")


def _station_data(world, **overrides):
    data = {
        "parent": world.street_a.pk,
        "name": "上李朗社区联络站",
        "code": "LT02",
        "address": "上李朗社区党群服务中心二楼",
        "phone": "0755-28900000",
        "opening_hours": "每月第二个星期二 9:00–12:00",
        "vice_heads": "王副站长、陈副站长",
        "new_communities": "上李朗、下李朗",
    }
    data.update(overrides)
    return data


def test_create_station_happy_path(world, client_for):
    response = client_for("district_staff").post(
        f"/network/new/?parent={world.street_a.pk}&kind=station", _station_data(world)
    )
    node = Node.objects.get(code="LT02")
    assert response.status_code == 302
    assert response["Location"] == f"/network/{node.pk}/"
    assert (node.kind, node.parent_id, node.street_id, node.district_id) == (
        "station",
        world.street_a.pk,
        world.street_a.pk,
        world.district.pk,
    )
    assert (node.vice_heads, node.opening_hours) == ("王副站长、陈副站长", "每月第二个星期二 9:00–12:00")
    assert sorted(c.name for c in node.communities.all()) == ["上李朗", "下李朗"]
    assert set(Community.objects.filter(street=world.street_a).values_list("name", flat=True)) == {"上李朗", "下李朗"}


def test_create_form_preselects_the_parent_and_lists_only_valid_tiers(world, client_for):
    response = client_for("district_staff").get(f"/network/new/?parent={world.street_a.pk}&kind=station")
    parents = response.context["form"].fields["parent"].queryset
    assert set(parents.values_list("code", flat=True)) == {"LT", "NW"}
    assert response.context["form"]["parent"].value() == world.street_a.pk
    point_parents = client_for("district_staff").get("/network/new/?kind=point").context["form"].fields["parent"]
    assert set(point_parents.queryset.values_list("code", flat=True)) == {"LT", "NW", "LT01", "NW01"}


def test_create_with_existing_communities_of_the_street(world, client_for):
    nanling = Community.objects.create(street=world.street_a, name="南岭")
    Community.objects.create(street=world.street_b, name="沙湾")
    client = client_for("district_staff")
    form = client.get(f"/network/new/?parent={world.street_a.pk}&kind=station").context["form"]
    assert [c.name for c in form.fields["communities"].queryset] == ["南岭"]
    client.post("/network/new/?kind=station", _station_data(world, communities=[nanling.pk], new_communities=""))
    assert list(Node.objects.get(code="LT02").communities.all()) == [nanling]


def test_bad_input_keeps_what_was_typed_with_status_400(world, client_for):
    data = _station_data(world, name="")
    response = client_for("district_staff").post("/network/new/?kind=station", data)
    assert response.status_code == 400
    assert not Node.objects.filter(code="LT02").exists()
    body = response.content.decode()
    assert 'value="LT02"' in body
    assert "上李朗社区党群服务中心二楼" in body
    assert 'value="上李朗、下李朗"' in body
    assert response.context["form"].errors["name"]
    assert not Community.objects.exists()


def test_duplicate_code_gives_a_clear_message(world, client_for):
    response = client_for("district_staff").post("/network/new/?kind=station", _station_data(world, code="lt01"))
    assert response.status_code == 400
    assert response.context["form"].errors["code"] == [
        "The code “lt01” is already used by another node; choose another."
    ]
    assert 'value="上李朗社区联络站"' in response.content.decode()
    assert not Community.objects.exists()  # nothing half-written


def test_point_kind_is_required_for_points_only(world, client_for):
    client = client_for("district_staff")
    data = {"parent": world.station_a.pk, "name": "南岭园区联系点", "code": "LT01P2"}
    response = client.post("/network/new/?kind=point", data)
    assert response.status_code == 400
    assert response.context["form"].errors["point_kind"] == ["Choose the kind of contact point."]
    assert client.post("/network/new/?kind=point", {**data, "point_kind": "park"}).status_code == 302
    assert Node.objects.get(code="LT01P2").point_kind == "park"
    station_form = client.get("/network/new/?kind=station").context["form"]
    assert "point_kind" not in station_form.fields


def test_a_parent_of_the_wrong_tier_is_refused(world, client_for):
    response = client_for("district_staff").post(
        "/network/new/?kind=station", _station_data(world, parent=world.district.pk)
    )
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors


def test_managers_cannot_create_under_another_district(world, other_district, client_for):
    response = client_for("district_staff").post(
        "/network/new/?kind=station", _station_data(world, parent=other_district.street.pk)
    )
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors
    assert not Node.objects.filter(code="LT02").exists()
    # Nor is another district's street offered, nor preselected from the query string.
    response = client_for("district_staff").get(f"/network/new/?parent={other_district.street.pk}&kind=station")
    assert other_district.street not in response.context["form"].fields["parent"].queryset
    assert response.context["parent"] is None
    # And the other district's staff cannot reach ours.
    response = other_district.client().post("/network/new/?kind=station", _station_data(world))
    assert response.status_code == 400


def test_managers_cannot_edit_another_districts_nodes(world, other_district, client_for):
    url = f"/network/{other_district.station.pk}/edit/"
    assert client_for("district_staff").get(url).status_code == 404
    assert client_for("district_staff").post(url, {"name": "x", "code": "KZ01"}).status_code == 404


def test_only_admins_create_districts(world, client_for):
    assert client_for("district_staff").get("/network/new/?kind=district").context.get("form") is None
    response = client_for("admin").post("/network/new/?kind=district", {"name": "坪山区", "code": "PS"})
    assert response.status_code == 302
    assert Node.objects.get(code="PS").district_id == Node.objects.get(code="PS").pk


def test_edit_moves_a_station_and_its_points(world, client_for):
    data = {"parent": world.street_b.pk, "name": "南岭社区联络站", "code": "LT01", "is_active": "on"}
    response = client_for("district_staff").post(f"/network/{world.station_a.pk}/edit/", data)
    assert response.status_code == 302
    world.point_a.refresh_from_db()
    assert world.point_a.street_id == world.street_b.pk


def test_edit_shows_current_values_and_keeps_input_on_error(world, client_for):
    client = client_for("district_staff")
    form = client.get(f"/network/{world.station_a.pk}/edit/").context["form"]
    assert form["name"].value() == "南岭社区联络站"
    assert form["parent"].value() == world.street_a.pk
    data = {"parent": world.street_a.pk, "name": "新名字", "code": "NW01", "address": "新地址", "is_active": "on"}
    response = client.post(f"/network/{world.station_a.pk}/edit/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert 'value="新名字"' in response.content.decode()
    world.station_a.refresh_from_db()
    assert world.station_a.name == "南岭社区联络站"


def test_deactivating_a_station(world, client_for):
    data = {"parent": world.street_a.pk, "name": "南岭社区联络站", "code": "LT01"}
    client_for("district_staff").post(f"/network/{world.station_a.pk}/edit/", data)
    world.station_a.refresh_from_db()
    assert world.station_a.is_active is False


def test_create_without_a_kind_offers_the_tiers(world, client_for):
    response = client_for("district_staff").get(f"/network/new/?parent={world.street_a.pk}")
    assert response.status_code == 200
    assert [k.value for k in response.context["kinds"]] == ["street", "station", "point"]
    assert client_for("district_staff").post("/network/new/?kind=planet", {}).status_code == 400


def test_without_a_known_street_communities_are_typed_and_reused(world, client_for):
    nanling = Community.objects.create(street=world.street_a, name="南岭")
    client = client_for("district_staff")
    assert "communities" not in client.get("/network/new/?kind=station").context["form"].fields
    client.post("/network/new/?kind=station", _station_data(world, new_communities="南岭、新社区"))
    node = Node.objects.get(code="LT02")
    assert sorted(c.name for c in node.communities.all()) == ["南岭", "新社区"]
    assert nanling in node.communities.all()


def test_a_stale_edit_form_is_refused(world, client_for):
    client = client_for("district_staff")
    version = client.get(f"/network/{world.station_a.pk}/edit/").context["form"]["version"].value()
    services.node_update(by=world.admin, node=world.station_a, address="别人刚改的地址")
    data = {"parent": world.street_a.pk, "name": "我的改动", "code": "LT01", "is_active": "on", "version": version}
    response = client.post(f"/network/{world.station_a.pk}/edit/", data)
    assert response.status_code == 400
    assert "Someone else changed this node" in str(response.context["form"].errors["version"])
    world.station_a.refresh_from_db()
    assert (world.station_a.name, world.station_a.address) == ("南岭社区联络站", "别人刚改的地址")
