"""The user accounts pages: who a district manager sees, and what creating and editing does."""

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.translation import gettext as _

from stations.models import Position
from tests import factories as f

User = get_user_model()
LIST = "/network/users/"
NEW_PASSWORD = "Lianluo-2026-xyz"


def usernames(response) -> set[str]:
    return {u.username for u in response.context["users"]}


@pytest.fixture
def elsewhere(world):
    """A second district with its own manager and clerk."""
    district = f.DistrictFactory(name="坪山区", code="PS", by=world.admin)
    street = f.StreetFactory(name="坑梓街道", code="KZ", parent=district, by=world.admin)
    station = f.StationFactory(name="秀新社区联络站", code="KZ01", parent=street, by=world.admin)
    manager = f.UserFactory(username="ps_manager")
    f.PositionFactory(user=manager, node=district)
    clerk = f.UserFactory(username="ps_clerk")
    f.PositionFactory(user=clerk, node=station)
    return {"district": district, "station": station, "manager": manager, "clerk": clerk}


def test_district_staff_see_the_accounts_of_their_district_only(world, client_for, elsewhere):
    response = client_for("district_staff").get(LIST)

    assert response.status_code == 200
    # Not the superuser, not the outsider nobody here created, not the other district's people.
    assert usernames(response) == {"district_staff", "street_staff", "clerk", "other_clerk", "deputy_user"}
    assert "南岭社区联络站" in response.content.decode()  # the clerk's position is shown


def test_someone_holding_a_position_in_another_district_too_is_not_managed_here(world, client_for, elsewhere):
    f.PositionFactory(user=world.other_clerk, node=elsewhere["station"])
    client = client_for("district_staff")

    assert "other_clerk" not in usernames(client.get(LIST))
    assert client.get(f"/network/users/{world.other_clerk.pk}/").status_code == 404


def test_a_superuser_is_never_managed_by_district_staff(world, client_for):
    f.PositionFactory(user=world.admin, node=world.district)
    client = client_for("district_staff")

    assert "admin" not in usernames(client.get(LIST))
    response = client.post(
        f"/network/users/{world.admin.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 404


def test_a_manager_of_another_district_gets_404_and_changes_nothing(world, elsewhere):
    client = Client()
    client.force_login(elsewhere["manager"])

    assert client.get(f"/network/users/{world.clerk.pk}/").status_code == 404
    assert client.post(f"/network/users/{world.clerk.pk}/active/", {"active": "0"}).status_code == 404
    assert (
        client.post(f"/network/users/{world.clerk.pk}/positions/", {"node": elsewhere["station"].pk}).status_code == 404
    )
    world.clerk.refresh_from_db()
    assert world.clerk.is_active
    assert list(world.clerk.positions.values_list("node__code", flat=True)) == ["LT01"]
    assert usernames(client.get(LIST)) == {"ps_manager", "ps_clerk"}


def test_filters_by_role_status_and_search(world, client_for):
    client = client_for("district_staff")
    world.other_clerk.is_active = False
    world.other_clerk.save(update_fields=["is_active"])

    assert usernames(client.get(LIST, {"role": "clerk"})) == {"clerk", "other_clerk"}
    assert usernames(client.get(LIST, {"role": "street_staff"})) == {"street_staff"}
    assert usernames(client.get(LIST, {"role": "deputy"})) == {"deputy_user"}
    assert usernames(client.get(LIST, {"status": "disabled"})) == {"other_clerk"}
    assert usernames(client.get(LIST, {"q": "STREET"})) == {"street_staff"}


def test_list_is_paginated_with_a_bounded_number_of_queries(world, client_for, django_assert_max_num_queries):
    for n in range(30):
        f.PositionFactory(user=f.UserFactory(username=f"clerk{n:02d}"), node=world.station_a)
    client = client_for("district_staff")

    # session, user, scope (positions, deputy assignments, deputy link), the User content type (first use
    # only), count, the page's users with their deputy, their positions with nodes: 9, however many users.
    with django_assert_max_num_queries(9):
        first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert first.context["page_obj"].paginator.count == 35
    assert len(first.context["users"]) == 25
    assert len(second.context["users"]) == 10


def test_create_an_account_with_a_position(world, client_for):
    client = client_for("district_staff")
    response = client.post(
        "/network/users/new/",
        {
            "username": "wangfang",
            "full_name": "王芳",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "node": world.station_b.pk,
        },
    )

    user = User.objects.get(username="wangfang")
    assert response.status_code == 302
    assert response["Location"] == f"/network/users/{user.pk}/"
    assert user.first_name == "王芳"
    assert user.check_password(NEW_PASSWORD)
    assert list(Position.objects.filter(user=user).values_list("node__code", flat=True)) == ["NW01"]
    messages = set(LogEntry.objects.filter(object_id=str(user.pk)).values_list("change_message", flat=True))
    assert {_("User created"), _("Position granted at %(node)s") % {"node": world.station_b.name}} <= messages
    assert usernames(client.get(LIST, {"role": "clerk"})) == {"clerk", "other_clerk", "wangfang"}


def test_an_account_with_no_role_stays_visible_to_the_district_that_created_it(world, client_for, elsewhere):
    client = client_for("district_staff")
    data = {"username": "newdeputy", "full_name": "陈代表", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    assert client.post("/network/users/new/", data).status_code == 302

    assert "newdeputy" in usernames(client.get(LIST, {"role": "none"}))
    other = Client()
    other.force_login(elsewhere["manager"])
    assert "newdeputy" not in usernames(other.get(LIST))


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"password1": "12345678", "password2": "12345678"}, "password1", "password_entirely_numeric"),
        (
            {"username": "zhangsanfeng", "password1": "zhangsanfeng1", "password2": "zhangsanfeng1"},
            "password1",
            "password_too_similar",
        ),
        ({"password2": "Another-pass-2026"}, "password2", "password_mismatch"),
        ({"username": "CLERK"}, "username", "username_taken"),
        ({"username": "有空格 的名字"}, "username", "invalid"),
    ],
)
def test_create_refuses_bad_input_and_keeps_what_was_typed(world, client_for, change, field, code):
    data = {
        "username": "lisi",
        "full_name": "李四",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "node": world.station_a.pk,
    } | change

    response = client_for("district_staff").post("/network/users/new/", data)

    assert response.status_code == 400
    form = response.context["form"]
    assert code in {e.code for e in form.errors.as_data()[field]}
    assert "李四" in response.content.decode()
    assert not User.objects.filter(username__in=["lisi", data["username"]]).exclude(username="clerk").exists()


def test_create_refuses_a_position_outside_the_district(world, client_for, elsewhere):
    data = {"username": "lisi", "full_name": "李四", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client_for("district_staff").post("/network/users/new/", data | {"node": elsewhere["station"].pk})

    assert response.status_code == 400
    assert "node" in response.context["form"].errors
    assert not User.objects.filter(username="lisi").exists()


def test_add_and_remove_positions(world, client_for):
    client = client_for("district_staff")

    response = client.post(f"/network/users/{world.clerk.pk}/positions/", {"node": world.street_b.pk})
    assert response.status_code == 302
    assert set(world.clerk.positions.values_list("node__code", flat=True)) == {"LT01", "NW"}

    position = world.clerk.positions.get(node=world.station_a)
    response = client.post(f"/network/users/{world.clerk.pk}/positions/{position.pk}/remove/")
    assert response.status_code == 302
    assert list(world.clerk.positions.values_list("node__code", flat=True)) == ["NW"]
    assert LogEntry.objects.filter(
        object_id=str(world.clerk.pk), change_message=_("Position removed at %(node)s") % {"node": "南岭社区联络站"}
    ).exists()


def test_a_point_is_not_a_position(world, client_for):
    response = client_for("district_staff").post(
        f"/network/users/{world.clerk.pk}/positions/", {"node": world.point_a.pk}
    )

    assert response.status_code == 400
    assert "node" in response.context["position_form"].errors
    assert world.clerk.positions.count() == 1


def test_a_position_of_another_user_cannot_be_removed_through_this_one(world, client_for):
    other = world.other_clerk.positions.get()

    response = client_for("district_staff").post(f"/network/users/{world.clerk.pk}/positions/{other.pk}/remove/")

    assert response.status_code == 404
    assert Position.objects.filter(pk=other.pk).exists()


def test_disable_then_enable_an_account(world, client_for):
    client = client_for("district_staff")

    assert client.post(f"/network/users/{world.clerk.pk}/active/", {"active": "0"}).status_code == 302
    world.clerk.refresh_from_db()
    assert not world.clerk.is_active
    login = Client().post("/accounts/login/", {"username": "clerk", "password": f.PASSWORD})
    assert login.status_code == 200  # the form again: a disabled account cannot log in

    assert client.post(f"/network/users/{world.clerk.pk}/active/", {"active": "1"}).status_code == 302
    world.clerk.refresh_from_db()
    assert world.clerk.is_active


def test_an_account_cannot_be_disabled_by_itself(world, client_for):
    response = client_for("district_staff").post(f"/network/users/{world.district_staff.pk}/active/", {"active": "0"})

    assert response.status_code == 400
    assert _("You cannot disable your own account.") in response.content.decode()
    world.district_staff.refresh_from_db()
    assert world.district_staff.is_active


def test_set_a_new_password_and_lift_a_lockout(world, client_for):
    AccessAttempt.objects.create(
        username="clerk", ip_address="10.0.0.9", user_agent="", failures_since_start=5, get_data="", post_data=""
    )
    response = client_for("district_staff").post(
        f"/network/users/{world.clerk.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    world.clerk.refresh_from_db()
    assert world.clerk.check_password(NEW_PASSWORD)
    assert not AccessAttempt.objects.filter(username="clerk").exists()
    assert LogEntry.objects.filter(object_id=str(world.clerk.pk), change_message=_("Password reset")).exists()


def test_a_weak_new_password_is_refused(world, client_for):
    response = client_for("district_staff").post(
        f"/network/users/{world.clerk.pk}/password/", {"password1": "clerk", "password2": "clerk"}
    )

    assert response.status_code == 400
    assert response.context["password_form"].errors["password1"]
    world.clerk.refresh_from_db()
    assert world.clerk.check_password(f.PASSWORD)


def test_own_password_is_changed_on_the_change_password_page_not_here(world, client_for):
    response = client_for("district_staff").post(
        f"/network/users/{world.district_staff.pk}/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 400
    world.district_staff.refresh_from_db()
    assert world.district_staff.check_password(f.PASSWORD)


def test_removing_the_last_position_keeps_the_account_on_the_managers_list(world, client_for):
    client = client_for("district_staff")
    position = world.clerk.positions.get()

    response = client.post(f"/network/users/{world.clerk.pk}/positions/{position.pk}/remove/", follow=True)

    assert response.status_code == 200  # back on the edit page, so it can get a new position
    assert "clerk" in usernames(client.get(LIST, {"role": "none"}))
