"""Creating and confirming imports. The work itself runs in a Celery task, enqueued after commit."""

from __future__ import annotations

from functools import partial
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies import tasks
from deputies.importing.reader import FileError, sniff
from deputies.models import ImportJob
from liaison.errors import DomainError
from stations.models import Node

ALLOWED_SUFFIXES = (".xlsx", ".csv")


@transaction.atomic
def import_job_create(*, by, kind: str, district: Node, upload, language: str = settings.LANGUAGE_CODE) -> ImportJob:
    """Store the upload under a random name and queue its check.

    The file is accepted by its content (an XLSX openpyxl opens, or UTF-8/GB18030 CSV text) and its
    size, never by its name or the browser's content type.
    """
    if district.kind != Node.Kind.DISTRICT:
        raise ValidationError({"district": _("Choose a district.")})
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix == ".xls":
        raise ValidationError({"file": _("Old .xls workbooks cannot be read: save the file as .xlsx in Excel.")})
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({"file": _("Upload an .xlsx or .csv file.")})
    max_bytes = settings.LIAISON_IMPORT_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError({"file": _("The file is larger than %(max)s.") % {"max": filesizeformat(max_bytes)}})
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError({"file": _("The file is larger than %(max)s.") % {"max": filesizeformat(max_bytes)}})
    try:
        file_format = sniff(data)
    except FileError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    job = ImportJob(
        kind=kind,
        district=district,
        original_name=(upload.name or "")[:200],
        file_format=file_format,
        language=language,
        created_by=by,
    )
    job.file.save(f"upload.{file_format}", ContentFile(data), save=False)
    job.full_clean()
    job.save()
    transaction.on_commit(partial(tasks.validate_import.delay, job.pk))
    return job


@transaction.atomic
def import_job_confirm(*, by, job: ImportJob) -> None:
    """valid → applying, once: a second click (or a second manager) finds it no longer valid."""
    moved = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.VALID).update(
        status=ImportJob.Status.APPLYING, confirmed_by=by, updated_at=timezone.now()
    )
    if not moved:
        raise DomainError(_("This import cannot be confirmed now: it is not (or no longer) ready."))
    transaction.on_commit(partial(tasks.apply_import.delay, job.pk))
