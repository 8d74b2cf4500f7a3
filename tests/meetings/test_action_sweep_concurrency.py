"""The action-item sweep under concurrency and at volume (helper "delib"): two sweeps at once act once;
one sweep over many due items costs a bounded number of queries; a stale read sends nothing."""

import datetime as dt
import threading

import pytest
from django.db import connection

from meetings import sweep as sweep_module
from meetings.models.deliberation import ActionItem, ActionStep, Decision
from meetings.sweep import sweep_action_items
from notifications.models import Notification
from petitions.models import Category
from tests.meetings.delib_helpers import DUE, deliberated, street_office
from tests.meetings.test_action_sweep import at


def many_due_items(world, n: int) -> list[ActionItem]:
    meeting, topic, first, _cases = deliberated(world)
    decisions = Decision.objects.bulk_create(Decision(topic=topic, text=f"决定{i}") for i in range(n - 1))
    office = street_office(world)
    ActionItem.objects.bulk_create(
        ActionItem(decision=d, meeting=meeting, owner=office, due_on=DUE) for d in decisions
    )
    return list(ActionItem.objects.all())


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_from_two_threads_record_each_step_once(world):
    # A transactional test: the migration-seeded categories may have been flushed by an earlier one.
    Category.objects.get_or_create(name="城市管理")
    many_due_items(world, 11)
    barrier = threading.Barrier(2)
    reports, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            reports.append(sweep_action_items(now=at(dt.date(2026, 6, 26))))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    # 11 items × (overdue, escalate_district), split between the sweeps however they raced.
    assert sum(sum(r.steps.values()) for r in reports) == 22
    assert ActionStep.objects.count() == 22
    assert Notification.objects.filter(kind__in=["action_overdue", "action_escalated"]).count() == 22


def test_a_sweep_that_read_an_item_before_another_recorded_its_step_sends_nothing(world, monkeypatch):
    (action,) = many_due_items(world, 1)
    assert dict(sweep_action_items(now=at(dt.date(2026, 6, 11))).steps) == {"overdue": 1}
    stale = ActionItem.objects.filter(pk=action.pk)  # what the second sweep's query saw a moment ago
    monkeypatch.setattr(sweep_module, "due_actions", lambda rules: stale)
    second = sweep_action_items(now=at(dt.date(2026, 6, 11)))
    assert (second.actions, sum(second.steps.values()), second.notifications) == (1, 0, 0)
    assert Notification.objects.filter(key__contains=":overdue:").count() == 1


def test_one_sweep_over_fifty_items_takes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    many_due_items(world, 50)
    # the due ids; per batch: savepoint, the items (locked, with meeting, owner, decision), insert the steps,
    # the recipients' positions, notify_many (savepoint, notices, read back, deliveries, pending, release);
    # release.
    with django_assert_max_num_queries(14):
        report = sweep_action_items(now=at(dt.date(2026, 6, 3)))
    assert (report.actions, dict(report.steps), report.notifications) == (50, {"remind_7": 50}, 50)
    with django_assert_max_num_queries(1):
        report = sweep_action_items(now=at(dt.date(2026, 6, 5)))
    assert report.actions == 0


def test_batches_cover_more_items_than_one_batch(world, monkeypatch):
    monkeypatch.setattr(sweep_module, "BATCH", 7)
    many_due_items(world, 20)
    report = sweep_action_items(now=at(dt.date(2026, 6, 3)))
    assert (report.actions, dict(report.steps)) == (20, {"remind_7": 20})
