"""Review pass: the voters' and residents' phone pages fit a 390 px screen (no sideways scrolling, even
with long names) in both languages, and answer in the browser's language."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.services import consultation as consult
from meetings.services import votes as svc
from tests.browser.conftest import TIMEOUT_MS
from tests.meetings.reports_helpers import issue, report_for
from tests.meetings.votes_helpers import published_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LONG = "G107国道沿线ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789路灯照明提升改造工程（第二期）"


def _phone(browser, live_server, locale):
    context = browser.new_context(base_url=live_server.url, locale=locale, timezone_id="Asia/Shanghai", **PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def _pages(world):
    by = world.district_staff
    round = svc.round_create(by=by, node=world.district, title=LONG, year=2027, places=2)
    for i in range(3):
        svc.candidate_add(by=by, round=round, name=f"{LONG}{i}", description=LONG * 3, budget=Decimal("1234567890.12"))
    svc.voters_import(by=by, round=round, names=["王一", "王二"])
    vote_slip = svc.round_open(by=by, round=round)[0]
    published, _project = published_round(world, supervisors=[world.deputy])
    score_slip = svc.scoring_open(by=by, round=published)[0]
    report = report_for(world)
    rating_code = issue(world, report, 1)[0]
    today = timezone.localdate()
    draft = consult.draft_create(by=by, scope_node=world.district, title=LONG, issuing_body=LONG, text=LONG * 20,
                                 opinions_open_from=today - dt.timedelta(days=1),
                                 opinions_due=today + dt.timedelta(days=20))
    return [
        "/p/meetings/vote/",
        f"/p/meetings/vote/?code={vote_slip.code}",
        f"/p/meetings/vote/score/?code={score_slip.code}",
        "/p/meetings/vote/results/",
        f"/p/meetings/vote/results/{published.pk}/",
        f"/p/meetings/report-rating/?code={rating_code}",
        "/p/meetings/consultation/",
        f"/p/meetings/consultation/{draft.pk}/",
    ]


@pytest.mark.parametrize("locale,lang", [("zh-CN", "zh-hans"), ("en-US", "en")])
def test_phone_pages_fit_390px_in_both_languages(world, browser, live_server, locale, lang):
    paths = _pages(world)
    context = _phone(browser, live_server, locale)
    try:
        phone = context.new_page()
        too_wide = []
        for path in paths:
            response = phone.goto(path)
            assert response.status == 200, path
            expect(phone.locator("html")).to_have_attribute("lang", lang)
            expect(phone.locator("main")).to_be_visible()
            width = phone.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                culprits = phone.evaluate("""() => Array.from(document.querySelectorAll('main *'))
                    .filter(e => e.getBoundingClientRect().right > 391 && e.children.length === 0)
                    .slice(0, 4).map(e => e.tagName + '.' + e.className + ':' + e.textContent.slice(0, 20))""")
                too_wide.append((path, width, culprits))
        assert not too_wide
    finally:
        context.close()
