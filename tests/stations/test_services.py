"""stations.services: ancestor columns, moves, tier rules, codes and communities."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError

from stations import services
from stations.models import Community, Node, StandardCheck
from tests import factories as f

pytestmark = pytest.mark.usefixtures("english")


def _create(world, **kwargs):
    return services.node_create(by=world.district_staff, **kwargs)


def test_ancestor_columns_for_each_tier(world):
    district, street, station, point = world.district, world.street_a, world.station_a, world.point_a
    assert (district.district_id, district.street_id, district.station_id) == (district.pk, None, None)
    assert (street.district_id, street.street_id, street.station_id) == (district.pk, street.pk, None)
    assert (station.district_id, station.street_id, station.station_id) == (district.pk, street.pk, station.pk)
    assert (point.district_id, point.street_id, point.station_id) == (district.pk, street.pk, station.pk)
    street_point = _create(world, kind="point", parent=street, name="龙田青年联系点", code="LTY", point_kind="youth")
    assert (street_point.district_id, street_point.street_id, street_point.station_id) == (district.pk, street.pk, None)


def test_creating_writes_one_audit_row(world):
    before = LogEntry.objects.count()
    node = _create(world, kind="station", parent=world.street_a, name="上李朗社区联络站", code="LT02")
    entry = LogEntry.objects.order_by("-pk").first()
    assert LogEntry.objects.count() == before + 1
    assert (entry.object_id, entry.user_id) == (str(node.pk), world.district_staff.pk)


def test_moving_a_station_repoints_its_points(world):
    station, point = world.station_a, world.point_a
    services.node_update(by=world.district_staff, node=station, parent=world.street_b)
    station.refresh_from_db()
    point.refresh_from_db()
    assert station.street_id == world.street_b.pk
    assert (point.station_id, point.street_id, point.district_id) == (station.pk, world.street_b.pk, world.district.pk)
    assert Node.objects.filter(street=world.street_a, kind="point").count() == 0


def test_moving_a_street_to_another_district_repoints_everything_below(world, other_district):
    services.node_update(by=world.admin, node=world.street_a, parent=other_district.district)
    moved = Node.objects.filter(pk__in=[world.street_a.pk, world.station_a.pk, world.point_a.pk])
    assert set(moved.values_list("district_id", flat=True)) == {other_district.district.pk}


def test_moving_a_station_keeps_only_communities_of_its_new_street(world):
    services.node_update(by=world.district_staff, node=world.station_a, new_communities=["南岭"])
    services.node_update(by=world.district_staff, node=world.station_a, parent=world.street_b)
    assert list(world.station_a.communities.all()) == []
    assert Community.objects.filter(street=world.street_a, name="南岭").exists()  # the street keeps its community


@pytest.mark.parametrize(
    ("kind", "parent_attr", "message"),
    [
        ("station", "district", "must be placed under"),
        ("station", "point_a", "must be placed under"),
        ("street", "street_b", "must be placed under"),
        ("point", "district", "must be placed under"),
        ("district", "district", "A district has no parent"),
    ],
)
def test_invalid_parent_tiers_are_refused_with_a_message(world, kind, parent_attr, message):
    with pytest.raises(ValidationError) as caught:
        _create(world, kind=kind, parent=getattr(world, parent_attr), name="错位", code="BAD1", point_kind="other")
    assert message in " ".join(caught.value.message_dict["parent"])
    assert not Node.objects.filter(code="BAD1").exists()


def test_a_station_needs_a_parent(world):
    with pytest.raises(ValidationError) as caught:
        _create(world, kind="station", parent=None, name="无上级", code="BAD2")
    assert "parent" in caught.value.message_dict


def test_moving_to_an_invalid_tier_is_refused_and_nothing_changes(world):
    with pytest.raises(ValidationError):
        services.node_update(by=world.district_staff, node=world.station_a, parent=world.station_b)
    world.station_a.refresh_from_db()
    assert world.station_a.parent_id == world.street_a.pk


def test_duplicate_code_is_refused_ignoring_case(world):
    with pytest.raises(ValidationError) as caught:
        _create(world, kind="station", parent=world.street_a, name="重复", code="lt01")
    assert caught.value.message_dict["code"] == ["The code “lt01” is already used by another node; choose another."]


def test_a_point_needs_its_kind_and_other_tiers_drop_it(world):
    with pytest.raises(ValidationError) as caught:
        _create(world, kind="point", parent=world.station_a, name="无类型", code="P9")
    assert caught.value.message_dict["point_kind"] == ["Choose the kind of contact point."]
    station = _create(world, kind="station", parent=world.street_a, name="站", code="LT03", point_kind="park")
    assert station.point_kind == ""


def test_new_community_names_are_created_in_the_street_and_reused(world):
    existing = Community.objects.create(street=world.street_a, name="南岭")
    station = _create(
        world, kind="station", parent=world.street_a, name="联合站", code="LT04", new_communities=["南岭", "沙背坜"]
    )
    assert sorted(c.name for c in station.communities.all()) == ["南岭", "沙背坜"]
    assert existing in station.communities.all()
    assert Community.objects.filter(street=world.street_a).count() == 2


def test_communities_of_another_street_are_refused(world):
    elsewhere = Community.objects.create(street=world.street_b, name="沙湾")
    with pytest.raises(ValidationError) as caught:
        services.node_update(by=world.district_staff, node=world.station_a, communities=[elsewhere])
    assert "communities" in caught.value.message_dict
    assert world.station_a.communities.count() == 0


def test_split_community_names():
    assert services.split_community_names(" 南岭、沙湾,上李朗，南岭;\n 水径 ") == ["南岭", "沙湾", "上李朗", "水径"]
    assert services.split_community_names("") == []


def test_standards_set_updates_in_place(world):
    services.standards_set(by=world.street_staff, node=world.station_a, items={"site": (True, "120㎡")})
    services.standards_set(by=world.street_staff, node=world.station_a, items={"site": (False, "搬迁中")})
    check = StandardCheck.objects.get(node=world.station_a)
    assert (check.item, check.met, check.notes) == ("site", False, "搬迁中")


def test_update_with_no_change_writes_no_audit_row(world):
    before = LogEntry.objects.count()
    services.node_update(by=world.district_staff, node=world.station_a, name=world.station_a.name)
    assert LogEntry.objects.count() == before


def test_factories_still_build_points(db):
    assert f.PointFactory().point_kind == Node.PointKind.COMMUNITY
