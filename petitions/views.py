"""Case pages: the list, staff entry, a deputy's snapshot report, the case with its timeline,
attachments, and the deputy's "my cases" home.

Thin: a form parses, one service writes, the page renders or redirects. Cases come from
petitions.selectors (outside the user's scope: 404); a role that may not act gets a 403.
Residents' phones are whole only for the station's clerk and committee staff; masked in lists.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from deputies.selectors import deputy_get_for_user, upcoming_duties
from liaison.errors import DomainError
from petitions import attachments as files
from petitions import labels, rules, services, workflow
from petitions.filters import CaseFilter, sort_cases
from petitions.forms import AttachForm, CaseEntryForm, SnapshotForm
from petitions.models import Attachment, Petition
from petitions.selectors import petition_get_for_user, petitions_visible_to, timeline
from stations.access import member_required
from stations.forms import apply_errors
from stations.scope import scope_for

LIST_PAGE_SIZE = 25
MY_OPEN_LIMIT = 50
MY_REPORTS_LIMIT = 10
STAFF = rules.STAFF


def _may_enter(user) -> bool:
    scope = scope_for(user)
    return scope.is_staff_reader or bool(scope.clerk_station_ids)


def _annotate_privacy(user, petition: Petition, today) -> Petition:
    """What this user sees of the resident, and the days left on the deadline, as attributes."""
    mine = rules.relations(user, petition)
    petition.show_phone = bool(mine & STAFF)
    petition.show_name = bool(mine & STAFF) or not petition.hide_name_from_deputy
    petition.days_left = (petition.due_on - today).days if petition.due_on else None
    petition.overdue = (
        petition.days_left is not None and petition.days_left < 0 and petition.status in workflow.AWAITING_REPLY
    )
    petition.days_overdue = -petition.days_left if petition.overdue else None
    return petition


def _list_rows(user, queryset):
    return queryset.select_related("node", "category", "assigned_deputy", "reported_by")


@member_required
def case_list(request):
    """Cases the user may see, filters beside the table, overdue first. Queries: the user's scope,
    the filter form's station / category / deputy choices, the count, one page of rows."""
    filterset = CaseFilter(request.GET or None, queryset=petitions_visible_to(request.user), request=request)
    sort = request.GET.get("o", "")
    page = Paginator(_list_rows(request.user, sort_cases(filterset.qs, sort)), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    for petition in page:
        _annotate_privacy(request.user, petition, today)
    next_sort = {key: f"-{key}" if sort == key else key for key in ("tracking", "received", "due", "status")}
    return render(
        request,
        "petitions/case_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "sort": sort,
            "next_sort": next_sort,
            "can_enter": _may_enter(request.user),
            "is_deputy": bool(scope_for(request.user).deputy_id),
        },
    )


def _entry_page(request, form, template: str, *, channel=None, reported_by=None):
    """Save through petition_create on a valid POST; otherwise (re-)render, 400 when refused."""
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if channel:
            fields["channel"] = channel
        try:
            petition = services.petition_create(by=request.user, reported_by=reported_by, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Case %(no)s received. Give the resident this tracking number to follow it.")
                % {"no": petition.tracking_no},
            )
            return redirect("petitions:detail", petition.pk)
    if request.method == "POST":
        if request.FILES:
            form.add_error(None, _("Nothing was saved. Please choose the files again: a browser does not keep them."))
        return render(request, template, {"form": form}, status=400)
    return render(request, template, {"form": form})


@sensitive_post_parameters("resident_name", "resident_phone")
@member_required
def case_create(request):
    """Staff entry: a station clerk or committee staff takes a resident's opinion in."""
    if not _may_enter(request.user):
        raise PermissionDenied
    form = CaseEntryForm(request.POST or None, request.FILES or None, user=request.user)
    return _entry_page(request, form, "petitions/case_form.html")


@sensitive_post_parameters("resident_name", "resident_phone")
@member_required
def snapshot(request):
    """A deputy's snapshot report (随手拍) from a phone; the station's clerk assigns it later."""
    scope = scope_for(request.user)
    if not scope.deputy_id:
        raise PermissionDenied
    form = SnapshotForm(request.POST or None, request.FILES or None, user=request.user)
    deputy = deputy_get_for_user(request.user, scope.deputy_id)
    return _entry_page(
        request, form, "petitions/snapshot_form.html", channel=Petition.Channel.DEPUTY, reported_by=deputy
    )


def _detail_context(request, petition: Petition, attach_form=None) -> dict:
    """Queries (constant): events with actors and their files, the case's files, the current
    referral with its unit, the open review, the merged cases."""
    user = request.user
    _annotate_privacy(user, petition, timezone.localdate())
    events = list(timeline(petition))
    for event in events:
        event.label = labels.action_label(event.action)
        event.who = labels.actor_name(event)
        to_label = Petition.Status(event.to_status).label if event.to_status in Petition.Status.values else ""
        event.to_label = to_label if str(to_label) != str(event.label) else ""  # "Assigned → Assigned" says nothing
    referral = petition.referrals.filter(is_current=True).select_related("unit").first()
    allowed = rules.available_actions(user, petition, has_referral=referral is not None)
    may_attach = rules.can(user, "attach", petition)
    return {
        "petition": petition,
        "events": events,
        "attachments": list(petition.attachments.order_by("id")),
        "referral": referral,
        "review": petition.reviews.filter(closed_at__isnull=True).first(),
        "merged_cases": list(petitions_visible_to(user).filter(merged_into=petition).order_by("received_at")),
        "allowed": allowed,
        "attach_form": (attach_form or AttachForm()) if may_attach else None,
    }


@member_required
def case_detail(request, pk: int):
    petition = petition_get_for_user(request.user, pk)
    return render(request, "petitions/case_detail.html", _detail_context(request, petition))


@require_POST
@member_required
def attach(request, pk: int):
    """Add photos or PDFs to a case: one "attach" event on the timeline."""
    petition = petition_get_for_user(request.user, pk)
    if not rules.can(request.user, "attach", petition):
        raise PermissionDenied
    form = AttachForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.petition_attach(
                petition=petition,
                by=request.user,
                files=form.cleaned_data["attachments"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(n)d file(s) added to the case.") % {"n": len(added)})
            return redirect("petitions:detail", petition.pk)
    return render(request, "petitions/case_detail.html", _detail_context(request, petition, form), status=400)


@member_required
def attachment(request, pk: int):
    """Attachments are private media: served only here, to users who may see the case."""
    item = get_object_or_404(
        Attachment.objects.select_related("petition").filter(petition__in=petitions_visible_to(request.user)), pk=pk
    )
    return files.serve(item)


@member_required
def my_cases(request):
    """The deputy's home: their cases by status, the open ones overdue first, their own reports."""
    scope = scope_for(request.user)
    if not scope.deputy_id:
        messages.info(request, _("Your account has no deputy record; this is your home page."))
        return redirect("home")
    deputy = deputy_get_for_user(request.user, scope.deputy_id)
    assignments = deputy.assignments.select_related("node").order_by("node__code")
    mine = Petition.objects.filter(assigned_deputy=deputy)
    counts = {row["status"]: row["n"] for row in mine.values("status").annotate(n=Count("pk")).order_by()}
    status_counts = [
        {"status": value, "label": label, "count": counts[value]}
        for value, label in Petition.Status.choices
        if counts.get(value)
    ]
    today = timezone.localdate()
    open_cases = list(
        sort_cases(mine.filter(status__in=sorted(workflow.OPEN)), "").select_related("node", "category")[:MY_OPEN_LIMIT]
    )
    reports = list(
        Petition.objects.filter(reported_by=deputy)
        .select_related("node", "category", "assigned_deputy", "reported_by")
        .order_by("-received_at", "-id")[:MY_REPORTS_LIMIT]
    )
    for petition in open_cases + reports:
        _annotate_privacy(request.user, petition, today)
    return render(
        request,
        "petitions/my_cases.html",
        {
            "deputy": deputy,
            "assignments": assignments,
            "status_counts": status_counts,
            "open_total": sum(counts.get(s, 0) for s in workflow.OPEN),
            "overdue_total": sum(1 for p in open_cases if p.overdue),
            "open_cases": open_cases,
            "reports": reports,
            "duties": upcoming_duties(deputy, today=today),
        },
    )
