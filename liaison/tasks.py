"""Celery tasks of the liaison app: thin, each calls a plain function that tests call directly."""

from celery import shared_task

from liaison import exports


# Safe to run twice (run_export claims the job by its status first), so a task lost with a worker
# is redelivered rather than dropped.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_export(job_id: int) -> None:
    exports.run_export(job_id)


@shared_task
def sweep_exports() -> None:
    exports.sweep_exports()
