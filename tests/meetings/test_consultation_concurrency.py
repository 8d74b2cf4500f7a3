"""Certificate numbers stay unique and gapless when staff adopt several opinions at the same instant,
and an opinion decided by two staff at once is decided exactly once (real threads and connections;
run with DATABASE_URL=postgres://… for PostgreSQL's row locks)."""

import threading

import pytest
from django.db import connection

from liaison.errors import DomainError
from meetings.models.consultation import CertificateSequence, Opinion
from meetings.services import consultation as svc
from tests.meetings.consultation_helpers import OPEN_DAY, add_opinion, make_draft

pytestmark = pytest.mark.django_db(transaction=True)


def _run_at_once(n, work):
    barrier = threading.Barrier(n)
    outcomes, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=10)
            outcomes.append(work(i))
        except Exception as error:  # reported by the caller's assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors


def test_adoptions_at_once_get_distinct_consecutive_numbers(world):
    draft = make_draft(world)
    opinions = [add_opinion(world, draft, text=f"意见{i}") for i in range(6)]

    def adopt(i):
        return svc.opinion_decide(
            by=world.district_staff, opinion=opinions[i], decision="adopted", now=OPEN_DAY
        ).certificate_no

    numbers, errors = _run_at_once(6, adopt)
    assert not errors
    assert sorted(numbers) == [f"CN-2026-{n:04d}" for n in range(1, 7)]
    assert CertificateSequence.objects.get(year=2026).last == 6


def test_two_staff_deciding_one_opinion_at_once_decide_it_once(world):
    opinion = add_opinion(world, make_draft(world))

    def decide(i):
        try:
            svc.opinion_decide(
                by=world.district_staff, opinion=Opinion.objects.get(pk=opinion.pk),
                decision="adopted" if i % 2 == 0 else "not_adopted", reason="理由", now=OPEN_DAY,
            )
            return "decided"
        except DomainError:
            return "refused"

    outcomes, errors = _run_at_once(4, decide)
    assert not errors
    assert sorted(outcomes) == ["decided", "refused", "refused", "refused"]
    opinion.refresh_from_db()
    used = CertificateSequence.objects.filter(year=2026).values_list("last", flat=True).first() or 0
    assert used == (1 if opinion.decision == "adopted" else 0)  # no number wasted by the losers
