"""The missed-reception sweep, by moving the clock: flags once, notifies once, touches nothing else."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from notifications.models import Notification
from stations import tasks
from stations.models import Reception
from stations.reception_sweep import sweep_missed_receptions
from tests.stations.reception_helpers import make_reception

CN = ZoneInfo("Asia/Shanghai")
S = Reception.Status


def at(day: int, hour: int = 3) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, 0, tzinfo=CN)


@pytest.fixture
def monday(world):
    """A reception on Monday 2026-03-02 at station_a, never logged."""
    return make_reception(world.station_a, world.admin, dt.date(2026, 3, 2))


def status(reception):
    reception.refresh_from_db()
    return reception.status


def test_a_reception_is_missed_only_once_more_than_n_days_have_passed(world, monday):
    # Two days later (Wednesday, even late at night): passed by two days, not more.
    assert sweep_missed_receptions(now=at(4, 23)).flipped == []
    assert status(monday) == S.PLANNED
    # The third day after.
    with time_machine.travel(at(5), tick=False):
        result = sweep_missed_receptions(now=at(5))
    assert result.flipped == [monday.pk]
    assert status(monday) == S.MISSED


def test_the_number_of_days_is_a_setting(world, monday, settings):
    settings.LIAISON_RECEPTION_MISSED_AFTER_DAYS = 5
    assert sweep_missed_receptions(now=at(7)).flipped == []
    assert sweep_missed_receptions(now=at(8)).flipped == [monday.pk]


def test_clerks_and_street_staff_are_notified_once_however_often_it_runs(world, monday):
    with time_machine.travel(at(6), tick=False):
        first = sweep_missed_receptions(now=at(6))
        second = sweep_missed_receptions(now=at(6, 4))
    assert (first.flipped, second.flipped, second.due) == ([monday.pk], [], [])
    notes = Notification.objects.filter(key=f"reception:{monday.pk}:missed")
    assert sorted(notes.values_list("user__username", flat=True)) == ["clerk", "street_staff"]
    assert notes.first().kind == "reception_missed" and "2026-03-02" in notes.first().title
    # The same reception flagged by hand meanwhile and swept again: still one notification each.
    Reception.objects.filter(pk=monday.pk).update(status=S.PLANNED)
    sweep_missed_receptions(now=at(7))
    assert notes.count() == 2


def test_logged_cancelled_and_recent_receptions_are_left_alone(world, monday):
    held = make_reception(world.station_a, world.admin, dt.date(2026, 3, 1))
    cancelled = make_reception(world.station_a, world.admin, dt.date(2026, 2, 27))
    recent = make_reception(world.station_b, world.admin, dt.date(2026, 3, 5))
    Reception.objects.filter(pk=held.pk).update(status=S.HELD)
    Reception.objects.filter(pk=cancelled.pk).update(status=S.CANCELLED)
    assert sweep_missed_receptions(now=at(6)).flipped == [monday.pk]
    assert (status(held), status(cancelled), status(recent)) == (S.HELD, S.CANCELLED, S.PLANNED)


def test_a_dry_run_changes_and_sends_nothing(world, monday):
    result = sweep_missed_receptions(now=at(9), dry_run=True)
    assert (result.due, result.flipped) == ([monday.pk], [])
    assert status(monday) == S.PLANNED and not Notification.objects.exists()


def test_the_command_and_the_task_run_the_same_sweep(world, monday):
    out = StringIO()
    with time_machine.travel(at(9), tick=False):
        call_command("sweep_missed_receptions", "--dry-run", stdout=out)
        assert "1 reception(s) would be marked missed" in out.getvalue()
        assert status(monday) == S.PLANNED
        call_command("sweep_missed_receptions", stdout=out)
        assert status(monday) == S.MISSED
        other = make_reception(world.station_b, world.admin, dt.date(2026, 3, 3))
        assert tasks.sweep_missed() == 1
    assert status(other) == S.MISSED


def test_missed_receptions_show_on_the_staff_and_clerk_pages(world, monday, client_for):
    sweep_missed_receptions(now=at(9))
    for persona, page in (("clerk", "/network/home/clerk/"), ("street_staff", "/network/home/staff/")):
        html = client_for(persona).get(page).content.decode()
        assert 'data-testid="missed-reception"' in html and f"/cases/receptions/{monday.pk}/log/" in html
    assert (
        'data-testid="missed-receptions"' not in client_for("other_clerk").get("/network/home/clerk/").content.decode()
    )
