"""Writes of the deliberation steps: topics from cases, minutes, decisions, action items and their
progress. Closing an action item writes a "meeting_action" event on each case behind its topic and
tells those cases' clerks and deputy (no change of the cases' status)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, record_change
from liaison.errors import DomainError
from meetings.models import Meeting
from meetings.models.deliberation import ActionItem, ActionProgress, Decision, Topic, TopicCase
from meetings.services.meetings import StaleMeeting, check_manage
from notifications.services import notify
from petitions import notify as case_notify
from petitions.models import HandlingUnit, Petition
from petitions.selectors import handling_units_visible_to, petitions_visible_to
from petitions.services.core import record as record_case_event

KIND_ACTION_CLOSED = "meeting_action_done"
CASE_EVENT = "meeting_action"


def _visible_cases(by, cases: Iterable[Petition]) -> list[Petition]:
    wanted = {c.pk for c in cases}
    if not wanted:
        return []
    found = list(petitions_visible_to(by).filter(pk__in=sorted(wanted)))
    if len(found) != len(wanted):
        raise ValidationError({"cases": [_("Only cases you can see can be attached.")]})
    return found


@transaction.atomic
def topic_add(
    *,
    by,
    meeting: Meeting,
    title: str,
    description: str = "",
    cases: Iterable[Petition] = (),
    source_category=None,
    source_community=None,
) -> Topic:
    """Put a topic on the agenda, from cases (several may feed one topic) or staff's own."""
    check_manage(by, meeting)
    found = _visible_cases(by, cases)
    last = meeting.topics.aggregate(n=Max("order"))["n"] or 0
    topic = Topic(
        meeting=meeting, title=title.strip(), description=description.strip(), order=last + 1,
        source_category=source_category, source_community=source_community,
    )
    topic.full_clean(exclude=["meeting", "source_category", "source_community"])
    topic.save()
    TopicCase.objects.bulk_create([TopicCase(topic=topic, petition=c, added_by=by) for c in found])
    record_change(by=by, obj=meeting, action=CHANGED, message=_("Topic added: %(title)s (%(n)d cases)") % {
        "title": topic.title, "n": len(found)})
    return topic


@transaction.atomic
def topic_record_minutes(
    *, by, topic: Topic, minutes: str, unit_answer: str, expected_version: int | None = None
) -> Topic:
    """The minutes of one topic and the unit's on-the-spot answer; refused if someone saved meanwhile."""
    check_manage(by, topic.meeting)
    rows = Topic.objects.filter(pk=topic.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(minutes=minutes.strip(), unit_answer=unit_answer.strip(), version=F("version") + 1):
        raise StaleMeeting(_("Someone else saved these minutes a moment ago. Reload the page and try again."))
    topic.refresh_from_db()
    record_change(by=by, obj=topic.meeting, action=CHANGED, message=_("Minutes recorded: %(title)s") % {
        "title": topic.title})
    return topic


def _check_owner(by, owner: HandlingUnit) -> None:
    if not handling_units_visible_to(by).filter(pk=owner.pk, is_active=True).exists():
        raise ValidationError({"owner": [_("Choose a handling unit in use in your district.")]})


@transaction.atomic
def decision_add(
    *, by, topic: Topic, text: str, owner: HandlingUnit | None = None, due_on: date | None = None
) -> Decision:
    """A decision on a topic; with an owner and a due date it becomes a tracked action item."""
    check_manage(by, topic.meeting)
    if (owner is None) != (due_on is None):
        raise ValidationError({"due_on" if owner else "owner": [
            _("An action item needs both its owner and its due date.")]})
    decision = Decision(topic=topic, text=text.strip(), created_by=by)
    decision.full_clean(exclude=["topic", "created_by"])
    decision.save()
    record_change(by=by, obj=topic.meeting, action=CHANGED, message=_("Decision recorded: %(text)s") % {
        "text": decision.text[:100]})
    if owner is not None:
        action_create(by=by, decision=decision, owner=owner, due_on=due_on)
    return decision


@transaction.atomic
def action_create(*, by, decision: Decision, owner: HandlingUnit, due_on: date) -> ActionItem:
    meeting = decision.topic.meeting
    check_manage(by, meeting)
    _check_owner(by, owner)
    if ActionItem.objects.filter(decision=decision).exists():
        raise ValidationError({"owner": [_("This decision already has its action item.")]})
    action = ActionItem.objects.create(decision=decision, meeting=meeting, owner=owner, due_on=due_on, created_by=by)
    record_change(by=by, obj=action, action=ADDED)
    return action


def _locked_open(action: ActionItem, expected_version: int | None) -> ActionItem:
    current = ActionItem.objects.select_for_update().select_related("meeting").get(pk=action.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleMeeting(_("Someone else updated this action item a moment ago. Reload the page and try again."))
    if current.status != ActionItem.Status.OPEN:
        raise DomainError(_("This action item is “%(status)s”.") % {"status": current.get_status_display()})
    return current


@transaction.atomic
def action_progress(
    *,
    by,
    action: ActionItem,
    percent: int,
    note: str = "",
    due_on: date | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ActionItem:
    """A progress report (percent and note); optionally a new due date, which gets its own reminders."""
    check_manage(by, action.meeting)
    now = now or timezone.now()
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": [_("Between 0 and 100.")]})
    current = _locked_open(action, expected_version)
    note = note.strip()
    fields = {"progress": percent, "latest_note": note[:1000] or current.latest_note}
    rows = [ActionProgress(action=current, at=now, by=by, percent=percent, note=note, kind="progress")]
    if due_on and due_on != current.due_on:
        fields["due_on"] = due_on
        rows.append(ActionProgress(
            action=current, at=now, by=by, percent=percent, kind="due_changed",
            note=_("Due date moved from %(old)s to %(new)s.") % {"old": current.due_on.isoformat(),
                                                                  "new": due_on.isoformat()},
        ))
    ActionItem.objects.filter(pk=current.pk).update(version=F("version") + 1, updated_at=now, **fields)
    ActionProgress.objects.bulk_create(rows)
    action.refresh_from_db()
    return action


@transaction.atomic
def action_close(
    *,
    by,
    action: ActionItem,
    note: str = "",
    cancel: bool = False,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ActionItem:
    """Done (100%) or cancelled; either stops its reminders. When done, each case behind the topic gets a
    timeline event and its clerks and deputy are told."""
    check_manage(by, action.meeting)
    now = now or timezone.now()
    current = _locked_open(action, expected_version)
    status = ActionItem.Status.CANCELLED if cancel else ActionItem.Status.DONE
    note = note.strip()
    fields = {"status": status, "done_at": now, "latest_note": note[:1000] or current.latest_note}
    if not cancel:
        fields["progress"] = 100
    ActionItem.objects.filter(pk=current.pk).update(version=F("version") + 1, updated_at=now, **fields)
    ActionProgress.objects.create(
        action=current, at=now, by=by, percent=100 if not cancel else current.progress, note=note, kind=status
    )
    action.refresh_from_db()
    record_change(by=by, obj=action, action=CHANGED, message=str(action.get_status_display()))
    if not cancel:
        _cases_told(action, by=by, note=note, now=now)
    return action


def _cases_told(action: ActionItem, *, by, note: str, now: datetime) -> None:
    decision = Decision.objects.select_related("topic__meeting").get(pk=action.decision_id)
    topic = decision.topic
    cases = list(
        Petition.objects.filter(pk__in=TopicCase.objects.filter(topic=topic).values("petition_id"))
        .select_related("category").order_by("pk")
    )
    if not cases:
        return
    with translation.override(settings.LANGUAGE_CODE):
        text = _("Meeting “%(meeting)s” (%(date)s), topic “%(topic)s”: the action item “%(decision)s” "
                 "owned by %(unit)s is done.") % {
            "meeting": topic.meeting.title, "date": timezone.localdate(topic.meeting.starts_at).isoformat(),
            "topic": topic.title, "decision": decision.text[:200], "unit": action.owner.name,
        }
        if note:
            text += " " + note
        audience = case_notify.Audience(cases)
        for case in cases:
            record_case_event(case, by=by, action=CASE_EVENT, note=text, at=now,
                              data={"meeting": topic.meeting_id, "topic": topic.pk, "action_item": action.pk})
            notify(
                users=audience.clerks(case) + audience.deputy(case),
                kind=KIND_ACTION_CLOSED,
                title=_("Meeting action done: %(no)s · %(category)s") % {
                    "no": case.tracking_no, "category": case.category.name},
                body=text[:1000],
                url=case_notify.case_url(case),
                key=f"action:{action.pk}:done:case:{case.pk}",
            )
