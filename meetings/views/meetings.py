"""The meeting pages every kind shares: the list, create and edit, the detail page (with the four
deliberation steps for the deliberation kinds), attendees, invitations, attendance, and the yearly
counts per station."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.errors import DomainError
from meetings.filters import MeetingFilter
from meetings.forms.deliberation import AttendanceForm, AttendeeForm, MeetingForm
from meetings.models import Attendee, Meeting
from meetings.models.deliberation import ActionItem, Decision, Topic
from meetings.models.meeting import DELIBERATION_KINDS
from meetings.selectors import meeting_counts, meeting_get_for_user, meetings_visible_to, with_overdue
from meetings.services import meetings as services
from petitions.selectors import handling_units_visible_to
from stations.access import clerk_or_staff_required, member_required
from stations.forms import apply_errors
from stations.models import Node
from stations.selectors import nodes_visible_to

PER_PAGE = 25


def managed_meeting(request, pk: int) -> Meeting:
    """The meeting if the user sees it (else 404) and may run it (else 403)."""
    meeting = meeting_get_for_user(request.user, pk)
    if not services.can_manage(request.user, meeting):
        raise PermissionDenied
    return meeting


@member_required
def meeting_list(request):
    queryset = meetings_visible_to(request.user).select_related("node").annotate(
        topic_count=Count("topics", distinct=True)
    )
    meeting_filter = MeetingFilter(request.GET, queryset=queryset, request=request)
    page = Paginator(meeting_filter.qs.order_by("-starts_at", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    can_create = services.nodes_for_meetings(request.user).exists()
    return render(
        request,
        "meetings/meeting_list.html",
        {"filter": meeting_filter, "page_obj": page, "meetings": page.object_list, "can_create": can_create},
    )


@clerk_or_staff_required
def meeting_create(request):
    nodes = services.nodes_for_meetings(request.user)
    initial = {}
    if request.GET.get("kind") in Meeting.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = MeetingForm(request.POST or None, nodes=nodes, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                meeting = services.meeting_create(by=request.user, **form.service_kwargs())
            except services.NotAllowed as error:
                raise PermissionDenied from error
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The meeting was created."))
                return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None}, status=status)


@member_required
def meeting_edit(request, pk: int):
    meeting = managed_meeting(request, pk)
    form = MeetingForm(request.POST or None, nodes=services.nodes_for_meetings(request.user), meeting=meeting)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.meeting_update(
                    by=request.user, meeting=meeting, expected_version=form.cleaned_data.get("version"),
                    **form.service_kwargs(),
                )
            except services.NotAllowed as error:
                raise PermissionDenied from error
            except services.StaleMeeting as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Changes to the meeting were saved."))
                return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting}, status=status)


@member_required
def meeting_detail(request, pk: int):
    meeting = meeting_get_for_user(request.user, pk)
    actions = with_overdue(ActionItem.objects.select_related("owner"))
    topics = meeting.topics.select_related("source_category", "source_community").prefetch_related(
        "cases__category",
        Prefetch("decisions", queryset=Decision.objects.order_by("id").prefetch_related(
            Prefetch("action", queryset=actions))),
    )
    attendees = meeting.attendees.select_related("deputy", "unit", "user")
    context = {
        "meeting": meeting,
        "can_manage": services.can_manage(request.user, meeting),
        "is_deliberation": meeting.kind in DELIBERATION_KINDS,
        "topics": topics,
        "attendees": attendees,
        "started": meeting.starts_at <= timezone.now(),
    }
    return render(request, "meetings/meeting_detail.html", context)


@member_required
def attendee_add(request, pk: int):
    meeting = managed_meeting(request, pk)
    form = AttendeeForm(request.POST or None, meeting=meeting, units=handling_units_visible_to(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                attendee = services.attendee_add(
                    by=request.user, meeting=meeting, kind=data["kind"], deputy=data.get("deputy"),
                    unit=data.get("unit"), user=data.get("user"), name=data.get("name") or "",
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("%(name)s was added to the attendees.") % {
                    "name": attendee.display_name or attendee.get_kind_display()})
                if "another" in request.POST:
                    return redirect("meetings:attendee_add", meeting.pk)
                return redirect("meetings:detail", meeting.pk)
    attendees = meeting.attendees.select_related("deputy", "unit")
    return render(
        request, "meetings/attendee_form.html", {"form": form, "meeting": meeting, "attendees": attendees},
        status=status,
    )


@require_POST
@member_required
def attendee_remove(request, pk: int, attendee_pk: int):
    meeting = managed_meeting(request, pk)
    attendee = get_object_or_404(Attendee.objects.filter(meeting=meeting), pk=attendee_pk)
    services.attendee_remove(by=request.user, attendee=attendee)
    messages.success(request, _("The attendee was removed."))
    return redirect("meetings:detail", meeting.pk)


@require_POST
@member_required
def meeting_invite(request, pk: int):
    meeting = managed_meeting(request, pk)
    sent = services.attendees_invite(by=request.user, meeting=meeting)
    messages.success(request, _("Invitations sent: %(n)d in the portal; call the others.") % {"n": sent})
    return redirect("meetings:detail", meeting.pk)


@member_required
def meeting_attendance(request, pk: int):
    meeting = managed_meeting(request, pk)
    attendees = meeting.attendees.select_related("deputy", "unit")
    form = AttendanceForm(request.POST or None, attendees=attendees)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.attendance_record(by=request.user, meeting=meeting, marks=form.marks())
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Attendance was recorded."))
                return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/attendance_form.html", {"form": form, "meeting": meeting}, status=status)


@clerk_or_staff_required
def meeting_counts_page(request):
    """Meetings held per station per year, by kind: one row per station in scope, counted in the DB."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    if not 2000 <= year <= 2100:
        year = this_year
    stations = nodes_visible_to(request.user).filter(kind=Node.Kind.STATION, is_active=True)
    counts = meeting_counts(stations_qs=stations, year=year)
    kinds = list(Meeting.Kind)
    rows = []
    for station in stations.select_related("street").order_by("code"):
        by_kind = counts.get(station.pk, {})
        rows.append({"station": station, "cells": [by_kind.get(k, 0) for k in kinds], "total": sum(by_kind.values())})
    totals = [sum(r["cells"][i] for r in rows) for i in range(len(kinds))]
    context = {
        "year": year, "years": range(this_year - 4, this_year + 2), "kinds": kinds, "rows": rows,
        "totals": totals, "grand_total": sum(totals),
    }
    return render(request, "meetings/meeting_counts.html", context)


def topic_of(request, pk: int) -> Topic:
    """A topic of a meeting the user may run (404 outside scope, 403 without the right)."""
    topic = get_object_or_404(
        Topic.objects.filter(meeting__in=meetings_visible_to(request.user).values("pk")).select_related("meeting"),
        pk=pk,
    )
    if not services.can_manage(request.user, topic.meeting):
        raise PermissionDenied
    return topic
