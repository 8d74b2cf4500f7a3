"""Error pages are the portal's own and never show a stack trace or a detail of the failure."""

import pytest
from django.test import Client
from django.utils import translation

TECHNICAL = ["Traceback", "Using the URLconf", "technical_404", "Request Method", "Django tried these URL patterns"]


def gettext_zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def assert_not_technical(body: str) -> None:
    for marker in TECHNICAL:
        assert marker not in body


def test_unknown_url_shows_the_portal_404(world, client_for, settings):
    settings.DEBUG = False

    response = client_for("clerk").get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert gettext_zh("Page not found") in body
    assert 'href="/"' in body  # back to the home page
    assert_not_technical(body)


def test_a_record_outside_the_scope_shows_the_same_404(world, client_for, settings):
    settings.DEBUG = False

    response = client_for("other_clerk").get(f"/network/{world.station_a.pk}/")

    assert response.status_code == 404
    assert gettext_zh("Page not found") in response.content.decode()
    assert world.station_a.name not in response.content.decode()


def test_a_forbidden_page_shows_the_portal_403(world, client_for, settings):
    settings.DEBUG = False

    response = client_for("clerk").get("/network/users/")

    assert response.status_code == 403
    assert gettext_zh("You are not allowed to do this") in response.content.decode()
    assert_not_technical(response.content.decode())


@pytest.mark.urls("tests.liaison.boom_urls")
def test_a_server_error_shows_the_portal_500_without_details(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出现错误" in body
    assert_not_technical(body)
    assert "RuntimeError" not in body and "13812348000" not in body
