"""Two assessors at once (real threads and connections; run with DATABASE_URL=postgres://… for
PostgreSQL's row locks): one assessment row per station and quarter, one submit wins, a quarter is
published once."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from performance import assessment as svc
from performance.models.assessment import Assessment, ItemScore
from tests.performance.assessment_helpers import assess, items, make_checklist

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(n, work):
    barrier = threading.Barrier(n)
    outcomes, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=10)
            outcomes.append(work(i))
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # reported by the assertion in the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(map(str, outcomes)), errors


def test_two_first_saves_make_one_assessment(world):
    checklist = make_checklist(world)
    users = [world.street_staff, world.district_staff]

    def save(i):
        scores = {item.pk: (Decimal(i + 1), "") for item in items(checklist)}
        svc.assessment_save(by=users[i], station=world.station_a, year=2026, quarter=1, scores=scores, submit=False)
        return "saved"

    outcomes, errors = _at_once(2, save)
    assert not errors, errors
    assert outcomes == ["saved", "saved"]
    assert Assessment.objects.count() == 1
    # One assessor's scores, whole: never a mix of both.
    assert set(ItemScore.objects.values_list("score", flat=True)) in ({Decimal(1)}, {Decimal(2)})
    assert ItemScore.objects.count() == 3


def test_two_submits_one_wins(world):
    checklist = make_checklist(world)
    assess(world, world.station_a, checklist, 1, [1, 1, 1], status=Assessment.Status.DRAFT)

    def submit(i):
        scores = {item.pk: (Decimal(i + 2), "") for item in items(checklist)}
        svc.assessment_save(by=world.district_staff, station=world.station_a, year=2026, quarter=1, scores=scores,
                            submit=True)
        return "submitted"

    outcomes, errors = _at_once(2, submit)
    assert not errors, errors
    assert outcomes == ["refused", "submitted"]
    assert Assessment.objects.get().status == Assessment.Status.SUBMITTED


def test_publishing_twice_at_once_publishes_each_once(world):
    checklist = make_checklist(world)
    assess(world, world.station_a, checklist, 2, [9, 4, 5])
    assess(world, world.station_b, checklist, 2, [6, 3, 3])

    def publish(_i):
        return svc.assessments_publish(by=world.district_staff, district=world.district, year=2026, quarter=2)

    outcomes, errors = _at_once(2, publish)
    assert not errors, errors
    assert outcomes == ["0", "2"]
    assert Assessment.objects.filter(status=Assessment.Status.PUBLISHED).count() == 2
