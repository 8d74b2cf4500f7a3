"""The liaison app's models: the working-day calendar's local overrides, and export jobs.

China's calendar comes from the `chinesecalendar` package (liaison.workdays); these rows correct it
locally (a local rest day) or fill in a year the package does not cover yet (the State Council's
schedule entered by hand, then the year confirmed). Written only through liaison.workdays services.
ExportJob is a large list export written by a worker (liaison.exports).
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day whose working status is set locally; it wins over the package's calendar."""

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(
        _("working day"), help_text=_("Ticked: a working day (e.g. an adjusted working weekend). Clear: a rest day.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("For example: 国庆节 or 调休上班."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("working day") if self.is_working else _("rest day")
        return f"{self.date:%Y-%m-%d} · {kind}"


class CalendarYear(models.Model):
    """A year whose official schedule is entered as overrides: it counts as covered (Monday–Friday otherwise)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("For example: the notice's number."))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed calendar year")
        verbose_name_plural = _("confirmed calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


def _export_path(instance, filename: str) -> str:
    # Private media under a random name: served only through exports:job_download, to the job's owner.
    return f"exports/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class ExportJob(models.Model):
    """A large export (XLSX/CSV of a list) written by a Celery worker in batches (liaison.exports).

    `query` keeps the list's GET parameters, so the worker re-runs the same filters for the same user;
    `done` / `total` is the progress the job page polls. Files are deleted after
    LIAISON_EXPORT_KEEP_DAYS by a beat task (liaison.tasks.purge_exports).
    """

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        RUNNING = "running", _("Writing the file")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    RUNNING_STATUSES = (Status.PENDING, Status.RUNNING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("list"), max_length=40)
    query = models.TextField(_("filters"), blank=True)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=_export_path, max_length=200, blank=True)
    error = models.TextField(_("problem"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # Touched by every batch: a running job whose row has not moved for a while lost its worker.
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"]), models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.name}.{self.file_format} #{self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING_STATUSES

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0
