"""Sending at least once, never again once marked sent, and the retry sweep (moved clock)."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from notifications import delivery as d
from notifications import services, tasks
from notifications.models import Delivery, SmsMessage
from tests import factories as f
from tests.notifications.senders import RecordingSmsSender

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 2, 27, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
RETRY = timedelta(minutes=10)  # settings.LIAISON_NOTIFY_RETRY_MINUTES
PHONE = "13812348000"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def _delivery(channels=("email",)) -> Delivery:
    """A pending delivery whose task was never run (as if the broker lost it)."""
    user = f.UserFactory(email="clerk@example.cn")
    services.notify(
        users=[user],
        kind="deadline_reminder",
        title="案件即将到期",
        url="/cases/7/",
        key="case:7:remind_7",
        channels=channels,
        sms_to={user.pk: PHONE},
    )
    return Delivery.objects.get(channel=channels[0])


def test_delivering_twice_sends_once():
    delivery = _delivery()
    assert d.deliver(delivery.pk) is True
    assert d.deliver(delivery.pk) is False

    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.sent_at) == ("sent", 1, T0)


def test_a_delivery_claimed_by_another_worker_is_skipped():
    delivery = _delivery()
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", attempts=1)

    assert d.deliver(delivery.pk) is False
    assert mail.outbox == []
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sending", 1)


def test_a_failed_send_is_recorded_without_personal_data_and_retried_by_the_sweep(settings, _clock):
    settings.LIAISON_SMS_SENDER = "tests.notifications.senders.FailingSmsSender"
    delivery = _delivery(channels=("sms",))
    assert d.deliver(delivery.pk) is False
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("failed", 1, "ConnectionError")

    # Not before the retry interval has passed...
    assert d.deliver_pending(now=T0 + RETRY - timedelta(seconds=1)).deliveries == 0
    # ...then the sweep sends it, through a gateway that works again.
    settings.LIAISON_SMS_SENDER = "tests.notifications.senders.RecordingSmsSender"
    RecordingSmsSender.sent = []
    now = T0 + RETRY + timedelta(seconds=1)
    _clock.move_to(now)
    assert d.deliver_pending(now=now).deliveries == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert RecordingSmsSender.sent == [(PHONE, "案件即将到期")]


def test_the_sweep_re_enqueues_stale_rows_and_not_fresh_ones(_clock):
    stale = _delivery()
    _clock.move_to(T0 + RETRY - timedelta(minutes=1))
    fresh_user = f.UserFactory(email="fresh@example.cn")
    services.notify(users=[fresh_user], kind="x", title="刚刚创建", key="fresh")
    now = T0 + RETRY + timedelta(seconds=1)
    _clock.move_to(now)

    result = d.deliver_pending(now=now)

    assert (result.deliveries, result.sms) == (1, 0)
    assert [m.to for m in mail.outbox] == [["clerk@example.cn"]]
    assert Delivery.objects.get(pk=stale.pk).status == "sent"
    assert Delivery.objects.get(notification__user=fresh_user).status == "pending"


def test_a_worker_killed_after_claiming_is_retried_once_and_then_never_again(_clock):
    delivery = _delivery()
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", attempts=1, updated_at=T0)
    now = T0 + RETRY + timedelta(seconds=1)
    _clock.move_to(now)

    assert d.deliver_pending(now=now).deliveries == 1
    assert d.deliver_pending(now=now + RETRY * 2).deliveries == 0  # sent: the sweep leaves it alone
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_the_sweep_gives_up_after_the_last_attempt(failing_sms, _clock):
    delivery = _delivery(channels=("sms",))
    now = T0
    d.deliver(delivery.pk)
    for attempt in range(1, d.MAX_ATTEMPTS + 1):
        if attempt > 1:
            d.deliver_pending(now=now)
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("failed", attempt)
        now += RETRY + timedelta(seconds=1)
        _clock.move_to(now)

    assert d.deliver_pending(now=now).deliveries == 0
    assert d.deliver(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.attempts == d.MAX_ATTEMPTS


def test_an_sms_to_a_resident_lost_with_its_task_is_sent_by_the_sweep(sms_outbox, _clock):
    sms = services.sms_send(phone=PHONE, text="查询码 LT01-2026-0001", key="petition:1:received")  # no commit: no task
    now = T0 + RETRY + timedelta(seconds=1)
    _clock.move_to(now)

    assert d.deliver_pending(now=now).sms == 1
    assert d.deliver_pending(now=now).sms == 0
    assert sms_outbox == [(PHONE, "查询码 LT01-2026-0001")]
    assert SmsMessage.objects.get(pk=sms.pk).status == "sent"


def test_the_sweep_runs_a_bounded_number_of_queries(django_assert_max_num_queries, _clock):
    for i in range(5):
        services.notify(users=[f.UserFactory(email=f"u{i}@example.cn")], kind="x", title="t", key=f"k{i}")
    now = T0 + RETRY + timedelta(seconds=1)
    _clock.move_to(now)
    # Per model: stale ids, give up the exhausted, hand back interrupted ones (2 × 3); per delivery
    # (eager here): claim, read, mark sent (5 × 3).
    with django_assert_max_num_queries(6 + 5 * 3):
        assert d.deliver_pending(now=now).deliveries == 5


def test_the_command_runs_the_same_sweep_and_its_dry_run_changes_nothing(_clock):
    delivery = _delivery()
    _clock.move_to(T0 + RETRY + timedelta(seconds=1))

    out = StringIO()
    call_command("send_pending_notifications", "--dry-run", stdout=out)
    assert "Would retry 1 notification deliveries and 0 SMS" in out.getvalue()
    assert Delivery.objects.get(pk=delivery.pk).status == "pending"
    assert mail.outbox == []

    call_command("send_pending_notifications", stdout=StringIO())
    assert Delivery.objects.get(pk=delivery.pk).status == "sent"
    assert len(mail.outbox) == 1


def test_the_sweep_is_in_beats_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-retry"]
    assert entry["task"] == tasks.deliver_pending.name == "notifications.tasks.deliver_pending"
    assert entry["schedule"] <= 10 * 60
