"""Review pass: odd input on the votes pages gives a clear answer (never a 500), double actions are
refused with a message, and what was typed is kept."""

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import translation

from meetings.models.votes import Ballot, Milestone, VoteRound
from meetings.services import votes as svc
from tests.meetings.votes_helpers import make_round, open_round, published_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.mark.parametrize("value", ["²", "١٢٣", "99999999999999999999", "-1", "abc", ""])
def test_odd_numbers_in_query_strings(world, client_for, value):
    published_round(world, supervisors=[world.deputy])
    assert client_for("district_staff").get("/meetings/votes/projects/", {"year": value}).status_code == 200
    assert client_for("anonymous").get("/p/meetings/vote/done/", {"round": value}).status_code == 200


def test_round_with_no_candidates_cannot_open(world, client_for, en):
    round = make_round(world, candidates=0, places=1, voters=2)
    response = client_for("district_staff").post(f"/meetings/votes/{round.pk}/open/", follow=True)
    assert response.status_code == 200
    assert "more candidates than places" in response.content.decode()
    round.refresh_from_db()
    assert round.status == VoteRound.Status.DRAFT
    assert not round.voters.filter(credential__isnull=False).exists()


def test_closing_or_opening_twice_is_refused_with_a_message(world, client_for, en):
    round, slips = open_round(world, candidates=3, places=2, voters=2)
    svc.ballot_cast(code=slips[0].code, candidate_ids=[round.candidates.first().pk])
    client = client_for("district_staff")
    assert client.post(f"/meetings/votes/{round.pk}/close/").status_code == 302
    again = client.post(f"/meetings/votes/{round.pk}/close/", follow=True)
    assert "Only an open round can be closed." in again.content.decode()
    reopen = client.post(f"/meetings/votes/{round.pk}/open/", follow=True)
    assert "This round has already been opened." in reopen.content.decode()
    round.refresh_from_db()
    assert round.status == VoteRound.Status.CLOSED
    assert Ballot.objects.filter(round=round).count() == 1


def test_code_with_spaces_lower_case_and_dashes_opens_the_ballot(world, client_for):
    round, slips = open_round(world, candidates=3, places=2, voters=2)
    code = slips[0].code
    typed = " " + "-".join([code[:4].lower(), code[4:].lower()]) + " "
    client = client_for("anonymous")
    assert client.get("/p/meetings/vote/", {"code": typed}).status_code == 200
    first = round.candidates.order_by("order").first().pk
    assert client.post("/p/meetings/vote/", {"code": typed, "choices": [first]}).status_code == 302
    assert Ballot.objects.filter(round=round).count() == 1


def test_empty_import_keeps_the_typed_kind_and_says_why(world, client_for, en):
    round = make_round(world, candidates=3, places=2, voters=0)
    client = client_for("district_staff")
    from django.core.files.uploadedfile import SimpleUploadedFile

    empty = SimpleUploadedFile("voters.csv", b"", content_type="text/csv")
    response = client.post(f"/meetings/votes/{round.pk}/voters/import/", {"names": "   \n", "file": empty,
                                                                          "kind": "deputy"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter at least one name." in body or "The submitted file is empty." in body
    assert round.voters.count() == 0


def test_milestone_marked_done_twice_is_recorded_once(world, client_for):
    _, project = published_round(world, supervisors=[world.deputy])
    milestone = svc.milestone_add(by=world.district_staff, project=project, title="开工", due_on="2027-03-01")
    client = client_for("district_staff")
    for _ in range(2):
        assert client.post(f"/meetings/votes/milestones/{milestone.pk}/done/").status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    assert Milestone.objects.filter(project=project, done_on__isnull=False).count() == 1
    done = LogEntry.objects.filter(object_id=str(project.pk), change_message__contains="开工")
    assert done.count() == 2  # "added" and "done" once each, not "done" twice


def test_an_empty_post_of_the_round_form_shows_what_is_missing(world, client_for, en):
    round = make_round(world, candidates=3, places=2, voters=2)
    client = client_for("district_staff")
    for url in ("/meetings/votes/new/", f"/meetings/votes/{round.pk}/edit/"):
        response = client.post(url, {})
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()
    round.refresh_from_db()
    assert (round.title, round.places) == ("2027年民生实事票决", 2)


@pytest.mark.parametrize("n", [2, 20])
def test_public_results_list_costs_the_same_for_many_rounds(world, client, django_assert_max_num_queries, n):
    for i in range(n):
        round = make_round(world, candidates=2, places=1, voters=1, title=f"第{i}轮")
        svc.round_open(by=world.district_staff, round=round)
        svc.round_close(by=world.district_staff, round=round)
        svc.round_publish(by=world.district_staff, round=round)
    client.get("/p/meetings/vote/results/")
    with django_assert_max_num_queries(4):
        response = client.get("/p/meetings/vote/results/")
    assert response.content.decode().count("/p/meetings/vote/results/") >= n


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_votes_page_renders_in_each_language(world, client_for, settings, language):
    settings.LANGUAGE_CODE = language
    draft = make_round(world, candidates=3, places=2, voters=2, title="草稿")
    opened, slips = open_round(world, candidates=3, places=2, voters=2)
    published, project = published_round(world, supervisors=[world.deputy])
    staff, deputy, anyone = client_for("district_staff"), client_for("deputy_user"), client_for("anonymous")
    with translation.override(language):
        pages = [
            (staff, "/meetings/votes/"), (staff, "/meetings/votes/new/"), (staff, f"/meetings/votes/{draft.pk}/"),
            (staff, f"/meetings/votes/{draft.pk}/edit/"), (staff, f"/meetings/votes/{opened.pk}/"),
            (staff, f"/meetings/votes/{published.pk}/"), (staff, "/meetings/votes/projects/"),
            (staff, f"/meetings/votes/projects/{project.pk}/"), (deputy, f"/meetings/votes/projects/{project.pk}/"),
            (anyone, "/p/meetings/vote/"), (anyone, f"/p/meetings/vote/?code={slips[0].code}"),
            (anyone, "/p/meetings/vote/results/"), (anyone, f"/p/meetings/vote/results/{published.pk}/"),
        ]
        for client, url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{language}">' in response.content.decode(), url


@pytest.mark.parametrize("n", [2, 20])
def test_project_page_costs_the_same_for_many_milestones_and_updates(world, client_for, django_assert_max_num_queries,
                                                                    n):
    _, project = published_round(world, supervisors=[world.deputy])
    for i in range(n):
        svc.milestone_add(by=world.district_staff, project=project, title=f"节点{i}", due_on="2027-03-01")
        svc.progress_record(by=world.deputy_user, project=project, percent=min(i * 5, 100), spent=i * 1000,
                            note=f"进度{i}")
    for persona in ("district_staff", "deputy_user"):
        client = client_for(persona)
        client.get(f"/meetings/votes/projects/{project.pk}/")
        with django_assert_max_num_queries(12):
            response = client.get(f"/meetings/votes/projects/{project.pk}/")
        assert response.content.decode().count("节点") >= n


def test_a_streets_staff_cannot_touch_another_streets_round(world, client_for):
    round = make_round(world, candidates=3, places=2, voters=2, node=world.street_b, title="南湾票决")
    candidate, voter = round.candidates.first(), round.voters.first()
    client = client_for("street_staff")  # street_a's
    for url, data in [
        (f"/meetings/votes/{round.pk}/", None), (f"/meetings/votes/{round.pk}/edit/", {"title": "x"}),
        (f"/meetings/votes/{round.pk}/candidates/", {"name": "x"}),
        (f"/meetings/votes/candidates/{candidate.pk}/remove/", {}),
        (f"/meetings/votes/{round.pk}/voters/import/", {"names": "张三", "kind": "representative"}),
        (f"/meetings/votes/voters/{voter.pk}/remove/", {}), (f"/meetings/votes/{round.pk}/open/", {}),
    ]:
        response = client.get(url) if data is None else client.post(url, data)
        assert response.status_code == 404, url
    round.refresh_from_db()
    assert (round.status, round.title, round.candidates.count(), round.voters.count()) == (
        VoteRound.Status.DRAFT, "南湾票决", 3, 2)


def _round_in(world, state):
    if state == "draft":
        return make_round(world, candidates=3, places=2, voters=2)
    round, slips = open_round(world, candidates=3, places=2, voters=2)
    if state == "open":
        return round
    svc.ballot_cast(code=slips[0].code, candidate_ids=[round.candidates.first().pk])
    svc.round_close(by=world.district_staff, round=round)
    if state == "closed":
        return round
    svc.round_publish(by=world.district_staff, round=round)
    if state == "published":
        return round
    svc.scoring_open(by=world.district_staff, round=round)
    if state == "scoring":
        return round
    svc.scoring_close(by=world.district_staff, round=round)
    return round


@pytest.mark.parametrize("state", ["draft", "open", "closed", "published", "scoring", "scored"])
def test_every_action_in_every_state_twice_answers_without_a_500(world, state):
    from django.test import Client

    round = _round_in(world, state)
    client = Client(raise_request_exception=False)
    client.force_login(world.district_staff)
    voter = round.voters.first()
    for url in [f"/meetings/votes/{round.pk}/{action}/" for action in
                ("open", "close", "publish", "runoff", "scoring/open", "scoring/close")] + [
            f"/meetings/votes/voters/{voter.pk}/reissue/", f"/meetings/votes/voters/{voter.pk}/remove/",
            f"/meetings/votes/candidates/{round.candidates.last().pk}/remove/"]:
        for _ in range(2):
            response = client.post(url)
            assert response.status_code < 500, (state, url)
    assert client.get(f"/meetings/votes/{round.pk}/").status_code == 200


def test_project_actions_out_of_order_or_twice_are_explained(world, client_for, en):
    _, project = published_round(world)
    client = client_for("district_staff")
    base = f"/meetings/votes/projects/{project.pk}"
    early = client.post(f"{base}/progress/", {"percent": "10", "spent": "100"})
    assert early.status_code == 400 and "Choose at least one supervising deputy" in early.content.decode()
    refused = client.post(f"{base}/start/", follow=True)
    assert "Choose at least one supervising deputy" in refused.content.decode()
    empty = client.post(f"{base}/supervisors/", {})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert client.post(f"{base}/supervisors/", {"deputies": [world.deputy.pk]}).status_code == 302
    assert client.post(f"{base}/start/").status_code == 302
    twice = client.post(f"{base}/start/", follow=True)
    assert "Tracking has already started." in twice.content.decode()
    bad = client.post(f"{base}/progress/", {"percent": "150", "spent": "-1", "note": "保留的说明"})
    assert bad.status_code == 400 and "保留的说明" in bad.content.decode()
    project.refresh_from_db()
    assert project.status == "tracking" and project.percent == 0
