"""The deliberation steps: topics from cases (with suggestions), minutes per topic, decisions and
their action items, the action-item list and page, and the public summary page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from liaison.errors import DomainError
from meetings.filters import ActionFilter
from meetings.forms.deliberation import CloseForm, DecisionForm, MinutesForm, ProgressForm, TopicForm
from meetings.models import Meeting
from meetings.models.deliberation import ActionItem, Decision
from meetings.selectors import (
    action_get_for_user,
    action_items_visible_to,
    open_cases_near,
    topic_suggestions,
    with_overdue,
)
from meetings.services import deliberation as services
from meetings.services.meetings import StaleMeeting, can_manage
from meetings.views.meetings import managed_meeting, topic_of
from petitions.selectors import handling_units_visible_to
from stations.access import member_required
from stations.forms import apply_errors

PER_PAGE = 25


@member_required
def topic_add(request, pk: int):
    meeting = managed_meeting(request, pk)
    cases = open_cases_near(request.user, meeting)
    initial = {}
    suggestions = topic_suggestions(request.user, meeting)
    chosen = request.GET.get("s")
    if chosen and chosen.isdigit() and int(chosen) < len(suggestions):
        picked = suggestions[int(chosen)]
        where = picked["community__name"] or picked["place"]
        initial = {
            "title": " · ".join(part for part in (picked["category__name"], where) if part),
            "source_category": picked["category_id"],
            "source_community": picked["community_id"],
            "cases": list(
                cases.filter(
                    category_id=picked["category_id"], community_id=picked["community_id"], place=picked["place"]
                ).values_list("pk", flat=True)
            ),
        }
    form = TopicForm(request.POST or None, cases=cases, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.topic_add(
                    by=request.user, meeting=meeting, title=data["title"], description=data["description"],
                    cases=data["cases"], source_category=data.get("source_category"),
                    source_community=data.get("source_community"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The topic was put on the agenda."))
                return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/topic_form.html",
        {"form": form, "meeting": meeting, "suggestions": suggestions},
        status=status,
    )


@member_required
def topic_minutes(request, pk: int):
    topic = topic_of(request, pk)
    form = MinutesForm(
        request.POST or None,
        initial={"minutes": topic.minutes, "unit_answer": topic.unit_answer, "version": topic.version},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.topic_record_minutes(
                    by=request.user, topic=topic, minutes=form.cleaned_data["minutes"],
                    unit_answer=form.cleaned_data["unit_answer"], expected_version=form.cleaned_data.get("version"),
                )
            except StaleMeeting as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The minutes were saved."))
                return redirect("meetings:detail", topic.meeting_id)
    return render(request, "meetings/topic_minutes.html", {"form": form, "topic": topic}, status=status)


@member_required
def decision_add(request, pk: int):
    topic = topic_of(request, pk)
    form = DecisionForm(request.POST or None, units=handling_units_visible_to(request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.decision_add(
                    by=request.user, topic=topic, text=data["text"], owner=data.get("owner"), due_on=data.get("due_on")
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if hasattr(decision, "action"):
                    messages.success(request, _("The decision and its action item were recorded."))
                else:
                    messages.success(request, _("The decision was recorded."))
                return redirect("meetings:detail", topic.meeting_id)
    return render(request, "meetings/decision_form.html", {"form": form, "topic": topic}, status=status)


@member_required
def action_list(request):
    queryset = with_overdue(action_items_visible_to(request.user)).select_related(
        "owner", "meeting", "decision__topic"
    )
    action_filter = ActionFilter(request.GET, queryset=queryset, request=request)
    ordered = action_filter.qs.order_by(F("done_at").desc(nulls_first=True), "due_on", "id")
    page = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "meetings/action_list.html", {"filter": action_filter, "page_obj": page, "actions": page.object_list}
    )


@member_required
def action_detail(request, pk: int):
    """The action item with its progress; those who run the meeting report progress or close it here."""
    action = action_get_for_user(request.user, pk)
    manage = can_manage(request.user, action.meeting) and action.status == ActionItem.Status.OPEN
    progress_form = ProgressForm(action=action)
    close_form = CloseForm(initial={"version": action.version})
    status = 200
    if request.method == "POST":
        if not can_manage(request.user, action.meeting):
            raise PermissionDenied
        status = 400
        if request.POST.get("step") == "close":
            close_form = CloseForm(request.POST)
            if close_form.is_valid():
                try:
                    services.action_close(
                        by=request.user, action=action, note=close_form.cleaned_data["note"],
                        cancel=close_form.cleaned_data["outcome"] == "cancelled",
                        expected_version=close_form.cleaned_data.get("version"),
                    )
                except DomainError as error:
                    close_form.add_error(None, str(error))
                else:
                    messages.success(request, _("The action item was closed."))
                    return redirect("meetings:action_detail", action.pk)
        else:
            progress_form = ProgressForm(request.POST, action=action)
            if progress_form.is_valid():
                data = progress_form.cleaned_data
                try:
                    services.action_progress(
                        by=request.user, action=action, percent=data["percent"], note=data["note"],
                        due_on=data.get("due_on"), expected_version=data.get("version"),
                    )
                except DomainError as error:
                    progress_form.add_error(None, str(error))
                except ValidationError as error:
                    progress_form.add_error(None, error)
                else:
                    messages.success(request, _("Progress was recorded."))
                    return redirect("meetings:action_detail", action.pk)
    context = {
        "action": action,
        "updates": action.updates.select_related("by").order_by("-at", "-id"),
        "cases": action.decision.topic.cases.select_related("category").order_by("pk"),
        "manage": manage,
        "progress_form": progress_form,
        "close_form": close_form,
    }
    return render(request, "meetings/action_detail.html", context, status=status)


def public_summary(request, pk: int):
    """The results board of one published meeting: no login, no personal data, no case text."""
    meeting = get_object_or_404(
        Meeting.objects.filter(is_public=True).exclude(status=Meeting.Status.CANCELLED).select_related("node"), pk=pk
    )
    if meeting.node is None:
        raise Http404
    topics = meeting.topics.annotate(case_count=Count("topic_cases", distinct=True)).prefetch_related(
        Prefetch("decisions", queryset=Decision.objects.select_related("action__owner").order_by("id"))
    )
    attendance = dict(
        meeting.attendees.filter(attendance="present").values_list("kind").annotate(n=Count("pk")).order_by()
    )
    return render(
        request,
        "meetings/public_summary.html",
        {"meeting": meeting, "topics": topics, "attendance": attendance},
    )

