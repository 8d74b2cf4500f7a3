"""A livelihood-project vote at a meeting: district staff open a round of 12 candidates for 10 places and
print the slips; voters open their slip's link on a phone (390×844), tick 10 projects with the live
counter stopping an 11th, and cast; a second try with a used code is refused; staff close and count."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models.votes import Ballot, VoteRound
from tests.browser.conftest import TIMEOUT_MS
from tests.meetings.votes_helpers import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SIZE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_for(browser, live_server):
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", device_scale_factor=3, **PHONE_SIZE
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _cast(phone, url: str, picks: list[int]):
    phone.goto(url)
    ballot = phone.get_by_test_id("ballot")
    boxes = ballot.locator("input[type=checkbox]")
    expect(boxes).to_have_count(12)
    assert _fits_the_screen(phone)
    for i in picks:
        boxes.nth(i).tap()
    counter = phone.get_by_test_id("counter")
    expect(counter).to_contain_text(f"{len(picks)} ")
    return ballot, boxes, counter


def test_twelve_candidates_ten_places_cast_on_phones_and_counted(world, page, log_in, phone_for):
    round = make_round(world, candidates=12, places=10, voters=4, title="2027年民生实事项目票决")

    log_in(page, "district_staff")
    page.goto(f"/meetings/votes/{round.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("open-round").click()
    expect(page.get_by_test_id("slip")).to_have_count(4)
    urls = [u.strip() for u in page.get_by_test_id("slip-url").all_inner_texts()]
    assert all(re.search(r"/p/meetings/vote/\?code=[A-Z0-9]{4}-[A-Z0-9]{4}$", u) for u in urls)
    assert page.locator(".vote-slip svg").count() == 4

    # Voter 1 ticks ten: the counter says 10 of 10 and the other two boxes are disabled.
    phone = phone_for()
    ballot, boxes, counter = _cast(phone, urls[0], list(range(10)))
    expect(counter).to_contain_text("10")
    expect(counter).to_have_class(re.compile("is-full"))
    expect(boxes.nth(10)).to_be_disabled()
    expect(boxes.nth(11)).to_be_disabled()
    boxes.nth(9).tap()  # untick one: the others come back
    expect(boxes.nth(11)).to_be_enabled()
    boxes.nth(11).tap()
    with phone.expect_navigation():
        phone.get_by_test_id("cast").tap()
    expect(phone.get_by_test_id("vote-done")).to_be_visible()

    # Voters 2 and 3 each tick the first three; voter 4 does not vote.
    for url in urls[1:3]:
        phone = phone_for()
        _cast(phone, url, [0, 1, 2])
        with phone.expect_navigation():
            phone.get_by_test_id("cast").tap()
        expect(phone.get_by_test_id("vote-done")).to_be_visible()

    # The first voter's slip again: refused, nothing stored.
    phone = phone_for()
    phone.goto(urls[0])
    expect(phone.get_by_test_id("vote-message")).to_be_visible()
    assert Ballot.objects.filter(round=round).count() == 3

    # Staff close and count: projects 1-3 have 3 votes, 4-9 and 12 have 1, 10 and 11 none.
    page.goto(f"/meetings/votes/{round.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("close-round").click()
    expect(page.get_by_test_id("round-status")).to_have_text(re.compile(r"\S"))
    rows = page.get_by_test_id("result-row")
    expect(rows).to_have_count(12)
    votes = {r.get_attribute("data-candidate"): int(r.get_attribute("data-votes")) for r in rows.all()}
    assert votes == {**{f"项目{i:02d}": 3 for i in (1, 2, 3)}, **{f"项目{i:02d}": 1 for i in (4, 5, 6, 7, 8, 9, 12)},
                     "项目10": 0, "项目11": 0}
    round.refresh_from_db()
    assert (round.status, round.ballots_cast, round.electorate_size) == (VoteRound.Status.CLOSED, 3, 4)
    # 10 places: the ten with votes are chosen, no tie on the last place.
    assert not round.runoff_needed
    assert round.candidates.filter(is_winner=True).count() == 10
    expect(page.get_by_test_id("turnout")).to_contain_text("75%")

    with page.expect_navigation():
        page.get_by_test_id("publish-round").click()
    phone.goto(f"/p/meetings/vote/results/{round.pk}/")
    expect(phone.get_by_test_id("result-row")).to_have_count(12)
    assert _fits_the_screen(phone)
