"""Pages of deputies' reports to voters (述职评议).

Staff (under /meetings/reports/): plans, each report's page, scheduling, the report text, printing
one-time codes, closing and publishing. Residents (under /p/meetings/): rating with a code from a
printed slip (no login), and a closed report's published counts.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from liaison import ratelimit
from liaison.errors import DomainError
from meetings import codes
from meetings.forms.reports import CodesForm, PlanCreateForm, PlanDeputiesForm, RatingForm, ReportTextForm, ScheduleForm
from meetings.models import Meeting
from meetings.models.reports import Report, ReportPlan
from meetings.selectors_reports import (
    can_edit_text,
    can_manage_plan,
    can_manage_report,
    can_read_comments,
    meeting_nodes_for,
    plan_candidates,
    plan_get_for_user,
    plan_nodes_for,
    plans_visible_to,
    public_reports,
    report_comments,
    report_get_for_user,
    report_list_for,
    report_result,
)
from meetings.services import reports as services
from meetings.views.common import posted
from stations.access import member_required, staff_required
from stations.forms import apply_errors
from stations.scope import scope_for

PER_PAGE = 50
HOUR = ratelimit.HOUR


def _deny(error: services.NotAllowed):
    raise PermissionDenied(str(error)) from error


# Lists and plans


@member_required
def report_list(request):
    """Plans (staff) and the reports the user may see, newest year first."""
    scope = scope_for(request.user)
    page = Paginator(report_list_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    plans = []
    if scope.is_staff_reader:
        plans = list(plans_visible_to(request.user).select_related("node").order_by("-year", "node__code")[:50])
    context = {"page_obj": page, "plans": plans, "can_plan": plan_nodes_for(request.user).exists()}
    return render(request, "meetings/reports/report_list.html", context)


@staff_required
def report_plan_create(request):
    nodes = list(plan_nodes_for(request.user))
    form = PlanCreateForm(posted(request), nodes=plan_nodes_for(request.user))
    if not nodes:
        raise PermissionDenied
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.plan_create(
                    by=request.user, node=form.cleaned_data["node"], year=form.cleaned_data["year"]
                )
            except services.NotAllowed as error:
                _deny(error)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Plan created with %(count)s suggested deputies. Adjust and confirm it.")
                    % {"count": plan.reports.count()},
                )
                return redirect("meetings:report_plan_detail", pk=plan.pk)
        return render(request, "meetings/reports/plan_create.html", {"form": form}, status=400)
    return render(request, "meetings/reports/plan_create.html", {"form": form})


def _plan_page(request, plan: ReportPlan, *, form=None, status: int = 200):
    reports = list(plan.reports.select_related("deputy", "meeting").order_by("deputy__name", "id"))
    candidates = plan_candidates(plan)
    if form is None:
        form = PlanDeputiesForm(candidates=candidates, initial={"deputies": [r.deputy_id for r in reports]})
    context = {
        "plan": plan,
        "reports": reports,
        "form": form,
        "candidate_count": candidates.count(),
        "can_manage": can_manage_plan(request.user, plan),
    }
    return render(request, "meetings/reports/plan_detail.html", context, status=status)


@staff_required
def report_plan_detail(request, pk: int):
    return _plan_page(request, plan_get_for_user(request.user, pk))


@staff_required
@require_POST
def report_plan_deputies(request, pk: int):
    plan = plan_get_for_user(request.user, pk)
    form = PlanDeputiesForm(request.POST, candidates=plan_candidates(plan))
    if form.is_valid():
        try:
            added, removed = services.plan_set_deputies(
                by=request.user, plan=plan, deputies=form.cleaned_data["deputies"]
            )
        except services.NotAllowed as error:
            _deny(error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Plan saved: %(added)s added, %(removed)s removed.") % {"added": len(added), "removed": len(removed)},
            )
            return redirect("meetings:report_plan_detail", pk=plan.pk)
    return _plan_page(request, plan, form=form, status=400)


@staff_required
@require_POST
def report_plan_confirm(request, pk: int):
    plan = plan_get_for_user(request.user, pk)
    try:
        services.plan_confirm(by=request.user, plan=plan)
    except services.NotAllowed as error:
        _deny(error)
    except (DomainError, ValidationError) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("Plan confirmed. The deputies are asked to write their reports."))
    return redirect("meetings:report_plan_detail", pk=plan.pk)


# One report


def _report_context(request, report: Report) -> dict:
    manage = can_manage_report(request.user, report)
    context = {
        "report": report,
        "can_manage": manage,
        "can_edit_text": can_edit_text(request.user, report),
        "result": report_result(report) if report.is_closed else None,
        "comments": report_comments(report) if report.is_closed and can_read_comments(request.user, report) else None,
    }
    if manage and report.status == Report.Status.RATING_OPEN:
        issued = report.credentials.count()
        context["codes"] = {"issued": issued, "used": report.credentials.filter(used=True).count()}
    return context


@member_required
def report_detail(request, pk: int):
    report = report_get_for_user(request.user, pk)
    return render(request, "meetings/reports/report_detail.html", _report_context(request, report))


def _managed_report(request, pk: int) -> Report:
    report = report_get_for_user(request.user, pk)
    if not can_manage_report(request.user, report):
        raise PermissionDenied
    return report


def _schedule_form(report: Report, data=None) -> ScheduleForm:
    nodes = meeting_nodes_for(report.plan)
    meetings = (
        Meeting.objects.filter(kind=Meeting.Kind.REPORT, node__in=nodes, status=Meeting.Status.PLANNED)
        .exclude(pk=report.meeting_id or 0)
        .select_related("node")
        .order_by("-starts_at")
    )
    initial = {}
    if report.meeting_id:
        initial = {"node": report.meeting.node_id, "starts_at": report.meeting.starts_at, "place": report.meeting.place}
    return ScheduleForm(data, nodes=nodes, meetings=meetings, initial=initial)


@member_required
def report_schedule(request, pk: int):
    report = _managed_report(request, pk)
    form = _schedule_form(report, posted(request))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.report_schedule(
                    by=request.user,
                    report=report,
                    meeting=data["meeting"],
                    node=data["node"],
                    starts_at=data["starts_at"],
                    place=data["place"],
                )
            except services.NotAllowed as error:
                _deny(error)
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The report's meeting is scheduled."))
                return redirect("meetings:report_detail", pk=report.pk)
        return render(request, "meetings/reports/report_schedule.html", {"report": report, "form": form}, status=400)
    return render(request, "meetings/reports/report_schedule.html", {"report": report, "form": form})


@member_required
def report_text(request, pk: int):
    report = report_get_for_user(request.user, pk)
    if not can_edit_text(request.user, report):
        raise PermissionDenied
    form = ReportTextForm(posted(request), initial={"text": report.text})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.report_text_submit(by=request.user, report=report, text=form.cleaned_data["text"])
            except services.NotAllowed as error:
                _deny(error)
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The report text is saved."))
                return redirect("meetings:report_detail", pk=report.pk)
        return render(request, "meetings/reports/report_text.html", {"report": report, "form": form}, status=400)
    return render(request, "meetings/reports/report_text.html", {"report": report, "form": form})


def rating_url(request, code: str) -> str:
    """The absolute address a slip's QR code opens (LIAISON_SITE_URL wins, as for the posters)."""
    path = f"{reverse('meetings_public:report_rating')}?{urlencode({'code': codes.display(code)})}"
    if settings.LIAISON_SITE_URL:
        return settings.LIAISON_SITE_URL + path
    return request.build_absolute_uri(path)


def _qr_svg(url: str) -> str:
    # As the posters (public/qr.py, which meetings may not import): inline SVG, no style attribute (CSP).
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=4, border=4, omitsize=True, svgclass="qr-code", lineclass="qr-line", title=url, dark="#000"
    )


@member_required
@never_cache
def report_codes(request, pk: int):
    """GET: how many codes to issue (the meeting's attendees by default). POST: issue them and show
    the printable slips, once (only digests are kept)."""
    report = _managed_report(request, pk)
    if request.method == "POST":
        form = CodesForm(request.POST)
        if form.is_valid():
            try:
                issued = services.report_codes_issue(by=request.user, report=report, count=form.cleaned_data["count"])
            except services.NotAllowed as error:
                _deny(error)
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                slips = [
                    {"code": codes.display(c), "url": (url := rating_url(request, c)), "svg": _qr_svg(url)}
                    for c in issued
                ]
                response = render(request, "meetings/reports/codes_slips.html", {"report": report, "slips": slips})
                response["Cache-Control"] = "no-store"
                return response
        return render(request, "meetings/reports/report_codes.html", {"report": report, "form": form}, status=400)
    attendees = 0
    if report.meeting_id:
        attendees = report.meeting.attendees.exclude(kind="deputy").count()
    form = CodesForm(initial={"count": attendees or None})
    context = {"report": report, "form": form, "attendees": attendees, "issued": report.credentials.count()}
    return render(request, "meetings/reports/report_codes.html", context)


@member_required
@require_POST
def report_close(request, pk: int):
    report = _managed_report(request, pk)
    try:
        services.report_close(by=request.user, report=report)
    except services.NotAllowed as error:
        _deny(error)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The rating is closed."))
    return redirect("meetings:report_detail", pk=report.pk)


@member_required
@require_POST
def report_publish(request, pk: int):
    report = _managed_report(request, pk)
    public = request.POST.get("public") != "0"
    try:
        services.report_publish(by=request.user, report=report, public=public)
    except services.NotAllowed as error:
        _deny(error)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Results published.") if public else _("Results withdrawn from the public side."))
    return redirect("meetings:report_detail", pk=report.pk)


# Public: rating with a code, published results


def _failures_limit() -> int:
    # Wrong codes only: a whole meeting on the station's Wi-Fi shares one address and must all get through.
    return getattr(settings, "LIAISON_REPORT_CODE_FAILURES_PER_IP_PER_HOUR", 20)


def _failures_key(request) -> str:
    return f"report-code-fail:{ratelimit.client_ip(request)}"


def _blocked(request) -> bool:
    return ratelimit.reached(_failures_key(request), limit=_failures_limit(), window=HOUR)


def _count_failure(request) -> None:
    ratelimit.count(_failures_key(request), window=HOUR)


def _rating_page(request, form, *, report=None, code_error: str = "", status: int = 200):
    context = {"form": form, "report": report, "code_error": code_error}
    return render(request, "meetings/reports/rating.html", context, status=status)


@never_cache
@sensitive_post_parameters("code")
def report_rating(request):
    """A voter rates a report with the code on their slip (the QR code opens this page with it)."""
    if request.GET.get("done"):
        return render(request, "meetings/reports/rating_done.html")
    if _blocked(request):
        if request.method == "POST":  # keep what the voter chose and wrote: they can send it later
            limited = _("Too many wrong codes from this network. Please wait an hour and try again, "
                        "or ask the staff at the meeting for help.")
            return _rating_page(request, RatingForm(request.POST), code_error=limited, status=429)
        return render(request, "meetings/reports/rating_limited.html", status=429)
    if request.method == "POST":
        form = RatingForm(request.POST)
        report = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.rating_cast(code=data["code"], level=data["level"], comment=data["comment"])
            except services.CodeRefused as error:
                if error.wrong:
                    _count_failure(request)
                form.add_error("code", str(error))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(f"{reverse('meetings_public:report_rating')}?done=1")
        elif form.cleaned_data.get("code"):
            report, problem = _report_for_code(request, form.cleaned_data["code"])
            if problem and "code" not in form.errors:
                form.add_error("code", problem)
        return _rating_page(request, form, report=report, status=400)
    code = request.GET.get("code", "")[:20]
    form = RatingForm(initial={"code": code})
    report, problem = _report_for_code(request, code) if code else (None, "")
    return _rating_page(request, form, report=report, code_error=problem)


def _report_for_code(request, code: str) -> tuple[Report | None, str]:
    """The report a code rates (to name the deputy above the form), or why the code cannot rate."""
    try:
        return services.credential_for(code).report, ""
    except services.CodeRefused as error:
        if error.wrong:
            _count_failure(request)
        return None, str(error)


def report_public(request, pk: int):
    """A closed, published report: the deputy's name, the year and the counts. Never the comments."""
    report = get_object_or_404(public_reports().select_related("deputy"), pk=pk)
    return render(request, "meetings/reports/public_result.html", {"report": report, "result": report_result(report)})
