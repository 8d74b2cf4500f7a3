"""Review pass: double actions, another station's ids and odd filters on the consultation pages give a
clear answer (never a 500), record once, and keep what was typed."""

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.utils import translation

from meetings.models.consultation import Opinion
from tests.meetings.consultation_helpers import OPEN_DAY, add_opinion, make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_an_open_day():
    with time_machine.travel(OPEN_DAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_deciding_twice_gives_one_certificate_and_says_so(world, client_for):
    opinion = add_opinion(world, make_draft(world))
    client = client_for("district_staff")
    url = f"/meetings/consultation/opinions/{opinion.pk}/decide/"
    assert client.post(url, {"decision": "adopted"}).status_code == 302
    again = client.post(url, {"decision": "not_adopted", "reason": "重复"}, follow=True)
    assert again.status_code == 200
    assert "already been decided" in again.content.decode()
    opinion.refresh_from_db()
    assert opinion.decision == Opinion.Decision.ADOPTED and opinion.certificate_no.endswith("0001")
    assert LogEntry.objects.filter(object_id=str(opinion.pk), change_message__startswith="Decided").count() == 1


@pytest.mark.parametrize("data", [{}, {"decision": "maybe"}, {"decision": "not_adopted", "reason": "  "}])
def test_a_bad_decision_is_explained_and_nothing_changes(world, client_for, data):
    opinion = add_opinion(world, make_draft(world))
    response = client_for("district_staff").post(f"/meetings/consultation/opinions/{opinion.pk}/decide/", data)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.decision == Opinion.Decision.PENDING and opinion.certificate_no in (None, "")


def test_street_staff_and_clerks_cannot_decide_a_district_drafts_opinion(world, client_for):
    opinion = add_opinion(world, make_draft(world))
    url = f"/meetings/consultation/opinions/{opinion.pk}/decide/"
    assert client_for("street_staff").post(url, {"decision": "adopted"}).status_code in (403, 404)
    assert client_for("clerk").post(url, {"decision": "adopted"}).status_code == 403
    assert client_for("other_clerk").post(url, {"decision": "adopted"}).status_code in (403, 404)
    opinion.refresh_from_db()
    assert opinion.decision == Opinion.Decision.PENDING


@pytest.mark.parametrize("url", ["/meetings/consultation/new/", "/meetings/consultation/{pk}/edit/",
                                 "/meetings/consultation/{pk}/opinions/new/"])
def test_an_empty_post_shows_what_is_missing(world, client_for, url):
    draft = make_draft(world)
    response = client_for("district_staff").post(url.format(pk=draft.pk), {})
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode() or "alert-danger" in response.content.decode()


def test_a_clerk_cannot_file_an_opinion_for_another_station_and_keeps_the_text(world, client_for):
    draft = make_draft(world)
    data = {"node": world.station_b.pk, "text": "别的站的意见"}
    response = client_for("clerk").post(f"/meetings/consultation/{draft.pk}/opinions/new/", data)
    assert response.status_code == 400
    assert "别的站的意见" in response.content.decode()
    assert not Opinion.objects.exists()


def test_another_stations_clerk_gets_404_on_an_opinion_and_its_certificate(world, client_for):
    draft = make_draft(world)
    opinion = add_opinion(world, draft)
    client_for("district_staff").post(f"/meetings/consultation/opinions/{opinion.pk}/decide/", {"decision": "adopted"})
    url = f"/meetings/consultation/opinions/{opinion.pk}/certificate/"
    assert client_for("other_clerk").get(url).status_code == 404
    assert client_for("clerk").get(url).status_code == 200


@pytest.mark.parametrize("query", [{"draft": "abc"}, {"draft": "99999999999999999999"}, {"page": "²"},
                                   {"decision": "zz", "channel": "q"}, {"page": "99999"}])
def test_odd_filters_on_the_opinion_list(world, client_for, query):
    add_opinion(world, make_draft(world))
    assert client_for("district_staff").get("/meetings/consultation/opinions/", query).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_the_public_list_costs_the_same_for_many_drafts(world, client, django_assert_max_num_queries, n):
    for i in range(n):
        make_draft(world, title=f"草案{i}")
    client.get("/p/meetings/consultation/")
    with django_assert_max_num_queries(4):
        response = client.get("/p/meetings/consultation/")
    assert response.content.decode().count('data-testid="public-draft"') == n


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_consultation_page_renders_in_each_language(world, client_for, settings, language):
    settings.LANGUAGE_CODE = language
    draft = make_draft(world)
    opinion = add_opinion(world, draft)
    adopted = add_opinion(world, draft, text="第二条意见")
    client_for("district_staff").post(f"/meetings/consultation/opinions/{adopted.pk}/decide/", {"decision": "adopted"})
    staff, clerk, anyone = client_for("district_staff"), client_for("clerk"), client_for("anonymous")
    with translation.override(language):
        pages = [
            (staff, "/meetings/consultation/"), (staff, "/meetings/consultation/new/"),
            (staff, f"/meetings/consultation/{draft.pk}/"), (staff, f"/meetings/consultation/{draft.pk}/edit/"),
            (staff, "/meetings/consultation/opinions/"),
            (staff, f"/meetings/consultation/opinions/{opinion.pk}/decide/"),
            (clerk, f"/meetings/consultation/{draft.pk}/opinions/new/"),
            (clerk, f"/meetings/consultation/opinions/{adopted.pk}/certificate/"),
            (client_for("deputy_user"), "/meetings/consultation/opinions/"),
            (anyone, "/p/meetings/consultation/"), (anyone, f"/p/meetings/consultation/{draft.pk}/"),
        ]
        for client, url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{language}">' in response.content.decode(), url


def test_a_streets_staff_cannot_touch_another_streets_draft(world, client_for):
    draft = make_draft(world, node=world.street_b, title="南湾街道草案")
    opinion = add_opinion(world, draft, by=world.other_clerk, node=world.station_b)
    client = client_for("street_staff")  # street_a's
    assert client.get(f"/meetings/consultation/{draft.pk}/").status_code == 404
    assert client.post(f"/meetings/consultation/{draft.pk}/edit/", {"title": "x"}).status_code == 404
    assert client.post(f"/meetings/consultation/{draft.pk}/opinions/new/", {"text": "x"}).status_code == 404
    assert client.post(f"/meetings/consultation/opinions/{opinion.pk}/decide/",
                       {"decision": "adopted"}).status_code == 404
    opinion.refresh_from_db()
    draft.refresh_from_db()
    assert opinion.decision == Opinion.Decision.PENDING and draft.title == "南湾街道草案"


@pytest.mark.parametrize("day", ["2026-02-20", "2026-03-10", "2026-04-01"])  # before, during, after the period
def test_every_action_on_every_day_twice_answers_without_a_500(world, day):
    import datetime as dt

    from django.test import Client

    from tests.meetings.consultation_helpers import CN

    draft = make_draft(world)
    opinion = add_opinion(world, draft)
    staff, clerk, anyone = (Client(raise_request_exception=False) for _ in range(3))
    when = dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=CN)
    with time_machine.travel(when, tick=False):
        staff.force_login(world.district_staff)  # logged in that day: a session has an age
        clerk.force_login(world.clerk)
        for _ in range(2):
            for client, url, data in [
                (clerk, f"/meetings/consultation/{draft.pk}/opinions/new/", {"node": world.station_a.pk,
                                                                             "text": "意见"}),
                (staff, f"/meetings/consultation/opinions/{opinion.pk}/decide/", {"decision": "adopted"}),
                (staff, f"/meetings/consultation/{draft.pk}/edit/", {"title": "新标题", "version": "1"}),
                (anyone, f"/p/meetings/consultation/{draft.pk}/", {"text": "网上意见"}),
            ]:
                assert client.post(url, data).status_code < 500, (day, url)
            for client, url in [(staff, f"/meetings/consultation/{draft.pk}/"),
                                (clerk, f"/meetings/consultation/opinions/{opinion.pk}/certificate/"),
                                (anyone, "/p/meetings/consultation/")]:
                assert client.get(url).status_code in (200, 404), (day, url)
