"""One ballot per voter when two tries with the same code arrive at the same instant (real threads and
connections; run with DATABASE_URL=postgres://… for PostgreSQL's row locks)."""

import threading

import pytest
from django.db import connection

from meetings.models.votes import Ballot, BallotChoice, Credential
from meetings.services import votes as svc
from tests.meetings.votes_helpers import open_round

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("n_threads", [2, 6])
def test_same_code_at_once_stores_exactly_one_ballot(world, n_threads):
    round, slips = open_round(world, candidates=12, places=10, voters=3)
    ids = list(round.candidates.order_by("order").values_list("pk", flat=True))
    barrier = threading.Barrier(n_threads)
    outcomes, errors = [], []

    def vote(i):
        try:
            barrier.wait(timeout=10)
            svc.ballot_cast(code=slips[0].code, candidate_ids=ids[i: i + 3])
            outcomes.append("cast")
        except svc.CodeUsed:
            outcomes.append("used")
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(n_threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert sorted(outcomes) == ["cast"] + ["used"] * (n_threads - 1)
    assert Ballot.objects.filter(round=round).count() == 1
    assert BallotChoice.objects.filter(ballot__round=round).count() == 3
    assert Credential.objects.filter(round=round, used=True).count() == 1


def test_different_codes_at_once_all_count(world):
    round, slips = open_round(world, candidates=4, places=2, voters=4)
    first = round.candidates.order_by("order").first().pk
    barrier = threading.Barrier(4)
    errors = []

    def vote(i):
        try:
            barrier.wait(timeout=10)
            svc.ballot_cast(code=slips[i].code, candidate_ids=[first])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    round = svc.round_close(by=world.district_staff, round=round)
    assert round.ballots_cast == 4
    assert round.candidates.get(pk=first).votes == 4
