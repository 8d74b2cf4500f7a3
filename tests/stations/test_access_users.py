import pytest

from tests.access import FORBIDDEN, OK, Row, check, everyone, params

MANAGERS = everyone(FORBIDDEN, district_staff=OK, admin=OK)
NEW_PASSWORD = "Lianluo-2026-xyz"


def _clerk_position(w):
    return w.clerk.positions.get().pk


ROWS = [
    Row("stations:user_list", lambda w: "/network/users/", MANAGERS),
    Row("stations:user_create", lambda w: "/network/users/new/", MANAGERS),
    Row(
        "stations:user_create",
        lambda w: "/network/users/new/",
        MANAGERS,
        method="post",
        data=lambda w: {
            "username": "newclerk",
            "full_name": "新联络员",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "node": w.station_a.pk,
        },
    ),
    Row("stations:user_edit", lambda w: f"/network/users/{w.clerk.pk}/", MANAGERS),
    Row(
        "stations:user_position_add",
        lambda w: f"/network/users/{w.clerk.pk}/positions/",
        MANAGERS,
        method="post",
        data=lambda w: {"node": w.station_b.pk},
    ),
    Row(
        "stations:user_position_remove",
        lambda w: f"/network/users/{w.clerk.pk}/positions/{_clerk_position(w)}/remove/",
        MANAGERS,
        method="post",
    ),
    Row(
        "stations:user_set_active",
        lambda w: f"/network/users/{w.clerk.pk}/active/",
        MANAGERS,
        method="post",
        data=lambda w: {"active": "0"},
    ),
    Row(
        "stations:user_password",
        lambda w: f"/network/users/{w.clerk.pk}/password/",
        MANAGERS,
        method="post",
        data=lambda w: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    ),
]


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
