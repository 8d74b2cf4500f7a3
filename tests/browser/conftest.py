"""Browser harness: Playwright (Python) driving Debian's Chromium against pytest-django's live_server.

- `browser` (session): one Chromium for the whole run. Skipped when /usr/bin/chromium is absent,
  except under CI (the CI variable is set), where a missing browser fails the run instead.
- `page` (per test): a fresh context (no cookies carried over) on the live server, in a Chinese
  browser (Accept-Language zh-CN) in Asia/Shanghai, as our users have.
- `log_in(page, username, password=PASSWORD)`: logs in through the real login form.

Tests using `page` get `live_server`, which makes pytest-django use a transactional database: data
written by fixtures (e.g. `world`) is committed and so visible to the server thread, on SQLite
(the in-memory connection is shared with the server) and on PostgreSQL alike.
On failure, a screenshot and the page's HTML go to test-results/<test name>.{png,html}.
"""

import os
import re
from pathlib import Path

import pytest

from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium).", pytrace=False)
    pytest.skip(f"{reason}: browser tests skipped (apt-get install chromium chromium-driver to run them).")


@pytest.fixture(scope="session")
def _playwright():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")

    # Playwright's sync API keeps an asyncio loop running in this thread while it is started, so
    # Django's async-safety check would refuse every ORM call made by tests and fixtures
    # (SynchronousOnlyOperation). The calls are in fact synchronous; allow them only while it runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        yield playwright
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Keeps each phase's report on the item so `page` can tell whether the test failed.
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
        (RESULTS_DIR / f"{name}.html").write_text(page.content(), encoding="utf-8")
    context.close()


@pytest.fixture
def log_in():
    """log_in(page, "clerk") fills and submits the real login form, and waits for the next page."""

    def submit(page, username: str, password: str = PASSWORD):
        page.goto("/accounts/login/")
        form = page.locator("main form")
        form.locator("#id_username").fill(username)
        form.locator("#id_password").fill(password)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        return page

    return submit
