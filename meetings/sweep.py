"""The action-item sweep: reminders before a meeting's action item is due, overdue the day after, then
escalation to the district, with the same settings and the same guarantees as the case sweep
(petitions/sweep.py), whose rules it reuses.

Beat runs it right after the case sweep (CELERY_BEAT_SCHEDULE "meetings-action-sweep": the petitions
app may not import meetings, so it is a beat entry of its own); `manage.py sweep_action_items
[--dry-run] [--now …]` runs the same function. It watches OPEN action items by `due_on`, a local date in
Asia/Shanghai that ends at 24:00. On the local date `today` of `now`:

1. Reminders, LIAISON_REMINDER_OFFSETS_DAYS (30, 7): only the latest reminder whose day has come, to
   the people who run the meeting (its station's clerks; for a meeting held at a street's home, the
   street's staff; at the district, district staff).
2. "overdue" from the day after `due_on`: the street committee's staff.
3. "escalate_district" LIAISON_ESCALATION_DAYS_AFTER_DUE[1] (15) days after: the district's staff.
   (The case ladder's third rung, a supervision meeting, does not apply to action items.)
4. Each step is an ActionStep(action, step, due_on) row, inserted first (INSERT … ON CONFLICT DO
   NOTHING RETURNING): only rows this sweep created are announced, in the same transaction; a sweep
   run twice, or two at once, sends nothing twice. A moved due date is a new `due_on` and gets its
   own steps; done or cancelled items are not watched.

Cheap and safe at once: one indexed query finds the items with a step due and not yet recorded; they
are read by primary key and locked in batches with SELECT … FOR UPDATE SKIP LOCKED (PostgreSQL), and a
batch's notices go out together (notify_many): the queries do not grow with the items.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaison.deadlines import CHINA
from meetings.models.deliberation import ActionItem, ActionStep
from notifications.services import Notice, notify_many
from petitions.notify import Audience
from petitions.sweep import DISTRICT, OVERDUE, Rule, insert_steps, rules_for

BATCH = 200
STEPS_NOT_USED = ("supervision",)
KIND_REMINDER, KIND_OVERDUE, KIND_ESCALATED = "action_reminder", "action_overdue", "action_escalated"


@dataclass
class SweepReport:
    now: datetime
    today: date
    dry_run: bool = False
    actions: int = 0
    steps: Counter = field(default_factory=Counter)
    notifications: int = 0

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "actions": self.actions,
            "steps": dict(self.steps),
            "notifications": self.notifications,
        }

    def lines(self) -> list[str]:
        head = "Would record" if self.dry_run else "Recorded"
        steps = ", ".join(f"{name}: {n}" for name, n in sorted(self.steps.items())) or "nothing"
        lines = [f"Action-item sweep for {self.today.isoformat()} (now {self.now.isoformat()})"]
        lines.append(f"{head} {sum(self.steps.values())} steps on {self.actions} action items ({steps}).")
        if not self.dry_run:
            lines.append(f"Notifications created: {self.notifications}.")
        return lines


def action_rules(today: date) -> list[Rule]:
    return [rule for rule in rules_for(today) if rule.step not in STEPS_NOT_USED]


def _q(rule: Rule) -> Q:
    due = Q(due_on__lte=rule.due_to) if rule.due_from is None else Q(due_on__range=(rule.due_from, rule.due_to))
    recorded = ActionStep.objects.filter(action=OuterRef("pk"), step=rule.step, due_on=OuterRef("due_on"))
    return due & ~Exists(recorded)


def due_actions(rules: list[Rule]):
    if not rules:
        return ActionItem.objects.none()
    latest = max(r.due_to for r in rules)
    return ActionItem.objects.filter(status=ActionItem.Status.OPEN, due_on__lte=latest).filter(
        functools.reduce(operator.or_, (_q(r) for r in rules))
    )


def sweep_action_items(*, now: datetime | None = None, dry_run: bool = False) -> SweepReport:
    """Record and announce every action-item step due at `now`; see the module docstring."""
    now = now or timezone.now()
    today = timezone.localdate(now, CHINA)
    report = SweepReport(now=now, today=today, dry_run=dry_run)
    rules = action_rules(today)
    # The due set is found once (one indexed query); each batch reads its items by primary key and checks
    # them again under lock, so a concurrent sweep's work is skipped, never repeated.
    ids = list(due_actions(rules).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            _sweep_batch(rules, ids=ids[start : start + BATCH], report=report)
    return report


def _sweep_batch(rules: list[Rule], *, ids: list[int], report: SweepReport) -> None:
    """One batch of due action items, in the caller's transaction."""
    actions = due_actions(rules).filter(pk__in=ids).select_related("meeting", "owner", "decision").order_by("pk")
    if not report.dry_run:
        actions = actions.select_for_update(skip_locked=True, of=("self",))
    actions = list(actions)
    if not actions:
        return
    report.actions += len(actions)
    wanted = [(a, rule.step) for a in actions for rule in rules if rule.applies(a.due_on)]
    if report.dry_run:
        done = set(ActionStep.objects.filter(action__in=actions).values_list("action_id", "step", "due_on"))
        report.steps.update(step for a, step in wanted if (a.pk, step, a.due_on) not in done)
        return
    created = insert_steps(ActionStep, "action", [(a.pk, step, a.due_on) for a, step in wanted], at=report.now)
    new = [(a, step) for a, step in wanted if (a.pk, step, a.due_on) in created]
    report.steps.update(step for _a, step in new)
    if not new:
        return
    audience = Audience(a.meeting for a, _step in new)
    with translation.override(settings.LANGUAGE_CODE):
        notices = [_notice(action, step, today=report.today, audience=audience) for action, step in new]
    # One notify_many per batch: a constant number of queries however many steps fall due.
    report.notifications += notify_many(notices)


def _notice(action: ActionItem, step: str, *, today: date, audience: Audience) -> Notice:
    meeting, due = action.meeting, action.due_on
    what = _("“%(decision)s” (%(unit)s), from “%(meeting)s”") % {
        "decision": action.decision.text[:80], "unit": action.owner.name, "meeting": meeting.title}
    if step.startswith("remind_"):
        days = (due - today).days
        users, kind, title = audience.clerks(meeting), KIND_REMINDER, _("Action item due soon")
        body = ngettext(
            "%(what)s is due on %(date)s, in %(days)d day. Please chase the owner.",
            "%(what)s is due on %(date)s, in %(days)d days. Please chase the owner.",
            days,
        ) % {"what": what, "date": due.isoformat(), "days": days}
    elif step == OVERDUE:
        users, kind, title = audience.street(meeting), KIND_OVERDUE, _("Action item overdue")
        body = _("%(what)s was due on %(date)s and is not done. Please chase the owner.") % {
            "what": what, "date": due.isoformat()}
    elif step == DISTRICT:
        users, kind, title = audience.district(meeting), KIND_ESCALATED, _("Action item overdue: district supervision")
        body = _("%(what)s is still not done %(days)d days after its due date of %(date)s. Please supervise.") % {
            "what": what, "days": (today - due).days, "date": due.isoformat()}
    else:  # a rung added to the settings later: tell the district
        users, kind, title = audience.district(meeting), KIND_ESCALATED, _("Action item overdue: district supervision")
        body = _("%(what)s was due on %(date)s and is not done.") % {"what": what, "date": due.isoformat()}
    return Notice(
        users=tuple(users), kind=kind, title=f"{title}: {action.owner.name}", body=body,
        url=f"/meetings/actions/{action.pk}/", key=f"action:{action.pk}:{step}:{due.isoformat()}",
    )
