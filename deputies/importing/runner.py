"""What the Celery tasks run. Plain functions: tests call them directly, with a small batch size.

Both steps are safe to run twice (a redelivered task): each first claims the job with a
conditional update of its status and does nothing when the job has moved on.
Progress (rows done / total) goes to the cache, which web and worker share; a database write
would stay invisible inside the apply transaction until the very end.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from deputies.importing.apply import apply_plan
from deputies.importing.reader import FileError, read_table
from deputies.importing.validate import Plan
from deputies.importing.validate_deputies import DeputyChecker
from deputies.importing.validate_nodes import PointChecker, StationChecker
from deputies.models import ImportJob
from liaison.errors import DomainError

log = logging.getLogger(__name__)

BATCH = 25
MAX_ERRORS_KEPT = 500
PROGRESS_TTL = 24 * 3600
CHECKERS = {
    ImportJob.Kind.STATIONS: StationChecker,
    ImportJob.Kind.POINTS: PointChecker,
    ImportJob.Kind.DEPUTIES: DeputyChecker,
}
Status = ImportJob.Status


class ApplyRefused(Exception):
    """The file no longer passes its checks (the database changed since the preview)."""

    def __init__(self, plan: Plan):
        super().__init__("invalid at apply time")
        self.plan = plan


def _progress_key(job_id: int) -> str:
    return f"liaison:import-progress:{job_id}"


def progress_report(job_id: int, phase: str, done: int, total: int) -> None:
    cache.set(_progress_key(job_id), {"phase": phase, "done": done, "total": total}, PROGRESS_TTL)


def progress_get(job_id: int) -> dict | None:
    return cache.get(_progress_key(job_id))


def check_file(job: ImportJob, *, phase: str, batch: int = BATCH) -> Plan:
    """Read the stored file and check every row, reporting progress every `batch` rows."""
    with job.file.open("rb") as handle:
        data = handle.read()
    table = read_table(data, job.file_format)
    progress_report(job.pk, phase, 0, len(table.rows))
    checker = CHECKERS[job.kind](job.district, table)
    return checker.run(progress=lambda done, total: progress_report(job.pk, phase, done, total), batch=batch)


def _summary(plan: Plan) -> dict:
    return {
        "rows": plan.total,
        "new": plan.new,
        "updated": plan.updated,
        "errors_total": len(plan.errors),
        "preview_headers": plan.preview_headers,
        "preview": plan.preview,
    }


def run_validation(job_id: int, *, batch: int = BATCH) -> None:
    """pending → validating → valid or invalid (or failed, when the file cannot be read at all)."""
    # A job left "validating" by a lost worker may be checked again: checking writes nothing.
    claimed = ImportJob.objects.filter(pk=job_id, status__in=[Status.PENDING, Status.VALIDATING]).update(
        status=Status.VALIDATING, updated_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("district").get(pk=job_id)
    result = {"status": Status.FAILED}
    with translation.override(job.language):
        try:
            plan = check_file(job, phase=Status.VALIDATING, batch=batch)
        except FileError as exc:
            result["errors"] = [{"row": 0, "column": "", "message": str(exc)}]
            result["summary"] = {"errors_total": 1}
            result["status"] = Status.INVALID
        except Exception:
            log.exception("Import %s could not be checked", job_id)
            result["failure_reason"] = _("The file could not be checked because of an internal error.")
        else:
            result = {
                "status": Status.INVALID if plan.errors else Status.VALID,
                "errors": plan.errors[:MAX_ERRORS_KEPT],
                "summary": _summary(plan),
                "total_rows": plan.total,
            }
    ImportJob.objects.filter(pk=job_id, status=Status.VALIDATING).update(
        **result, finished_at=timezone.now(), updated_at=timezone.now()
    )


def run_apply(job_id: int, *, batch: int = BATCH) -> None:
    """applying → done, or failed with nothing written.

    1. claim the job's row (a second copy of this task waits here, then finds it done);
    2. check the file again: the database may have changed since the preview;
    3. write every row through the services, all in this one transaction;
    4. mark it done in the same transaction; on any error everything rolls back and it is marked failed.
    """
    job = ImportJob.objects.filter(pk=job_id, status=Status.APPLYING).select_related("district").first()
    if job is None:
        return
    with translation.override(job.language):
        try:
            with transaction.atomic():
                locked = ImportJob.objects.select_for_update().filter(pk=job_id, status=Status.APPLYING).first()
                if locked is None:
                    return
                # Checked again first (shown as checking), then written (shown as writing).
                plan = check_file(job, phase=Status.VALIDATING, batch=batch)
                if plan.errors:
                    raise ApplyRefused(plan)
                done = 0

                def tick():
                    nonlocal done
                    done += 1
                    if done % batch == 0 or done == plan.total:
                        progress_report(job_id, Status.APPLYING, done, plan.total)

                progress_report(job_id, Status.APPLYING, 0, plan.total)
                counts = apply_plan(plan, district=job.district, by=job.confirmed_by or job.created_by, tick=tick)
                ImportJob.objects.filter(pk=job_id).update(
                    status=Status.DONE,
                    summary={**job.summary, "applied": counts},
                    finished_at=timezone.now(),
                    updated_at=timezone.now(),
                )
        except ApplyRefused as exc:
            _fail(
                job_id,
                _("The data changed since the check; nothing was imported. Upload the file again."),
                errors=exc.plan.errors[:MAX_ERRORS_KEPT],
            )
        except (ValidationError, DomainError, FileError) as exc:
            _fail(job_id, _("Nothing was imported: %(reason)s") % {"reason": _reason(exc)})
        except Exception:
            log.exception("Import %s failed while writing", job_id)
            _fail(job_id, _("Nothing was imported because of an internal error."))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return str(exc)


def _fail(job_id: int, reason: str, errors=None) -> None:
    fields = {"status": Status.FAILED, "failure_reason": reason, "finished_at": timezone.now()}
    if errors is not None:
        fields["errors"] = errors
    ImportJob.objects.filter(pk=job_id, status=Status.APPLYING).update(**fields, updated_at=timezone.now())
