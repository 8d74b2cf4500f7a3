"""Import pages: upload, templates to download, a job's progress, preview and confirmation.

Thin: a form parses, one service call, render or redirect. The checking and writing run in
Celery tasks (deputies.tasks); these pages only read the job and its progress.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deputies.import_forms import ImportUploadForm
from deputies.importing.columns import COLUMNS, TEMPLATE_NAMES
from deputies.importing.runner import progress_get
from deputies.importing.selectors import import_job_get_for_user, import_jobs_visible_to
from deputies.importing.services import import_job_confirm, import_job_create
from deputies.importing.template_files import template_csv, template_xlsx
from deputies.models import ImportJob
from liaison.errors import DomainError
from stations.access import manager_required

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@manager_required
def import_start(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = import_job_create(
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    district=form.cleaned_data["district"],
                    upload=form.cleaned_data["file"],
                    language=request.LANGUAGE_CODE,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect("deputies:import_job", pk=job.pk)
        status = 400
    jobs = import_jobs_visible_to(request.user).select_related("district", "created_by")[:20]
    kinds = [{"value": k, "label": label, "columns": COLUMNS[k]} for k, label in ImportJob.Kind.choices]
    return render(request, "deputies/import_start.html", {"form": form, "jobs": jobs, "kinds": kinds}, status=status)


@manager_required
def import_template(request, kind: str, fmt: str):
    if kind not in ImportJob.Kind.values or fmt not in CONTENT_TYPES:
        raise Http404
    body = template_xlsx(kind) if fmt == "xlsx" else template_csv(kind)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{TEMPLATE_NAMES[kind]}.{fmt}")
    return response


def _job_context(request, pk: int) -> dict:
    job = import_job_get_for_user(request.user, pk)
    progress = progress_get(job.pk) if job.is_running else None
    return {"job": job, "progress": progress, "Status": ImportJob.Status}


@manager_required
def import_job(request, pk: int):
    return render(request, "deputies/import_job.html", _job_context(request, pk))


@manager_required
def import_job_status(request, pk: int):
    """The job's changing part, polled by htmx every second while the job runs."""
    return render(request, "deputies/import_job_body.html", _job_context(request, pk))


@manager_required
@require_POST
def import_job_confirm_view(request, pk: int):
    job = import_job_get_for_user(request.user, pk)
    try:
        import_job_confirm(by=request.user, job=job)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Import confirmed: the rows are being written."))
    return redirect("deputies:import_job", pk=job.pk)
