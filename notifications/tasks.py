"""Celery tasks of the notifications app: thin, each calls a plain function in delivery.py."""

from celery import shared_task
from django.utils import timezone

from notifications import delivery


# Safe to run twice (each claims its row first), so a task lost with a worker is redelivered.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver(delivery_id: int) -> None:
    delivery.deliver(delivery_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver_many(delivery_ids: list[int]) -> None:
    """A sweep's deliveries in one message: each is claimed on its own, so a rerun sends nothing twice."""
    for delivery_id in delivery_ids:
        delivery.deliver(delivery_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def sms_deliver(sms_id: int) -> None:
    delivery.sms_deliver(sms_id)


@shared_task
def deliver_pending() -> None:
    delivery.deliver_pending(now=timezone.now())
