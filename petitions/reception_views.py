"""The reception logging page (/cases/receptions/<pk>/log/) and its in-page parts.

One page, no full reloads: attendance buttons, "add another issue", the autosaved draft and photos
answer htmx with a fragment; without JavaScript the same URLs redirect back to the page. Only the
submit is a plain POST (multipart: it carries each issue's files): invalid → the page again with
every field as typed, the files to choose again, and status 400; valid → the cases are created and
the page shows their tracking numbers.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from liaison.errors import DomainError
from petitions import reception_log as service
from petitions.models import ReceptionPhoto
from petitions.reception_forms import (
    AttendanceForm,
    LogForm,
    PhotoForm,
    draft_from_post,
    initial_from_draft,
    issue_formset,
    new_row_key,
)
from stations.forms import apply_errors
from stations.models import Reception
from stations.scope import Role, scope_for

LOGGER_ROLES = {Role.ADMIN, Role.DISTRICT_STAFF, Role.STREET_STAFF, Role.CLERK}
RECENT_DAYS = 60


def logger_required(view):
    """Station clerks and committee staff; a deputy or a user without a role gets 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not scope_for(request.user).roles & LOGGER_ROLES:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _back(reception):
    return redirect("petitions:reception_log", pk=reception.pk)


@require_GET
@logger_required
def reception_todo(request):
    """Today's and recent reception days to log (and those logged), newest first."""
    today = timezone.localdate()
    receptions = (
        service.receptions_loggable_by(request.user)
        .filter(date__lte=today, date__gte=today - dt.timedelta(days=RECENT_DAYS))
        .exclude(status=Reception.Status.CANCELLED)
        .select_related("node")
        .order_by("-date", "-start_time", "-pk")
    )
    page = Paginator(receptions, 30).get_page(request.GET.get("page"))
    return render(request, "petitions/reception_list.html", {"page_obj": page, "today": today})


def _page(request, reception, *, log_form=None, formset=None, status=200):
    log = service.log_of(reception)
    if log_form is None or formset is None:
        log_initial, rows = initial_from_draft(log.draft if log else {})
        log_form = LogForm(initial=log_initial)
        formset = issue_formset(reception, rows=rows)
    duties = list(service.duties_of(reception))
    context = {
        "reception": reception,
        "log": log,
        "log_form": log_form,
        "formset": formset,
        "duties": duties,
        "photos": list(log.photos.all()) if log else [],
        "photo_form": PhotoForm(),
        "cases": list(service.cases_of(reception)) if reception.status == Reception.Status.HELD else [],
        "can_log": reception.status in service.LOGGABLE and reception.date <= timezone.localdate(),
        "max_files": service.MAX_FILES_PER_LOG,
    }
    return render(request, "petitions/reception_log.html", context, status=status)


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
@logger_required
def reception_log(request, pk):
    reception = service.reception_get_for_logging(request.user, pk)
    if request.method == "GET":
        return _page(request, reception)

    log_form = LogForm(request.POST)
    formset = issue_formset(reception, data=request.POST, files=request.FILES)
    if reception.status in service.LOGGABLE:
        # Whatever happens next, what was typed is kept.
        service.reception_log_save_draft(reception=reception, by=request.user, draft=draft_from_post(request.POST))
    if log_form.is_valid() and formset.is_valid():
        try:
            cases = service.reception_log_submit(
                reception=reception,
                by=request.user,
                residents_received=log_form.cleaned_data["residents_received"],
                notes=log_form.cleaned_data["notes"],
                issues=formset.issues(),
            )
        except ValidationError as error:
            apply_errors(log_form, error)
        except DomainError as error:
            log_form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Reception logged: %(n)d cases created.") % {"n": len(cases)}
                if cases
                else _("Reception logged; no issues were raised."),
            )
            return _back(reception)
    if request.FILES:
        log_form.add_error(None, _("Nothing was saved. Please choose the files again: a browser does not keep them."))
    reception.refresh_from_db()
    return _page(request, reception, log_form=log_form, formset=formset, status=400)


@sensitive_post_parameters()
@require_POST
@logger_required
def reception_log_draft(request, pk):
    """Autosave (htmx, every change) and the page's last-chance save when it is left (sendBeacon)."""
    reception = service.reception_get_for_logging(request.user, pk)
    try:
        log = service.reception_log_save_draft(
            reception=reception, by=request.user, draft=draft_from_post(request.POST)
        )
    except DomainError as error:
        if not request.htmx:
            messages.error(request, str(error))
            return _back(reception)
        return render(request, "petitions/reception_log_draft_status.html", {"error": str(error)}, status=409)
    if not request.htmx:
        return _back(reception)
    return render(request, "petitions/reception_log_draft_status.html", {"log": log})


@sensitive_post_parameters()
@require_POST
@logger_required
def reception_log_rows(request, pk):
    """ "Add another issue" or "remove" a row: the draft is saved with the change, the rows re-drawn."""
    reception = service.reception_get_for_logging(request.user, pk)
    draft = draft_from_post(request.POST)
    rows = draft["issues"]
    remove = request.POST.get("remove", "")
    if remove.isdigit() and int(remove) < len(rows):
        rows.pop(int(remove))
    elif len(rows) < service.MAX_ISSUES:
        rows.append({"key": new_row_key()})
    try:
        service.reception_log_save_draft(reception=reception, by=request.user, draft=draft)
    except DomainError as error:  # logged meanwhile (another tab, a colleague): show the page as it is
        messages.error(request, str(error))
        if request.htmx:
            return HttpResponseClientRedirect(reverse("petitions:reception_log", args=[reception.pk]))
        return _back(reception)
    if not request.htmx:
        return _back(reception)
    formset = issue_formset(reception, rows=rows)
    return render(request, "petitions/reception_log_issues.html", {"reception": reception, "formset": formset})


@require_POST
@logger_required
def reception_attendance(request, pk, duty_pk):
    reception = service.reception_get_for_logging(request.user, pk)
    duty = get_object_or_404(reception.duties.select_related("deputy", "reception"), pk=duty_pk)
    form = AttendanceForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            duty = service.reception_attendance_set(
                duty=duty, attendance=form.cleaned_data["attendance"], by=request.user
            )
        except (ValidationError, DomainError) as exc:
            error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    else:
        error = _("Choose present, late or absent.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        return _back(reception)
    context = {"reception": reception, "duty": duty, "error": error, "can_mark": True}
    return render(request, "petitions/reception_duty_row.html", context, status=400 if error else 200)


@require_POST
@logger_required
def reception_photo_add(request, pk):
    reception = service.reception_get_for_logging(request.user, pk)
    form = PhotoForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        try:
            service.reception_photo_add(reception=reception, upload=form.cleaned_data["photo"], by=request.user)
            form = PhotoForm()
        except ValidationError as error:
            apply_errors(form, error)
            status = 400
        except DomainError as error:
            form.add_error(None, str(error))
            status = 400
    else:
        status = 400
    if not request.htmx:
        for error in form.errors.get("photo", []) + form.non_field_errors():
            messages.error(request, error)
        return _back(reception)
    log = service.log_of(reception)
    context = {"reception": reception, "photos": list(log.photos.all()) if log else [], "photo_form": form}
    return render(request, "petitions/reception_log_photos.html", context, status=status)


@require_GET
@logger_required
def reception_photo(request, pk):
    """A photo, only to those who may log its reception; never at a public URL."""
    photo = get_object_or_404(
        ReceptionPhoto.objects.filter(log__reception__in=service.receptions_loggable_by(request.user)), pk=pk
    )
    response = FileResponse(photo.file.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
