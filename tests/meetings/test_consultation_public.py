"""Residents' consultation pages (no login): open drafts, the opinion form (validation keeps what was
typed, honeypot, CSRF), refusal after the due date, the rate limit per address, and the phone kept
masked wherever staff see it."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from meetings.models.consultation import Opinion
from tests.meetings.consultation_helpers import CN, OPEN_DAY, make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_an_open_day():
    with time_machine.travel(OPEN_DAY, tick=False):
        yield


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _data(**changes):
    data = {"article": "第九条", "text": "建议电梯内收短牵引绳。", "name": "王先生", "phone": "138 1234 8000"}
    data["website"] = ""
    data.update(changes)
    return data


def test_the_list_shows_drafts_open_today_only(world, client):
    open_draft = make_draft(world)
    make_draft(world, title="已截止", opens=dt.date(2026, 1, 1), due=dt.date(2026, 3, 9))
    make_draft(world, title="未开始", opens=dt.date(2026, 3, 11), due=dt.date(2026, 4, 30))
    html = client.get("/p/meetings/consultation/").content.decode()
    assert html.count('data-testid="public-draft"') == 1 and f'data-draft="{open_draft.pk}"' in html


def test_a_resident_sends_an_opinion(world, client, english):
    draft = make_draft(world)
    page = client.get(f"/p/meetings/consultation/{draft.pk}/").content.decode()
    assert "第九条　携犬出户时，应当束犬链。" in page and 'name="csrfmiddlewaretoken"' in page
    response = client.post(f"/p/meetings/consultation/{draft.pk}/", _data())
    assert response["Location"] == "/p/meetings/consultation/thanks/"
    opinion = Opinion.objects.get()
    assert (opinion.channel, opinion.contributor_name, opinion.contributor_phone, opinion.article) == (
        "online", "王先生", "13812348000", "第九条",
    )
    assert opinion.entered_at == OPEN_DAY
    done = client.get("/p/meetings/consultation/thanks/").content.decode()
    assert "was received" in done


def test_name_and_phone_are_optional(world, client):
    draft = make_draft(world)
    assert client.post(f"/p/meetings/consultation/{draft.pk}/", _data(name="", phone="")).status_code == 302
    assert Opinion.objects.get().contributor_phone == ""


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": ""}, "This field is required."),
        ({"phone": "12345"}, "Enter a mobile phone number: 11 digits starting with 1."),
        ({"text": "长" * 5001}, "Ensure this value has at most 5000 characters (it has 5001)."),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_is_kept(world, client, english, changes, message):
    draft = make_draft(world)
    response = client.post(f"/p/meetings/consultation/{draft.pk}/", _data(**changes))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'value="王先生"' in html and 'value="第九条"' in html
    if "text" not in changes:
        assert "建议电梯内收短牵引绳。" in html
    assert not Opinion.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_saved(world, client):
    draft = make_draft(world)
    response = client.post(f"/p/meetings/consultation/{draft.pk}/", _data(website="http://spam.example"))
    assert response["Location"] == "/p/meetings/consultation/thanks/"
    assert not Opinion.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(world):
    draft = make_draft(world)
    response = Client(enforce_csrf_checks=True).post(f"/p/meetings/consultation/{draft.pk}/", _data())
    assert response.status_code == 403
    assert not Opinion.objects.exists()


def test_after_the_due_date_the_page_says_so_and_a_late_opinion_is_refused_with_its_text_kept(
    world, client, english
):
    draft = make_draft(world)  # due 2026-03-31
    with time_machine.travel(dt.datetime(2026, 4, 1, 0, 0, 1, tzinfo=CN), tick=False):
        page = client.get(f"/p/meetings/consultation/{draft.pk}/").content.decode()
        assert "Opinions on this draft were due by 2026-03-31. It no longer takes opinions." in page
        assert 'data-testid="public-opinion-form"' not in page
        assert 'data-testid="public-draft"' not in client.get("/p/meetings/consultation/").content.decode()
        response = client.post(f"/p/meetings/consultation/{draft.pk}/", _data())
    html = response.content.decode()
    assert response.status_code == 400
    assert "Opinions on this draft were due by March 31, 2026; it no longer takes opinions." in html
    assert "建议电梯内收短牵引绳。" in html
    assert not Opinion.objects.exists()


def test_a_draft_not_open_yet_is_not_public(world, client):
    draft = make_draft(world, opens=dt.date(2026, 3, 11))
    assert client.get(f"/p/meetings/consultation/{draft.pk}/").status_code == 404
    assert client.post(f"/p/meetings/consultation/{draft.pk}/", _data()).status_code == 404
    assert client.get(f"/p/meetings/consultation/{draft.pk}/draft.pdf").status_code == 404


def test_the_eleventh_opinion_from_one_address_in_an_hour_is_refused(world, client, english):
    draft = make_draft(world)
    url = f"/p/meetings/consultation/{draft.pk}/"
    for i in range(10):
        assert client.post(url, _data(text=f"意见{i}")).status_code == 302
    response = client.post(url, _data(text="第十一条意见"))
    html = response.content.decode()
    assert response.status_code == 429 and 'data-testid="limited"' in html
    assert "第十一条意见" in html  # kept for the resident to send later
    assert Opinion.objects.count() == 10
    # Another address is not held back; the same one is served again the next hour.
    assert client.post(url, _data(), REMOTE_ADDR="10.0.0.9").status_code == 302
    with time_machine.travel(dt.datetime(2026, 3, 10, 11, 0, 1, tzinfo=CN), tick=False):
        assert client.post(url, _data()).status_code == 302
    assert Opinion.objects.count() == 12


def test_invalid_posts_count_towards_the_limit_and_the_limit_is_a_setting(world, client, settings):
    settings.LIAISON_CONSULTATION_OPINIONS_PER_IP_PER_HOUR = 2
    draft = make_draft(world)
    url = f"/p/meetings/consultation/{draft.pk}/"
    assert client.post(url, _data(text="")).status_code == 400
    assert client.post(url, _data(text="")).status_code == 400
    assert client.post(url, _data()).status_code == 429
    assert not Opinion.objects.exists()


def test_the_phone_is_masked_on_every_staff_page(world, client, client_for):
    draft = make_draft(world)
    client.post(f"/p/meetings/consultation/{draft.pk}/", _data())
    for persona in ("district_staff", "admin"):
        staff = client_for(persona)
        for url in (f"/meetings/consultation/{draft.pk}/", "/meetings/consultation/opinions/"):
            html = staff.get(url).content.decode()
            assert "138****8000" in html and "13812348000" not in html, (persona, url)
