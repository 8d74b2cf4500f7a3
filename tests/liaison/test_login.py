"""The login page and its lockout: per username + IP (a station's clerks share one NAT address)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from tests.factories import PASSWORD

LOGIN = "/accounts/login/"
T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
NAT = "10.20.30.40"


def attempt(client: Client, username: str, password: str, ip: str = NAT, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def logged_in(response) -> bool:
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def lock_out_clerk() -> None:
    client = Client()
    for n in range(5):
        response = attempt(client, "clerk", f"wrong-{n}")
        assert not logged_in(response)


@pytest.fixture
def at_t0():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_five_wrong_passwords_lock_that_user_on_that_ip(world, at_t0):
    lock_out_clerk()

    response = attempt(Client(), "clerk", PASSWORD)

    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    with translation.override("zh-hans"):
        assert translation.gettext("Too many failed log-in attempts") in body
    assert not response.wsgi_request.user.is_authenticated


def test_four_wrong_passwords_do_not_lock(world, at_t0):
    client = Client()
    for n in range(4):
        attempt(client, "clerk", f"wrong-{n}")

    assert logged_in(attempt(client, "clerk", PASSWORD))


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(world, at_t0):
    lock_out_clerk()

    response = attempt(Client(), "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert response.status_code == 429


def test_another_user_behind_the_same_nat_can_still_log_in(world, at_t0):
    lock_out_clerk()

    assert logged_in(attempt(Client(), "other_clerk", PASSWORD))


def test_the_same_user_from_another_ip_can_still_log_in(world, at_t0):
    lock_out_clerk()

    assert logged_in(attempt(Client(), "clerk", PASSWORD, ip="10.99.0.1"))


def test_still_locked_just_before_the_cool_off_ends(world, at_t0):
    lock_out_clerk()
    at_t0.move_to(T0 + timedelta(minutes=14, seconds=59))

    assert attempt(Client(), "clerk", PASSWORD).status_code == 429


def test_after_the_cool_off_the_user_can_log_in_again(world, at_t0):
    lock_out_clerk()
    at_t0.move_to(T0 + timedelta(minutes=15, seconds=1))

    assert logged_in(attempt(Client(), "clerk", PASSWORD))


def test_trying_again_while_locked_restarts_the_cool_off(world, at_t0):
    lock_out_clerk()
    at_t0.move_to(T0 + timedelta(minutes=10))
    assert attempt(Client(), "clerk", PASSWORD).status_code == 429

    at_t0.move_to(T0 + timedelta(minutes=16))  # free by now, had nobody tried at 10
    assert attempt(Client(), "clerk", PASSWORD).status_code == 429

    at_t0.move_to(T0 + timedelta(minutes=32))  # 15 minutes after the last try
    assert logged_in(attempt(Client(), "clerk", PASSWORD))


def test_login_page_is_chinese_by_default(db):
    response = Client().get(LOGIN)

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    assert 'name="username"' in body and 'name="password"' in body and 'name="csrfmiddlewaretoken"' in body
    assert "用户名" in body  # Django's own Chinese label for the username field
    with translation.override("zh-hans"):
        assert translation.gettext("Log in to the liaison station portal") in body


def test_login_page_switches_to_english(db):
    client = Client()

    response = client.post("/i18n/setlang/", {"language": "en", "next": LOGIN})
    assert response.status_code == 302 and response["Location"] == LOGIN
    body = client.get(LOGIN).content.decode()

    assert '<html lang="en">' in body
    assert "Log in to the liaison station portal" in body
    assert "Username" in body and "用户名" not in body


def test_a_successful_login_lands_on_the_role_home(world):
    client = Client()

    response = attempt(client, "clerk", PASSWORD)

    assert logged_in(response)
    assert client.get("/")["Location"] == "/cases/home/"
