"""Celery tasks of the stations app: thin, each calls a plain function that tests call directly."""

from celery import shared_task
from django.utils import timezone

from stations.reception_services import receptions_generate
from stations.reception_sweep import sweep_missed_receptions


# Idempotent (unique rule + date), so a redelivered run creates nothing twice.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def generate_receptions() -> int:
    return receptions_generate().created


# Idempotent (conditional update + one notification key per reception): safe to redeliver.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def sweep_missed() -> int:
    return len(sweep_missed_receptions(now=timezone.now()).flipped)
