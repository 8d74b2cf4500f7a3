"""Each role logs in through the real form in Chromium and lands on its own home page, in Chinese,
with a navigation bar showing only what the role may use; nothing is loaded from another host."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# persona → the role key of settings.LIAISON_HOME_URLS
ROLE_OF = {
    "district_staff": "district_staff",
    "street_staff": "street_staff",
    "clerk": "clerk",
    "deputy_user": "deputy",
    "admin": "admin",
}
# Headings of the home pages known today, by URL name; a home repointed to a new page only needs one.
HOME_TITLES = {
    "stations:staff_home": "Committee staff home",
    "performance:dashboard": "Dashboard",
    "stations:clerk_home": "My stations",
    "petitions:clerk_home": "Station clerk home",
    "deputies:home": "Deputy home",
    "petitions:mine": "My cases",
}
# Which navigation links each persona sees (True) or must not see (False).
NAV = {
    #                 deputy list, my record, manage menu, Django admin
    "district_staff": (True, False, True, False),
    "street_staff": (True, False, False, False),
    "clerk": (True, False, False, False),
    "deputy_user": (False, True, False, False),
    "admin": (True, False, True, True),
}


def zh(text: str) -> str:
    with translation.override("zh-hans"):
        return str(translation.gettext(text))


@pytest.mark.parametrize("persona", list(ROLE_OF))
def test_each_role_lands_on_its_own_home_page(world, page, log_in, persona):
    url_name = settings.LIAISON_HOME_URLS[ROLE_OF[persona]]

    log_in(page, persona)

    assert urlsplit(page.url).path == reverse(url_name)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    title = page.get_by_test_id("home-title")
    expect(title).to_be_visible()
    if url_name in HOME_TITLES:
        expect(title).to_have_text(zh(HOME_TITLES[url_name]))
    else:
        expect(title).not_to_be_empty()

    nav = page.locator("#nav-main")
    deputy_list, my_record, manage, django_admin = NAV[persona]
    links = [
        ("home", [], True),
        ("stations:tree", [], True),
        ("deputies:list", [], deputy_list),
        ("deputies:detail", [world.deputy.pk], my_record),
        ("stations:user_list", [], manage),
        ("deputies:coverage", [], manage),
        ("deputies:import_start", [], manage),
        ("admin:index", [], django_admin),
    ]
    for name, args, shown in links:
        link = nav.locator(f'a[href="{reverse(name, args=args)}"]')
        expect(link, f"{persona} {'sees' if shown else 'must not see'} a link to {name}").to_have_count(int(shown))


def test_wrong_password_shows_the_error_and_keeps_the_username(world, page, log_in):
    log_in(page, "clerk", "not-the-password")

    assert urlsplit(page.url).path == reverse("login")
    username_label = get_user_model()._meta.get_field("username").verbose_name
    with translation.override("zh-hans"):
        message = str(AuthenticationForm.error_messages["invalid_login"] % {"username": username_label})
    expect(page.locator("main .alert-danger")).to_contain_text(message)
    expect(page.locator("#id_username")).to_have_value("clerk")
    expect(page.locator("#id_password")).to_have_value("")
    expect(page.locator("#nav-main")).to_have_count(0)  # still anonymous


def test_pages_load_nothing_from_another_host(world, page, log_in, live_server):
    requested, failed, console_errors = [], [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))

    log_in(page, "district_staff")  # the login page, then the staff home
    page.wait_for_load_state("networkidle")

    own_host = urlsplit(live_server.url).netloc
    web = [url for url in requested if urlsplit(url).scheme in ("http", "https")]
    assert [url for url in web if urlsplit(url).netloc != own_host] == []
    static_paths = {urlsplit(url).path for url in web if urlsplit(url).path.startswith("/static/")}
    assert {"/static/vendor/bootstrap/bootstrap.min.css", "/static/vendor/htmx/htmx.min.js"} <= static_paths
    assert failed == []
    # A Content-Security-Policy violation (an inline script or style) is reported as a console error.
    assert console_errors == []
