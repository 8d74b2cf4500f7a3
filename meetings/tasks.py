"""Celery tasks of the meetings app: thin, each calls a plain function."""

from celery import shared_task

from meetings.sweep import sweep_action_items


# Idempotent (each step is recorded once, under a unique constraint): acks_late with reject_on_worker_lost.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_action_items_task() -> dict:
    """Beat's action-item sweep (CELERY_BEAT_SCHEDULE "meetings-action-sweep"); the clock is read here."""
    return sweep_action_items().as_dict()
