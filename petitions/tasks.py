"""Celery tasks of the petitions app: thin, each calls a plain function."""

from celery import shared_task

from petitions.sweep import sweep_deadlines


# Idempotent (each step is recorded once, under a unique constraint), so a sweep lost with a
# worker may simply run again: acks_late with reject_on_worker_lost.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_deadlines_task() -> dict:
    """Beat's deadline sweep (CELERY_BEAT_SCHEDULE); the clock is read here, at the top."""
    return sweep_deadlines().as_dict()
