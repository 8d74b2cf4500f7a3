"""The network tree, node detail, standards checklist and the role homes, as users see them."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from stations import services
from stations.models import StandardCheck
from tests import factories as f

pytestmark = pytest.mark.usefixtures("english")


def _fresh_client(user) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


# --- tree -------------------------------------------------------------------------------------------


def test_tree_shows_the_network_with_counts_and_kinds(world, client_for):
    body = client_for("district_staff").get("/network/").content.decode()
    for name in ["龙岗区", "龙田街道", "龙田街道人大代表之家", "南湾街道", "南岭社区联络站", "南岭产业园联系点"]:
        assert name in body
    assert "Industrial park point" not in body  # point_a is a community point
    assert "Community point" in body
    assert "2 streets" in body and "2 stations" in body


def test_tree_search_filters_on_the_server(world, client_for):
    response = client_for("district_staff").get("/network/?q=NW01")
    body = response.content.decode()
    assert "沙湾社区联络站" in body and "南湾街道" in body
    assert "南岭社区联络站" not in body and "龙田街道" not in body
    response = client_for("district_staff").get("/network/?q=没有这个")
    assert 'data-testid="no-match"' in response.content.decode()


def test_tree_for_other_clerk_does_not_show_station_a(world, client_for):
    body = client_for("other_clerk").get("/network/").content.decode()
    assert "沙湾社区联络站" in body
    assert "南岭社区联络站" not in body


def test_tree_query_count_stays_flat_as_the_network_grows(world, django_assert_max_num_queries):
    def grow(prefix):
        station = f.StationFactory(code=f"{prefix}S", parent=world.street_b, by=world.admin)
        for i in range(4):
            point = f.PointFactory(code=f"{prefix}P{i}", parent=station, by=world.admin)
            f.AssignmentFactory(deputy=f.DeputyFactory(district=world.district), node=point, role="host")

    grow("A")
    client = _fresh_client(world.district_staff)
    # session, user, scope (positions, assignments, deputy record), nodes, deputies, communities,
    # the bell's unread count
    with django_assert_max_num_queries(9):
        client.get("/network/")
    for prefix in "BCDE":
        grow(prefix)
    with django_assert_max_num_queries(9):
        response = client.get("/network/")
    assert response.context["roots"][0]["counts"]["point"] == 21


# --- node detail ------------------------------------------------------------------------------------


def test_station_detail_shows_profile_people_and_checklist(world, client_for):
    head = f.DeputyFactory(name="王站长", district=world.district)
    f.AssignmentFactory(deputy=head, node=world.station_a, role="head")
    services.node_update(
        by=world.admin,
        node=world.station_a,
        address="南岭村社区党群服务中心",
        opening_hours="每月第二个星期二",
        vice_heads="陈副站长",
        new_communities=["南岭村", "沙背坜"],
    )
    items = {"site": (True, "120㎡"), "funding": (False, "")}
    services.standards_set(by=world.admin, node=world.station_a, items=items)
    response = client_for("district_staff").get(f"/network/{world.station_a.pk}/")
    body = response.content.decode()
    for text in ["南岭村社区党群服务中心", "每月第二个星期二", "陈副站长", "南岭村", "沙背坜", "张代表", "王站长"]:
        assert text in body
    assert [p.user.username for p in response.context["positions"]] == ["clerk"]
    assert [a.deputy.name for a in response.context["assignments"]] == ["王站长", "张代表"]
    assert response.context["head"].deputy == head
    assert 'data-testid="head"' in body and "Station head" in body and "Resident deputy" in body
    standards = {row["item"]: row["check"] for row in response.context["standards"]}
    assert len(standards) == 6
    assert standards["site"].met is True and standards["funding"].met is False and standards["staff"] is None
    assert body.count("not yet assessed") == 4
    assert 'data-testid="history"' in body  # district staff see the change history
    assert 'data-testid="edit"' in body


def test_clerk_sees_detail_without_edit_buttons_or_history(world, client_for):
    body = client_for("clerk").get(f"/network/{world.station_a.pk}/").content.decode()
    assert "南岭社区联络站" in body
    assert 'data-testid="edit"' not in body
    assert 'data-testid="edit-standards"' not in body
    assert 'data-testid="history"' not in body
    # The street above is named in the breadcrumbs but not linked: the clerk may not open it.
    assert f'href="/network/{world.street_a.pk}/"' not in body


def test_street_staff_get_the_assess_button_for_their_stations_only(world, client_for):
    client = client_for("street_staff")
    assert 'data-testid="edit-standards"' in client.get(f"/network/{world.station_a.pk}/").content.decode()
    assert 'data-testid="edit-standards"' not in client.get(f"/network/{world.street_a.pk}/").content.decode()


def test_node_detail_query_count_is_bounded(world, django_assert_max_num_queries):
    for i in range(5):
        f.AssignmentFactory(deputy=f.DeputyFactory(district=world.district), node=world.station_a)
        f.PointFactory(code=f"LT01X{i}", parent=world.station_a, by=world.admin)
        services.standards_set(by=world.admin, node=world.station_a, items={"site": (True, str(i))})
    client = _fresh_client(world.district_staff)
    # session, user, scope (3), node, assignments, breadcrumbs, standards, communities, positions,
    # children, history (+ its content type when not cached yet)
    with django_assert_max_num_queries(14):
        response = client.get(f"/network/{world.station_a.pk}/")
    assert response.status_code == 200
    assert len(response.context["assignments"]) == 6


# --- standards checklist ----------------------------------------------------------------------------


def test_street_staff_save_the_checklist(world, client_for):
    data = {"site_met": "on", "site_notes": "120㎡ 独立场地", "staff_met": "on", "rules_notes": "制度未上墙"}
    response = client_for("street_staff").post(f"/network/{world.station_a.pk}/standards/", data)
    assert response.status_code == 302
    checks = {c.item: (c.met, c.notes) for c in StandardCheck.objects.filter(node=world.station_a)}
    assert checks == {
        "site": (True, "120㎡ 独立场地"),
        "staff": (True, ""),
        "rules": (False, "制度未上墙"),
        "activities": (False, ""),
        "funding": (False, ""),
        "equipment": (False, ""),
    }


def test_checklist_form_shows_saved_values_and_refuses_long_notes(world, client_for):
    services.standards_set(by=world.admin, node=world.station_a, items={"rules": (True, "已上墙")})
    client = client_for("district_staff")
    form = client.get(f"/network/{world.station_a.pk}/standards/").context["form"]
    assert form["rules_met"].value() is True and form["rules_notes"].value() == "已上墙"
    response = client.post(f"/network/{world.station_a.pk}/standards/", {"site_notes": "长" * 201, "staff_met": "on"})
    assert response.status_code == 400
    assert response.context["form"]["staff_met"].value() is True
    assert StandardCheck.objects.filter(node=world.station_a).count() == 1


def test_points_have_no_checklist(world, client_for):
    assert client_for("district_staff").get(f"/network/{world.point_a.pk}/standards/").status_code == 403


# --- homes ------------------------------------------------------------------------------------------


def test_staff_home_counts_and_coverage(world, client_for):
    f.DeputyFactory(district=world.district, street=world.street_a)  # assigned nowhere
    services.standards_set(by=world.admin, node=world.station_a, items={k: (True, "") for k in StandardCheck.Item})
    response = client_for("district_staff").get("/network/home/staff/")
    assert response.context["counts"] == {"streets": 2, "stations": 2, "points": 1}
    assert response.context["coverage"] == {"total": 3, "assigned": 2, "unassigned": 1, "percent": 66.7}
    assert [s.code for s in response.context["below_standard"]] == ["NW01"]
    street = client_for("street_staff").get("/network/home/staff/").context
    assert street["counts"] == {"streets": 1, "stations": 1, "points": 1}
    assert street["coverage"]["total"] == 2


def test_clerk_home_lists_their_stations_with_points(world, client_for):
    f.AssignmentFactory(deputy=f.DeputyFactory(district=world.district), node=world.point_a, role="host")
    response = client_for("clerk").get("/network/home/clerk/")
    stations = list(response.context["stations"])
    assert [s.code for s in stations] == ["LT01"]
    assert stations[0].deputy_count == 1
    assert [(p.code, p.deputy_count) for p in stations[0].points] == [("LT01P1", 1)]
    assert "沙湾社区联络站" not in response.content.decode()


def test_clerk_home_query_count_is_bounded(world, django_assert_max_num_queries):
    for i in range(5):
        f.PointFactory(code=f"LT01Y{i}", parent=world.station_a, by=world.admin)
    client = _fresh_client(world.clerk)
    # session, user, scope (3), stations with counts, their points, missed receptions, the bell
    with django_assert_max_num_queries(9):
        client.get("/network/home/clerk/")


def test_staff_home_query_count_is_bounded(world, django_assert_max_num_queries):
    for i in range(5):
        f.AssignmentFactory(deputy=f.DeputyFactory(district=world.district), node=world.station_b)
        f.StationFactory(code=f"NW0{i + 2}", parent=world.street_b, by=world.admin)
    client = _fresh_client(world.district_staff)
    # session, user, scope (3), tier counts, district roll, assigned deputies, below-standard count + rows,
    # missed receptions, the bell's unread count
    with django_assert_max_num_queries(12):
        response = client.get("/network/home/staff/")
    assert response.context["coverage"]["assigned"] == 7


def test_street_staff_reach_the_public_page_and_the_street_posters(world, client_for):
    html = client_for("street_staff").get(f"/network/{world.street_a.pk}/").content.decode()
    assert f'href="/p/stations/{world.street_a.code}/"' in html
    assert f'href="/p/streets/{world.street_a.code}/posters/"' in html
    clerk_html = client_for("clerk").get(f"/network/{world.station_a.pk}/").content.decode()
    assert f'href="/p/stations/{world.station_a.code}/"' in clerk_html and "/posters/" not in clerk_html
