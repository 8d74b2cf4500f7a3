"""Exports of every list to XLSX and CSV: the registry, the writers and the background job.

Each app registers its lists in its AppConfig.ready() (petitions/exports.py, stations/exports.py,
deputies/exports.py); liaison imports nothing from the apps. An export re-runs the list's own
selector and FilterSet on the same GET parameters for the same user, so its rows are exactly the
list's rows (all pages, in the list's order).

Up to LIAISON_EXPORT_SYNC_MAX_ROWS rows are written in the request (CSV streamed); more become an
ExportJob that a Celery worker writes in batches, updating `done` after each batch for the job
page's progress bar. Files are private media, served only to the job's owner, and deleted after
LIAISON_EXPORT_KEEP_DAYS by the sweep beat runs (sweep_exports).

Cells: strings are always written as text (an XLSX cell never becomes a formula; a CSV cell that a
spreadsheet would read as a formula gets a leading apostrophe, OWASP's advice on CSV injection).
CSV is UTF-8 with a BOM so that Excel opens Chinese correctly.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.models import ExportJob

log = logging.getLogger(__name__)

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# A running job whose row has not moved for this long lost its worker: the sweep queues it again.
STALE_AFTER = timedelta(minutes=10)
# GET parameters that change the page shown, not the rows: left out of a job's stored filters.
_NOT_FILTERS = ("page",)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sync_max_rows() -> int:
    return getattr(settings, "LIAISON_EXPORT_SYNC_MAX_ROWS", 2000)


def batch_rows() -> int:
    return getattr(settings, "LIAISON_EXPORT_BATCH_ROWS", 500)


def keep_days() -> int:
    return getattr(settings, "LIAISON_EXPORT_KEEP_DAYS", 7)


# The registry


@dataclass(frozen=True)
class ExportSpec:
    """One exportable list.

    queryset(user, params) → (queryset, filterset or None): the list's rows for that user and those
    GET parameters, ordered as the list orders them, with select_related / prefetch_related so that
    writing a batch costs a constant number of queries.
    row(obj, user) → list of cell values (str, int, date, datetime, None), one per column, showing
    personal data exactly as the list does (phones masked).
    allowed(user) → bool: who may open the list at all (others get a 403, as on the list).
    """

    name: str
    title: str  # lazy: the file and sheet name, in the user's language
    columns: tuple
    queryset: Callable
    row: Callable
    allowed: Callable

    def headers(self) -> list[str]:
        return [str(column) for column in self.columns]


_REGISTRY: dict[str, ExportSpec] = {}


def register(name: str, *, title, columns, queryset, row, allowed) -> ExportSpec:
    """Called from an AppConfig.ready(); registering a name again replaces it."""
    spec = ExportSpec(name=name, title=title, columns=tuple(columns), queryset=queryset, row=row, allowed=allowed)
    _REGISTRY[name] = spec
    return spec


def get_spec(name: str) -> ExportSpec | None:
    return _REGISTRY.get(name)


def filter_params(params: QueryDict) -> QueryDict:
    """The list's GET parameters without the page number (an export covers every page)."""
    params = params.copy()
    for key in _NOT_FILTERS:
        params.pop(key, None)
    return params


# Writers


def sheet_title(title: str) -> str:
    """A valid Excel sheet name: at most 31 characters, none of []:*?/\\, not blank."""
    cleaned = _SHEET_FORBIDDEN.sub(" ", str(title)).strip().strip("'")
    return cleaned[:31] or "Sheet1"


def file_name(spec: ExportSpec, fmt: str, when: datetime) -> str:
    stamp = timezone.localtime(when)
    return f"{spec.title}-{stamp:%Y%m%d-%H%M}.{fmt}"


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return f"{value:%H:%M}"
    text = str(value)
    if not isinstance(value, int | float) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


class _Echo:
    """csv.writer's file: each written line is returned instead of stored (streaming)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The BOM and the header line, then one line per row."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(headers)
    for values in rows:
        yield writer.writerow([_csv_text(value) for value in values])


def write_csv(handle, headers: list[str], rows: Iterable[list]) -> None:
    """Into a binary file."""
    for line in csv_lines(headers, rows):
        handle.write(line.encode("utf-8"))


def write_xlsx(handle, title: str, headers: list[str], rows: Iterable[list]) -> None:
    """A write-only workbook (rows go to disk as they come, so memory stays flat); strings stay text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    bold = Font(bold=True)

    def cell(value, **style):
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters pasted in would fail the file
        item = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            item.data_type = "s"  # "=…" stays text, never a formula
        for key, val in style.items():
            setattr(item, key, val)
        return item

    sheet.append([cell(header, font=bold) for header in headers])
    for values in rows:
        sheet.append([cell(value) for value in values])
    workbook.save(handle)


def iter_rows(spec: ExportSpec, queryset: QuerySet, user, *, batch: int, on_batch=None) -> Iterator[list]:
    """The rows in batches of `batch` objects (iterator with chunk_size: prefetches run per batch);
    `on_batch(done)` after each full batch and at the end."""
    done = 0
    for obj in queryset.iterator(chunk_size=batch):
        yield spec.row(obj, user)
        done += 1
        if on_batch and done % batch == 0:
            on_batch(done)
    if on_batch and done % batch:
        on_batch(done)


def xlsx_bytes(spec: ExportSpec, queryset: QuerySet, user) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, str(spec.title), spec.headers(), iter_rows(spec, queryset, user, batch=batch_rows()))
    return buffer.getvalue()


def csv_stream(spec: ExportSpec, queryset: QuerySet, user) -> Iterator[str]:
    """Lines for a StreamingHttpResponse; rows are read as the response is sent, in the request's language."""
    language = translation.get_language()
    headers = spec.headers()

    def generate():
        with translation.override(language):
            yield from csv_lines(headers, iter_rows(spec, queryset, user, batch=batch_rows()))

    return generate()


# Jobs: a service to create one, the runner the Celery task calls, and the sweep beat calls.


@transaction.atomic
def export_job_create(*, by, name: str, fmt: str, params: QueryDict, language: str) -> ExportJob:
    """Queue a background export of a list; the same export already on its way is returned instead."""
    spec = get_spec(name)
    if spec is None or fmt not in FORMATS:
        raise ValueError(f"unknown export {name}.{fmt}")
    if not spec.allowed(by):
        raise PermissionDenied
    query = filter_params(params).urlencode()
    running = ExportJob.objects.filter(
        user=by, name=name, file_format=fmt, query=query, status__in=ExportJob.RUNNING_STATUSES
    ).first()
    if running is not None:
        return running
    job = ExportJob(user=by, name=name, file_format=fmt, query=query, language=language)
    job.full_clean()
    job.save()
    _enqueue(job.pk)
    log.info("Export %s.%s queued for user %s (job %s)", name, fmt, by.pk, job.pk)
    return job


def _enqueue(job_id: int) -> None:
    from liaison import tasks  # tasks imports this module

    transaction.on_commit(partial(tasks.run_export.delay, job_id))


def _set(job_id: int, *, only_status: str | None = None, **fields) -> int:
    queryset = ExportJob.objects.filter(pk=job_id)
    if only_status:
        queryset = queryset.filter(status=only_status)
    return queryset.update(updated_at=timezone.now(), **fields)


def run_export(job_id: int, *, batch: int | None = None) -> None:
    """pending → running → done (or failed). Safe to run twice (a redelivered task).

    1. claim the job: pending, or running but silent for STALE_AFTER (its worker was lost);
    2. check the user may still export this list, and count the rows (the total for the progress bar);
    3. write the file to a temporary file in batches, saving `done` after each batch;
    4. store it under private media and mark the job done, only if it is still ours to finish
       (a second copy that finishes later deletes its own file).
    """
    batch = batch or batch_rows()
    now = timezone.now()
    claimable = Q(status=ExportJob.Status.PENDING) | Q(
        status=ExportJob.Status.RUNNING, updated_at__lt=now - STALE_AFTER
    )
    claimed = (
        ExportJob.objects.filter(claimable, pk=job_id)
        .update(status=ExportJob.Status.RUNNING, done=0, error="", updated_at=now)
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    running = ExportJob.Status.RUNNING
    with translation.override(job.language):
        spec = get_spec(job.name)
        if spec is None or not job.user.is_active or not spec.allowed(job.user):
            _set(job_id, only_status=running, status=ExportJob.Status.FAILED, finished_at=timezone.now(),
                 error=_("You may no longer export this list."))
            return
        try:
            queryset, _filterset = spec.queryset(job.user, QueryDict(job.query))
            total = queryset.count()
            _set(job_id, total=total)
            written = [0]

            def progress(done: int) -> None:
                written[0] = done
                _set(job_id, only_status=running, done=done)

            rows = iter_rows(spec, queryset, job.user, batch=batch, on_batch=progress)
            with tempfile.TemporaryFile() as handle:
                if job.file_format == "xlsx":
                    write_xlsx(handle, str(spec.title), spec.headers(), rows)
                else:
                    write_csv(handle, spec.headers(), rows)
                handle.seek(0)
                job.file.save(f"export.{job.file_format}", File(handle), save=False)
        except Exception:
            log.exception("Export job %s failed", job_id)
            problem = _("The file could not be written because of an internal error. Try again, or narrow the filters.")
            _set(job_id, only_status=running, status=ExportJob.Status.FAILED, finished_at=timezone.now(), error=problem)
            return
        # Rows added or removed since the count: the file has what was written.
        if not _set(job_id, only_status=running, status=ExportJob.Status.DONE, file=job.file.name,
                    total=written[0], done=written[0], finished_at=timezone.now()):
            job.file.storage.delete(job.file.name)  # another copy of the task finished first


def sweep_exports(*, now: datetime | None = None, dry_run: bool = False) -> dict:
    """What beat runs: queue again the jobs whose message or worker was lost; delete jobs (and their
    files) older than LIAISON_EXPORT_KEEP_DAYS. Safe to run twice: run_export claims a job once."""
    now = now or timezone.now()
    lost = ExportJob.objects.filter(
        Q(status=ExportJob.Status.PENDING, created_at__lt=now - STALE_AFTER)
        | Q(status=ExportJob.Status.RUNNING, updated_at__lt=now - STALE_AFTER)
    ).values_list("pk", flat=True)
    old = ExportJob.objects.filter(created_at__lt=now - timedelta(days=keep_days()))
    old_jobs = list(old.only("pk", "file"))
    old_ids = {job.pk for job in old_jobs}
    lost_ids = [pk for pk in lost if pk not in old_ids]  # an old job is deleted, not run again
    if dry_run:
        return {"requeued": len(lost_ids), "deleted": len(old_jobs)}
    from liaison import tasks

    for job_id in lost_ids:
        tasks.run_export.delay(job_id)
    deleted = 0
    for job in old_jobs:
        if job.file:
            job.file.storage.delete(job.file.name)
        deleted += ExportJob.objects.filter(pk=job.pk).delete()[0]
    return {"requeued": len(lost_ids), "deleted": deleted}
