"""Notifications sent by a real Celery worker process, not eagerly in this process."""

import pytest

from notifications import services
from notifications.models import Delivery, SmsMessage
from tests import factories as f
from tests.integration.conftest import celery_worker  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PHONE = "13812348000"


def _sent(model, **lookup):
    def check():
        return model.objects.filter(status="sent", **lookup).exists()

    return check


def test_a_worker_sends_the_email_and_sms_after_the_commit(celery_worker):  # noqa: F811
    user = f.UserFactory(username="worker-clerk", email="clerk@example.cn")
    # Outside any transaction here, so the tasks are published at once.
    services.notify(
        users=[user],
        kind="case_assigned",
        title="新案件已分派",
        url="/cases/1/",
        key="case:1:assigned",
        channels=("email", "sms"),
        sms_to={user.pk: PHONE},
    )
    services.sms_send(phone="13900001111", text="查询码 LT01-2026-0001", key="petition:1:received")

    celery_worker.wait_for(_sent(Delivery, channel="email"), "the worker to send the email")
    celery_worker.wait_for(_sent(Delivery, channel="sms"), "the worker to send the SMS")
    celery_worker.wait_for(_sent(SmsMessage, key="petition:1:received"), "the worker to SMS the resident")
    log = celery_worker.output()
    assert "notifications.tasks.deliver" in log and "notifications.tasks.sms_deliver" in log
    assert "138****8000" in log and "139****1111" in log  # the logging gateway, phone masked
    assert PHONE not in log and "13900001111" not in log
