"""The action-item sweep, walked day by day (helper "delib").

An action item due on 2026-06-10 (set at a meeting on 2026-03-20 at station_a):
remind_30 on 05-11 and remind_7 on 06-03 to the station's clerk; overdue on 06-11 to street staff;
escalate_district on 06-26 to district staff. Each once, however often the sweep runs.
"""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from meetings.models.deliberation import ActionStep
from meetings.services import deliberation
from meetings.sweep import sweep_action_items
from notifications.models import Notification
from tests.meetings.delib_helpers import DUE, deliberated

CN = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=CN)


def sweep(day: dt.date, **kwargs):
    return sweep_action_items(now=at(day), **kwargs)


def recipients(action, step: str, due_on: dt.date = DUE) -> list[str]:
    key = f"action:{action.pk}:{step}:{due_on.isoformat()}"
    return sorted(Notification.objects.filter(key=key).values_list("user__username", flat=True))


@pytest.fixture
def action(world):
    return deliberated(world)[2]


def test_each_step_on_its_day_and_once(world, action):
    assert sum(sweep(dt.date(2026, 5, 10)).steps.values()) == 0

    report = sweep(dt.date(2026, 5, 11))
    assert (report.actions, dict(report.steps), report.notifications) == (1, {"remind_30": 1}, 1)
    assert recipients(action, "remind_30") == ["clerk"]
    again = sweep(dt.date(2026, 5, 11))
    assert (again.actions, sum(again.steps.values()), again.notifications) == (0, 0, 0)

    assert sum(sweep(dt.date(2026, 6, 2)).steps.values()) == 0
    assert dict(sweep(dt.date(2026, 6, 3)).steps) == {"remind_7": 1}
    assert recipients(action, "remind_7") == ["clerk"]
    assert sum(sweep(dt.date(2026, 6, 10)).steps.values()) == 0  # the due day itself is not late

    assert dict(sweep(dt.date(2026, 6, 11)).steps) == {"overdue": 1}
    assert recipients(action, "overdue") == ["street_staff"]
    assert sum(sweep(dt.date(2026, 6, 25)).steps.values()) == 0
    assert dict(sweep(dt.date(2026, 6, 26)).steps) == {"escalate_district": 1}
    assert recipients(action, "escalate_district") == ["district_staff"]

    # Months later nothing more: no supervision rung for action items, nothing repeated.
    assert sum(sweep(dt.date(2026, 9, 1)).steps.values()) == 0
    assert list(ActionStep.objects.filter(action=action).order_by("id").values_list("step", flat=True)) == [
        "remind_30", "remind_7", "overdue", "escalate_district",
    ]
    assert Notification.objects.filter(key__startswith=f"action:{action.pk}:").count() == 4


def test_a_sweep_that_first_runs_late_sends_only_what_is_due(world, action):
    # First run 20 days late: overdue and escalation together, no stale reminders.
    report = sweep(dt.date(2026, 6, 30))
    assert dict(report.steps) == {"overdue": 1, "escalate_district": 1}
    assert sum(sweep(dt.date(2026, 6, 30)).steps.values()) == 0


def test_a_done_item_gets_nothing(world, action):
    with time_machine.travel(at(dt.date(2026, 5, 1)), tick=False):
        deliberation.action_close(by=world.clerk, action=action, note="已修复")
    for day in (dt.date(2026, 5, 11), dt.date(2026, 6, 3), dt.date(2026, 6, 11), dt.date(2026, 6, 26)):
        assert sum(sweep(day).steps.values()) == 0
    assert not ActionStep.objects.exists()


def test_a_moved_due_date_gets_its_own_steps(world, action):
    assert dict(sweep(dt.date(2026, 6, 11)).steps) == {"overdue": 1}
    new_due = dt.date(2026, 7, 15)
    with time_machine.travel(at(dt.date(2026, 6, 12)), tick=False):
        deliberation.action_progress(by=world.clerk, action=action, percent=50, note="延期", due_on=new_due)
    assert dict(sweep(dt.date(2026, 6, 15)).steps) == {"remind_30": 1}
    assert recipients(action, "remind_30", new_due) == ["clerk"]
    # Straight to the day after the new date: overdue only (remind_7's day is past).
    assert dict(sweep(dt.date(2026, 7, 16)).steps) == {"overdue": 1}
    assert recipients(action, "overdue", new_due) == ["street_staff"]
    assert recipients(action, "overdue", DUE) == ["street_staff"]


def test_dry_run_counts_and_writes_nothing(world, action):
    out = StringIO()
    call_command("sweep_action_items", "--dry-run", "--now", "2026-06-11T09:00", stdout=out)
    # The reminders' days have passed unswept: only "overdue" is due.
    assert "Would record 1 steps on 1 action items (overdue: 1)." in out.getvalue()
    assert not ActionStep.objects.exists() and not Notification.objects.exists()
