"""Two sweeps at once act once; one sweep over many due cases costs a bounded number of queries."""

import datetime as dt
import threading

import pytest
from django.db import connection

from notifications.models import Notification
from petitions import sweep as sweep_module
from petitions.models import Category, DeadlineStep, Petition, PetitionEvent
from petitions.sweep import sweep_deadlines
from tests.petitions.test_sweep import DUE, at, referred_case


def many_due_cases(world, category, n: int, due_on=DUE) -> list[Petition]:
    """`n` referred cases due on `due_on`, assigned to world.deputy, written directly (fast)."""
    received = at(dt.date(2026, 3, 10))
    return Petition.objects.bulk_create(
        Petition(
            tracking_no=f"LT01-20260301-{i:04d}",
            channel=Petition.Channel.STATION,
            node=world.station_a,
            district=world.district,
            street=world.street_a,
            station=world.station_a,
            resident_name="王小明",
            resident_phone="13812348000",
            category=category,
            content="路灯坏了。",
            status=Petition.Status.REFERRED,
            assigned_deputy=world.deputy,
            received_at=received,
            due_on=due_on,
        )
        for i in range(1, n + 1)
    )


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_from_two_threads_record_each_step_once(world, street_office):
    # A transactional test: the migration-seeded categories may have been flushed by an earlier one.
    category, _ = Category.objects.get_or_create(name="城市管理")
    case = referred_case(world, category, street_office)
    many_due_cases(world, category, 10)
    barrier = threading.Barrier(2)
    reports, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            reports.append(sweep_deadlines(now=at(dt.date(2026, 6, 26))))
        except Exception as error:  # surfaced below; a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    # 11 cases × (overdue, escalate_district), split between the two sweeps however they raced.
    assert sum(sum(r.steps.values()) for r in reports) == 22
    assert DeadlineStep.objects.count() == 22
    assert PetitionEvent.objects.filter(actor_label="system").count() == 22
    # overdue → street_staff; escalate_district → district_staff: one notice each per case.
    assert Notification.objects.filter(kind__in=["case_overdue", "case_escalated"]).count() == 22
    assert sorted(DeadlineStep.objects.filter(petition=case).values_list("step", flat=True)) == [
        "escalate_district",
        "overdue",
    ]


def test_a_sweep_that_read_a_case_before_another_recorded_its_step_sends_nothing(
    world, category, street_office, monkeypatch
):
    """The race without threads: the second sweep read the case as due (before the first one
    committed); its insert finds the step already there, so it writes no event and no notice."""
    case = referred_case(world, category, street_office)
    first = sweep_deadlines(now=at(dt.date(2026, 6, 11)))
    assert dict(first.steps) == {"overdue": 1}

    stale = Petition.objects.filter(pk=case.pk)  # what the second sweep's query saw a moment ago
    monkeypatch.setattr(sweep_module, "due_cases", lambda rules: stale)
    second = sweep_deadlines(now=at(dt.date(2026, 6, 11)))
    assert (second.cases, sum(second.steps.values()), second.notifications) == (1, 0, 0)
    assert DeadlineStep.objects.count() == 1
    assert PetitionEvent.objects.filter(actor_label="system").count() == 1
    assert Notification.objects.filter(key__contains=":overdue:").count() == 1


def test_one_sweep_over_fifty_due_cases_reads_them_in_a_bounded_number_of_queries(
    world, category, django_assert_max_num_queries, django_assert_num_queries
):
    cases = many_due_cases(world, category, 50)
    # Nothing grows with the cases: provisional due dates to confirm (petitions.provisional); the due
    # set's ids; then per batch: savepoint; the batch's cases (locked, with their category); insert the
    # steps; insert the events; the recipients (positions, deputies' logins); notify_many's savepoint,
    # notices, reading them back, deliveries, pending deliveries, release; release.
    with django_assert_max_num_queries(15):
        report = sweep_deadlines(now=at(dt.date(2026, 6, 3)))
    assert (report.cases, dict(report.steps), report.notifications) == (50, {"remind_7": 50}, 100)

    # Nothing new: one query finds no case with a step due and missing, after the provisional one.
    with django_assert_max_num_queries(2):
        report = sweep_deadlines(now=at(dt.date(2026, 6, 5)))
    assert (report.cases, sum(report.steps.values())) == (0, 0)

    # The overdue step for all 50 is one UPDATE, as they share a due date.
    with django_assert_max_num_queries(16):
        report = sweep_deadlines(now=at(dt.date(2026, 6, 11)))
    assert dict(report.steps) == {"overdue": 50}
    assert Petition.objects.filter(pk__in=[c.pk for c in cases], overdue_since=dt.date(2026, 6, 11)).count() == 50


def test_a_dry_run_over_fifty_cases_takes_a_few_queries(world, category, django_assert_max_num_queries):
    many_due_cases(world, category, 50)
    # provisional due dates to confirm; the due set's ids; savepoint; the batch; its recorded steps; release
    with django_assert_max_num_queries(6):
        report = sweep_deadlines(now=at(dt.date(2026, 6, 26)), dry_run=True)
    assert dict(report.steps) == {"overdue": 50, "escalate_district": 50}


def test_batches_cover_more_cases_than_one_batch(world, category, monkeypatch):
    monkeypatch.setattr(sweep_module, "BATCH", 7)
    many_due_cases(world, category, 20)
    report = sweep_deadlines(now=at(dt.date(2026, 6, 3)))
    assert (report.cases, dict(report.steps)) == (20, {"remind_7": 20})
    assert DeadlineStep.objects.count() == 20
