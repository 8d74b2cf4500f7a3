"""Celery tasks of the deputies app: thin, each calls a plain function that tests call directly."""

from celery import shared_task

from deputies.importing import runner


# Both are safe to run twice (each claims the job by its status first), so a task lost with a
# worker is redelivered rather than dropped.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def validate_import(job_id: int) -> None:
    runner.run_validation(job_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def apply_import(job_id: int) -> None:
    runner.run_apply(job_id)
