"""Export pages: a list as XLSX/CSV, the background jobs for large ones, and "my exports".

An export answers at once up to LIAISON_EXPORT_SYNC_MAX_ROWS rows (CSV streamed). A larger one
shows a page asking to prepare the file in the background (a GET never starts work); its POST
queues an ExportJob and leads to the job's page, whose progress htmx polls. Jobs and their files
are their owner's only: anyone else gets a 404. Who may export a list is the list's own rule
(the registered `allowed`, a 403 like the list); which rows, the list's own selector.
"""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from liaison import exports
from liaison.models import ExportJob

log = logging.getLogger(__name__)
MY_JOBS_SHOWN = 50


def _spec_or_404(name: str, fmt: str) -> exports.ExportSpec:
    spec = exports.get_spec(name)
    if spec is None or fmt not in exports.FORMATS:
        raise Http404
    return spec


def _private(response):
    # Personal data: no shared cache, no copy kept by the browser's cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def export(request, name: str, fmt: str):
    """GET: the file (small lists) or the page offering a background job (large ones). POST: queue the job."""
    spec = _spec_or_404(name, fmt)
    if not spec.allowed(request.user):
        raise PermissionDenied
    if request.method == "POST":
        job = exports.export_job_create(
            by=request.user, name=name, fmt=fmt, params=request.GET, language=request.LANGUAGE_CODE
        )
        return redirect("exports:job", pk=job.pk)
    params = exports.filter_params(request.GET)
    queryset, _filterset = spec.queryset(request.user, params)
    count = queryset.count()
    if count > exports.sync_max_rows():
        context = {"spec": spec, "fmt": fmt, "count": count, "query": params.urlencode(), "name": name}
        return render(request, "exports/export_confirm.html", context)
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_stream(spec, queryset, request.user), content_type=exports.CONTENT_TYPES["csv"]
        )
    else:
        body = exports.xlsx_bytes(spec, queryset, request.user)
        response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, exports.file_name(spec, fmt, timezone.now()))
    # Who took which personal data out, and when (a job keeps its own row; a direct download only this).
    # Filter names only: a search may be a resident's phone number.
    log.info("Export %s.%s of %d rows by user %s, filters %s", name, fmt, count, request.user.pk, sorted(params))
    return _private(response)


def _own_job(request, pk: int) -> ExportJob:
    job = get_object_or_404(ExportJob, pk=pk, user=request.user)
    return _titled(job)


def _titled(job: ExportJob) -> ExportJob:
    spec = exports.get_spec(job.name)
    job.title = spec.title if spec else job.name
    return job


@login_required
@require_GET
def job_list(request):
    jobs = [_titled(job) for job in ExportJob.objects.filter(user=request.user)[:MY_JOBS_SHOWN]]
    return render(request, "exports/job_list.html", {"jobs": jobs, "keep_days": exports.keep_days()})


@login_required
@require_GET
def job_detail(request, pk: int):
    return render(request, "exports/job_detail.html", {"job": _own_job(request, pk), "keep_days": exports.keep_days()})


@login_required
@require_GET
def job_status(request, pk: int):
    """The job's changing part, polled by htmx every second while it runs."""
    return render(request, "exports/job_body.html", {"job": _own_job(request, pk), "keep_days": exports.keep_days()})


@login_required
@require_GET
def job_download(request, pk: int):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    spec = exports.get_spec(job.name)
    if spec is None:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=exports.file_name(spec, job.file_format, job.created_at),
        content_type=exports.CONTENT_TYPES[job.file_format],
    )
    return _private(response)
