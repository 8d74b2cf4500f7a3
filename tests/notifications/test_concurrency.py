"""Two workers at once: each send is claimed by exactly one of them (real threads, real connections)."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications import delivery as d
from notifications.models import Delivery, Notification
from tests import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _in_threads(target, n=2):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def _pending_deliveries(n: int) -> list[int]:
    """Deliveries whose tasks never ran (here notify would send them at once: no transaction to wait for)."""
    for i in range(n):
        user = f.UserFactory(email=f"u{i}@example.cn")
        note = Notification.objects.create(user=user, kind="x", title=f"通知{i}", key=f"k{i}")
        Delivery.objects.create(notification=note, channel="email", address=user.email)
    return list(Delivery.objects.values_list("pk", flat=True))


def test_two_workers_delivering_one_message_send_it_once():
    (pk,) = _pending_deliveries(1)

    assert sorted(_in_threads(lambda: d.deliver(pk))) == [False, True]
    assert len(mail.outbox) == 1


def test_two_sweeps_at_once_send_each_message_once():
    _pending_deliveries(4)
    Delivery.objects.update(updated_at=timezone.now() - timedelta(hours=1))  # their tasks were lost

    _in_threads(lambda: d.deliver_pending(now=timezone.now()))

    assert sorted(m.subject for m in mail.outbox) == ["通知0", "通知1", "通知2", "通知3"]
    assert set(Delivery.objects.values_list("status", "attempts")) == {("sent", 1)}
