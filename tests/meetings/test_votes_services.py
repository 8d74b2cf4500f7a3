"""Vote rounds: opening rules, casting once, counting, ties and run-offs, projects."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from meetings.models.votes import Ballot, BallotChoice, Credential, Project, VoteRound
from meetings.services import votes as svc
from tests.meetings.votes_helpers import cast, make_round, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the services' messages in English (the source language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_places_must_be_fewer_than_candidates(world):
    round = make_round(world, candidates=10, places=10)
    with pytest.raises(svc.VoteError, match="more candidates than places"):
        svc.round_open(by=world.district_staff, round=round)
    round.refresh_from_db()
    assert round.status == VoteRound.Status.DRAFT
    assert not Credential.objects.filter(round=round).exists()


def test_more_places_than_candidates_refused(world):
    round = make_round(world, candidates=3, places=5)
    with pytest.raises(svc.VoteError):
        svc.round_open(by=world.district_staff, round=round)


def test_zero_places_refused_on_create(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        svc.round_create(by=world.district_staff, node=world.district, title="x", year=2027, places=0)


def test_empty_electorate_refused(world):
    round = make_round(world, candidates=3, places=2, voters=0)
    with pytest.raises(svc.VoteError, match="electorate is empty"):
        svc.round_open(by=world.district_staff, round=round)


def test_open_issues_one_code_per_voter_and_stores_only_digests(world):
    round, slips = open_round(world, voters=5)
    assert round.status == VoteRound.Status.OPEN
    assert len(slips) == 5 and len({s.code for s in slips}) == 5
    stored = set(Credential.objects.filter(round=round).values_list("code_digest", flat=True))
    assert not stored & {s.code for s in slips}
    assert len(stored) == 5


def test_candidates_frozen_once_open(world):
    round, _ = open_round(world)
    with pytest.raises(svc.VoteError):
        svc.candidate_add(by=world.district_staff, round=round, name="迟到项目")
    with pytest.raises(svc.VoteError):
        svc.voters_import(by=world.district_staff, round=round, names=["迟到"])


def test_one_ballot_per_code(world):
    round, slips = open_round(world)
    cast(round, slips[0], [1, 2, 3])
    with pytest.raises(svc.CodeUsed):
        cast(round, slips[0], [4])
    assert Ballot.objects.filter(round=round).count() == 1
    assert BallotChoice.objects.filter(ballot__round=round).count() == 3


def test_code_typed_in_lower_case_with_dash_works(world):
    round, slips = open_round(world)
    typed = f"{slips[0].code[:4].lower()}-{slips[0].code[4:].lower()}"
    svc.ballot_cast(code=typed, candidate_ids=[])
    assert Ballot.objects.filter(round=round).count() == 1  # a blank ballot is a valid ballot


def test_too_many_picks_refused_and_code_not_spent(world):
    round, slips = open_round(world, candidates=12, places=10)
    with pytest.raises(svc.VoteError, match="at most 10"):
        cast(round, slips[0], list(range(1, 12)))
    assert not Credential.objects.filter(round=round, used=True).exists()
    cast(round, slips[0], list(range(1, 11)))
    assert Ballot.objects.count() == 1


def test_candidate_of_another_round_refused(world):
    round, slips = open_round(world)
    other = make_round(world, title="另一轮")
    with pytest.raises(svc.VoteError):
        svc.ballot_cast(code=slips[0].code, candidate_ids=[other.candidates.first().pk])


def test_unknown_code(world):
    open_round(world)
    with pytest.raises(svc.CodeUnknown):
        svc.ballot_cast(code="ZZZZZZZZ", candidate_ids=[])


def test_closed_round_refuses_ballots(world):
    round, slips = open_round(world)
    svc.round_close(by=world.district_staff, round=round)
    with pytest.raises(svc.VoteError, match="not open"):
        cast(round, slips[0], [1])


def test_count_winners_and_turnout(world):
    # 4 candidates, 2 places, 5 voters of whom 4 vote: 1 gets 4, 2 gets 3, 3 gets 1, 4 gets 0.
    round, slips = open_round(world, candidates=4, places=2, voters=5)
    cast(round, slips[0], [1, 2])
    cast(round, slips[1], [1, 2])
    cast(round, slips[2], [1, 2])
    cast(round, slips[3], [1, 3])
    round = svc.round_close(by=world.district_staff, round=round)
    assert (round.ballots_cast, round.electorate_size, round.turnout) == (4, 5, 0.8)
    assert not round.runoff_needed
    rows = [(c.name, c.votes, c.rank, c.is_winner) for c in round.candidates.order_by("rank", "order")]
    assert rows == [("项目01", 4, 1, True), ("项目02", 3, 2, True), ("项目03", 1, 3, False), ("项目04", 0, 4, False)]


def test_tie_on_last_place_flags_runoff_and_runoff_round_decides(world):
    # 4 candidates, 2 places: 1 gets 3; 2 and 3 get 2 each (tied on the 2nd place); 4 gets 0.
    round, slips = open_round(world, candidates=4, places=2, voters=4)
    cast(round, slips[0], [1, 2])
    cast(round, slips[1], [1, 3])
    cast(round, slips[2], [1, 2, ])
    cast(round, slips[3], [3])
    round = svc.round_close(by=world.district_staff, round=round)
    assert round.runoff_needed and round.runoff_places == 1
    flags = {c.name: (c.votes, c.is_winner, c.in_runoff) for c in round.candidates.all()}
    assert flags == {"项目01": (3, True, False), "项目02": (2, False, True), "项目03": (2, False, True),
                     "项目04": (0, False, False)}

    svc.round_publish(by=world.district_staff, round=round)
    assert [p.candidate.name for p in Project.objects.all()] == ["项目01"]

    runoff = svc.runoff_create(by=world.district_staff, round=round)
    assert (runoff.places, runoff.parent_id, runoff.status) == (1, round.pk, VoteRound.Status.DRAFT)
    assert sorted(runoff.candidates.values_list("name", flat=True)) == ["项目02", "项目03"]
    assert runoff.voters.count() == 4
    slips2 = svc.round_open(by=world.district_staff, round=runoff)
    runoff.refresh_from_db()
    for slip, pick in zip(slips2, [1, 1, 2], strict=False):
        cast(runoff, slip, [pick])
    svc.round_close(by=world.district_staff, round=runoff)
    svc.round_publish(by=world.district_staff, round=runoff)
    projects = Project.objects.order_by("id")
    assert [(p.candidate.name, p.round_id, p.year) for p in projects] == [
        ("项目01", round.pk, 2027), ("项目02", round.pk, 2027)]


def test_all_tied_within_places_all_win(world):
    round, slips = open_round(world, candidates=3, places=2, voters=2)
    cast(round, slips[0], [1, 2])
    cast(round, slips[1], [1, 2])
    round = svc.round_close(by=world.district_staff, round=round)
    assert not round.runoff_needed
    assert list(round.candidates.filter(is_winner=True).values_list("name", flat=True)) == ["项目01", "项目02"]


def test_street_staff_manage_their_street_only(world):
    round = make_round(world, node=world.street_a, by=world.street_staff, candidates=3, places=2)
    assert round.street_id == world.street_a.pk and round.district_id == world.district.pk
    with pytest.raises(PermissionDenied):
        svc.round_create(by=world.street_staff, node=world.district, title="x", year=2027, places=1)
    with pytest.raises(PermissionDenied):
        svc.round_create(by=world.street_staff, node=world.street_b, title="x", year=2027, places=1)
    with pytest.raises(PermissionDenied):
        svc.round_open(by=world.clerk, round=round)
    svc.round_open(by=world.district_staff, round=round)  # district staff oversee their streets


def test_reissue_replaces_unused_code(world):
    round, slips = open_round(world)
    voter = slips[0].voter
    new = svc.credential_reissue(by=world.district_staff, voter=voter)
    with pytest.raises(svc.CodeUnknown):
        cast(round, slips[0], [1])
    cast(round, new, [1])
    with pytest.raises(svc.VoteError, match="already voted"):
        svc.credential_reissue(by=world.district_staff, voter=voter)


def _published_project(world):
    round, slips = open_round(world, candidates=3, places=1, voters=3)
    for slip in slips:
        cast(round, slip, [2])
    svc.round_close(by=world.district_staff, round=round)
    svc.round_publish(by=world.district_staff, round=round)
    round.refresh_from_db()
    return round, Project.objects.get()


def test_project_needs_a_supervising_deputy_before_tracking(world):
    _, project = _published_project(world)
    assert project.candidate.name == "项目02"
    with pytest.raises(svc.VoteError, match="supervising deputy"):
        svc.project_start(by=world.district_staff, project=project)
    svc.project_set_supervisors(by=world.district_staff, project=project, deputies=[world.deputy])
    svc.project_start(by=world.district_staff, project=project)
    svc.progress_record(by=world.deputy_user, project=project, percent=40, spent=Decimal("12000.50"), note="开工")
    project.refresh_from_db()
    assert (project.status, project.percent, project.spent) == ("tracking", 40, Decimal("12000.50"))
    from meetings.selectors_votes import supervised_projects

    assert supervised_projects(world.deputy.pk, 2027) == 1
    assert supervised_projects(world.deputy.pk, 2026) == 0
    assert supervised_projects(world.other_deputy.pk, 2027) == 0
    with pytest.raises(PermissionDenied):
        svc.progress_record(by=world.other_clerk, project=project, percent=50, spent=Decimal(0))


def test_year_end_scoring_once_per_code_and_averages(world):
    from meetings.selectors_votes import score_summary

    round, project = _published_project(world)
    slips = svc.scoring_open(by=world.district_staff, round=round)
    assert len(slips) == 3
    svc.scores_cast(code=slips[0].code, values={project.pk: 3})
    svc.scores_cast(code=slips[1].code, values={project.pk: 2})
    with pytest.raises(svc.CodeUsed):
        svc.scores_cast(code=slips[1].code, values={project.pk: 1})
    with pytest.raises(svc.VoteError):
        svc.scores_cast(code=slips[2].code, values={project.pk: 4})  # three levels: 1..3
    with pytest.raises(svc.CodeUnknown):
        svc.scores_cast(code=svc._fresh_codes(1, Credential)[0], values={project.pk: 3})
    (row,) = score_summary(round)
    assert (row["n"], row["avg"]) == (2, 2.5)


def test_electorate_choices_are_the_rounds_deputies_not_yet_added(world):
    from meetings.selectors_votes import deputies_for_electorate

    street_round = make_round(world, node=world.street_a, by=world.street_staff, candidates=3, places=2, voters=0)
    assert list(deputies_for_electorate(world.street_staff, street_round)) == [world.deputy]
    district_round = make_round(world, candidates=3, places=2, voters=0)
    assert set(deputies_for_electorate(world.district_staff, district_round)) == {world.deputy, world.other_deputy}
    assert svc.voters_add_deputies(by=world.district_staff, round=district_round, deputies=[world.deputy]) == 1
    assert svc.voters_add_deputies(by=world.district_staff, round=district_round, deputies=[world.deputy]) == 0
    assert list(deputies_for_electorate(world.district_staff, district_round)) == [world.other_deputy]
