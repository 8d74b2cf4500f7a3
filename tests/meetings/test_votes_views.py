"""The pages of a vote: staff set a round up, open it (slips shown once), close, publish; voters cast on
the phone page; bad input keeps what was chosen and never gives a 500."""

import io
import re

import pytest
from django.utils import translation
from openpyxl import Workbook

from meetings.models.votes import Ballot, Credential, VoteRound
from meetings.views import votes as views
from tests.meetings.votes_helpers import make_round, open_round, published_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_staff_set_up_open_close_publish(world, client_for, en):
    client = client_for("district_staff")
    response = client.post("/meetings/votes/new/", {
        "title": "2027 projects", "node": world.district.pk, "year": 2027, "places": 2, "score_scale": "ten"})
    round = VoteRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/votes/{round.pk}/"
    for name in ("Park", "Library", "Lights"):
        response = client.post(f"/meetings/votes/{round.pk}/candidates/", {"name": name, "budget": "10000"})
        assert response.status_code == 302
    client.post(f"/meetings/votes/{round.pk}/voters/import/", {"names": "Wang\nZhao\n", "kind": "representative"})
    client.post(f"/meetings/votes/{round.pk}/voters/deputies/", {"deputies": [world.deputy.pk]})
    assert round.voters.count() == 3

    response = client.post(f"/meetings/votes/{round.pk}/open/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    html = response.content.decode()
    slip_codes = re.findall(r'data-testid="slip-code">([A-Z0-9-]+)<', html)
    assert len(slip_codes) == 3
    assert html.count("<svg") == 3 and "/p/meetings/vote/?code=" in html
    # The slips are not shown again: the round page has no code.
    page = client.get(f"/meetings/votes/{round.pk}/").content.decode()
    assert not any(code in page for code in slip_codes)

    public = client_for("anonymous")
    ids = list(round.candidates.order_by("order").values_list("pk", flat=True))
    assert public.post("/p/meetings/vote/", {"code": slip_codes[0], "choices": [ids[0], ids[1]]}).status_code == 302
    assert public.post("/p/meetings/vote/", {"code": slip_codes[1], "choices": [ids[0]]}).status_code == 302

    client.post(f"/meetings/votes/{round.pk}/close/")
    round.refresh_from_db()
    assert (round.status, round.ballots_cast, round.electorate_size) == ("closed", 2, 3)
    page = client.get(f"/meetings/votes/{round.pk}/").content.decode()
    assert "2 ballots from 3 voters" in page and "turnout 67%" in page
    assert public.get(f"/p/meetings/vote/results/{round.pk}/").status_code == 404  # not yet published

    client.post(f"/meetings/votes/{round.pk}/publish/")
    result = public.get(f"/p/meetings/vote/results/{round.pk}/").content.decode()
    assert 'data-candidate="Park" data-votes="2"' in result and 'data-candidate="Library" data-votes="1"' in result
    assert "Wang" not in result and "Zhao" not in result


def test_open_refused_when_places_not_fewer_than_candidates(world, client_for, en):
    round = make_round(world, candidates=3, places=3)
    client = client_for("district_staff")
    response = client.post(f"/meetings/votes/{round.pk}/open/", follow=True)
    assert "A vote needs more candidates than places" in response.content.decode()
    round.refresh_from_db()
    assert round.status == "draft" and not Credential.objects.exists()


def test_qr_link_shows_the_ballot(world, client_for, en):
    round, slips = open_round(world, candidates=12, places=10)
    response = client_for("anonymous").get(f"/p/meetings/vote/?code={slips[0].display}")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('type="checkbox" name="choices"') == 12
    assert 'data-max="10"' in html and "Choose at most 10 projects." in html


def test_too_many_picks_refused_keeping_the_selection(world, client_for, en):
    round, slips = open_round(world, candidates=12, places=10)
    ids = list(round.candidates.order_by("order").values_list("pk", flat=True))
    response = client_for("anonymous").post("/p/meetings/vote/", {"code": slips[0].code, "choices": ids[:11]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose at most 10 projects; you chose 11." in html
    assert html.count(" checked>") == 11
    assert not Ballot.objects.exists() and not Credential.objects.filter(used=True).exists()


def test_second_ballot_with_the_same_code_is_refused(world, client_for, en):
    round, slips = open_round(world)
    client = client_for("anonymous")
    first = round.candidates.first().pk
    client.post("/p/meetings/vote/", {"code": slips[0].code, "choices": [first]})
    again = client.post("/p/meetings/vote/", {"code": slips[0].code, "choices": [first]})
    assert again.status_code == 409
    assert "This code has already been used" in again.content.decode()
    assert client.get(f"/p/meetings/vote/?code={slips[0].code}").status_code == 409
    assert Ballot.objects.count() == 1


def test_bad_input_never_500(world, client_for):
    round, slips = open_round(world)
    client = client_for("anonymous")
    for data in ({"code": slips[0].code, "choices": ["x"]}, {"code": slips[0].code, "choices": ["999999"]},
                 {"code": "", "choices": []}, {"code": "é" * 200}):
        assert client.post("/p/meetings/vote/", data).status_code in (400, 409)
    assert client.get("/p/meetings/vote/done/?round=abc").status_code == 200
    assert not Ballot.objects.exists()


def test_wrong_codes_are_limited_per_address(world, client_for, settings, en, monkeypatch):
    monkeypatch.setattr(views, "WRONG_CODES_PER_IP", 3)
    round, slips = open_round(world)
    client = client_for("anonymous")
    for _ in range(3):
        assert client.get("/p/meetings/vote/?code=ZZZZZZZZ").status_code == 400
    blocked = client.get(f"/p/meetings/vote/?code={slips[0].code}")
    assert blocked.status_code == 429 and "Too many wrong codes" in blocked.content.decode()


def test_import_from_xlsx(world, client_for):
    round = make_round(world, candidates=3, places=2, voters=0)
    book = Workbook()
    for name in ("姓名", "王五", "赵六", "钱七"):
        book.active.append([name, "备注"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "voters.xlsx"
    response = client_for("district_staff").post(
        f"/meetings/votes/{round.pk}/voters/import/", {"file": data, "kind": "representative", "names": ""})
    assert response.status_code == 302
    assert list(round.voters.values_list("name", flat=True)) == ["王五", "赵六", "钱七"]


def test_import_gbk_csv_and_broken_file(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    round = make_round(world, candidates=3, places=2, voters=0)
    client = client_for("district_staff")
    csv_file = SimpleUploadedFile("v.csv", "王五,1\n赵六,2\n".encode("gbk"))
    url = f"/meetings/votes/{round.pk}/voters/import/"
    assert client.post(url, {"file": csv_file, "kind": "deputy"}).status_code == 302
    assert round.voters.count() == 2
    broken = SimpleUploadedFile("v.xlsx", b"PK\x03\x04broken")
    assert client.post(url, {"file": broken, "kind": "deputy"}).status_code == 400
    assert round.voters.count() == 2


def test_scoring_page_records_anonymous_scores(world, client_for, en):
    from meetings.models.votes import Score
    from meetings.services import votes as svc

    round, project = published_round(world)
    slips = svc.scoring_open(by=world.district_staff, round=round)
    client = client_for("anonymous")
    page = client.get(f"/p/meetings/vote/score/?code={slips[0].code}").content.decode()
    assert "Basically satisfied" in page
    response = client.post("/p/meetings/vote/score/", {"code": slips[0].code, f"p{project.pk}": "2"})
    assert response.status_code == 302
    assert list(Score.objects.values_list("value", flat=True)) == [2]
    assert client.post("/p/meetings/vote/score/", {"code": slips[0].code, f"p{project.pk}": "3"}).status_code == 409


def test_round_list_queries_do_not_grow(world, client_for, django_assert_max_num_queries):
    client = client_for("district_staff")
    make_round(world, candidates=3, places=2, voters=2)
    client.get("/meetings/votes/")  # warm caches (content types, sessions)
    # session, user, scope (2), rounds with counts, nodes-for-create exists, bell = 7 at most
    with django_assert_max_num_queries(8):
        small = client.get("/meetings/votes/")
    for i in range(5):
        make_round(world, candidates=4, places=2, voters=3, title=f"轮{i}")
    with django_assert_max_num_queries(8):
        big = client.get("/meetings/votes/")
    assert small.content.decode().count('data-testid="round-row"') == 1
    assert big.content.decode().count('data-testid="round-row"') == 6


def test_project_list_queries_do_not_grow(world, client_for, django_assert_max_num_queries):
    client = client_for("district_staff")
    published_round(world, supervisors=[world.deputy])
    client.get("/meetings/votes/projects/")
    with django_assert_max_num_queries(8):
        client.get("/meetings/votes/projects/")
    for _ in range(4):
        published_round(world, supervisors=[world.deputy, world.other_deputy])
    with django_assert_max_num_queries(8):
        response = client.get("/meetings/votes/projects/")
    assert response.content.decode().count('data-testid="project-row"') == 5


def test_deputy_sees_only_supervised_projects(world, client_for):
    published_round(world, supervisors=[world.deputy])
    published_round(world)
    response = client_for("deputy_user").get("/meetings/votes/projects/")
    assert response.content.decode().count('data-testid="project-row"') == 1


def test_round_page_queries_do_not_grow_with_candidates_and_voters(world, client_for, django_assert_max_num_queries):
    client = client_for("district_staff")
    small, _ = open_round(world, candidates=3, places=2, voters=2)
    big, _ = open_round(world, candidates=12, places=10, voters=40, title="大")
    client.get(f"/meetings/votes/{small.pk}/")
    with django_assert_max_num_queries(12) as small_queries:
        client.get(f"/meetings/votes/{small.pk}/")
    with django_assert_max_num_queries(12) as big_queries:
        response = client.get(f"/meetings/votes/{big.pk}/")
    assert len(big_queries.captured_queries) == len(small_queries.captured_queries)
    assert response.content.decode().count('data-testid="voter-row"') == 40
