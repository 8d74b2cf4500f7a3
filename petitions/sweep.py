"""The deadline sweep: reminders before a written reply is due, overdue the day after, then a ladder.

Beat runs it every few minutes (petitions.tasks); `manage.py sweep_deadlines [--dry-run]` runs the
same function. It watches cases awaiting a written reply (workflow.AWAITING_REPLY: referred,
acknowledged, under review) by their current deadline `due_on`, a local date in Asia/Shanghai that
ends at 24:00 (liaison.deadlines.end_of_day). On the local date `today` of `now`:

1. Reminders, LIAISON_REMINDER_OFFSETS_DAYS (30, 7): "remind_<n>" is due from `due_on - n` days.
   Only the latest reminder whose day has come is sent, and none once the deadline has passed: a
   case referred 20 days before its due date gets remind_7 only (on its day), never a late remind_30.
2. Overdue, from the day after `due_on` (now >= end_of_day(due_on)): "overdue" sets `overdue_since`
   to that day and tells the street committee's staff.
3. The ladder, LIAISON_ESCALATION_DAYS_AFTER_DUE (0, 15, 30) days after the deadline passed:
   0 is "overdue" above; 15 is "escalate_district" (督办: district staff); 30 is "supervision"
   (listed for a supervision meeting; district staff). Ladder steps add up: a sweep that first sees
   a case 20 days late records overdue and escalate_district together.
   While a due date is provisional (its year not yet in the working-day calendar) the overdue and
   ladder steps wait; each sweep first makes provisional dates final where it now can
   (petitions.provisional).
4. Each step is a DeadlineStep(petition, step, due_on) row, inserted first (INSERT … ON CONFLICT DO
   NOTHING RETURNING): only the rows this sweep created get their event ("remind", "overdue" or
   "escalate_step", actor "system") and notifications, in the same transaction. A step already
   recorded is never sent again. A new deadline (an extension, a review's re-reply) is a new
   `due_on` and gets its own steps; a reply clears `due_on`, which stops them all.

Cheap and safe at once: one indexed query finds the cases with a step due and not yet recorded;
they are read by primary key and locked in batches with SELECT … FOR UPDATE SKIP LOCKED (PostgreSQL),
so a second sweep running at the same time skips them; SQLite's IMMEDIATE transactions run the two one
after another. A batch's notices go out together (notify_many): the queries do not grow with the cases.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.deadlines import CHINA
from notifications.services import notify_many
from petitions import notify, workflow
from petitions.models import DeadlineStep, Petition, PetitionEvent
from petitions.provisional import refresh_provisional_due_dates

OVERDUE, DISTRICT, SUPERVISION = "overdue", "escalate_district", "supervision"
LADDER = (OVERDUE, DISTRICT, SUPERVISION)
BATCH = 200


@dataclass(frozen=True)
class Rule:
    """Step `step` applies today to a case whose deadline is in [due_from, due_to] (None: no bound)."""

    step: str
    due_from: date | None
    due_to: date
    # Overdue and escalations wait for a final date: a provisional one may still move later.
    final_only: bool = False

    def applies(self, due_on: date, provisional: bool = False) -> bool:
        if self.final_only and provisional:
            return False
        return (self.due_from is None or self.due_from <= due_on) and due_on <= self.due_to

    def q(self) -> Q:
        due = Q(due_on__lte=self.due_to) if self.due_from is None else Q(due_on__range=(self.due_from, self.due_to))
        recorded = DeadlineStep.objects.filter(petition=OuterRef("pk"), step=self.step, due_on=OuterRef("due_on"))
        if self.final_only:
            due &= Q(due_provisional=False)
        return due & ~Exists(recorded)


@dataclass
class SweepReport:
    now: datetime
    today: date
    dry_run: bool = False
    cases: int = 0  # cases read: each had at least one step due and not yet recorded
    steps: Counter = field(default_factory=Counter)  # step → how many recorded (or would be)
    notifications: int = 0
    confirmed: int = 0  # provisional due dates made final (petitions.provisional)

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "cases": self.cases,
            "steps": dict(self.steps),
            "notifications": self.notifications,
            "confirmed": self.confirmed,
        }

    def lines(self) -> list[str]:
        head = "Would record" if self.dry_run else "Recorded"
        steps = ", ".join(f"{name}: {n}" for name, n in sorted(self.steps.items())) or "nothing"
        lines = [f"Deadline sweep for {self.today.isoformat()} (now {self.now.isoformat()})"]
        lines.append(f"{head} {sum(self.steps.values())} steps on {self.cases} cases ({steps}).")
        if not self.dry_run:
            lines.append(f"Notifications created: {self.notifications}.")
        return lines


def rules_for(today: date) -> list[Rule]:
    """The steps as ranges of due dates, from the settings; the one source for the query and the loop."""
    offsets = sorted(set(settings.LIAISON_REMINDER_OFFSETS_DAYS), reverse=True)
    ladder = list(settings.LIAISON_ESCALATION_DAYS_AFTER_DUE)
    if any(n < 0 for n in offsets + ladder) or len(ladder) > len(LADDER) or ladder != sorted(set(ladder)):
        raise ImproperlyConfigured(
            "LIAISON_REMINDER_OFFSETS_DAYS must be days >= 0; LIAISON_ESCALATION_DAYS_AFTER_DUE at most three "
            "increasing days >= 0 (overdue, district, supervision)."
        )
    rules = []
    for i, days in enumerate(offsets):
        # A later reminder's day has come: this one is skipped; the last stops when the deadline passes.
        lower = today + timedelta(days=offsets[i + 1] + 1) if i + 1 < len(offsets) else today
        rules.append(Rule(f"remind_{days}", lower, today + timedelta(days=days)))
    for step, days in zip(LADDER, ladder, strict=False):
        rules.append(Rule(step, None, today - timedelta(days=1 + days), final_only=True))
    return rules


def due_cases(rules: list[Rule]):
    """Cases awaiting a reply with at least one step due and not recorded (index on status, due_on)."""
    if not rules:
        return Petition.objects.none()
    latest = max(r.due_to for r in rules)
    return Petition.objects.filter(status__in=workflow.AWAITING_REPLY, due_on__lte=latest).filter(
        functools.reduce(operator.or_, (r.q() for r in rules))
    )


def listed_for_supervision() -> Exists:
    """For case lists: `.filter(listed_for_supervision())`, cases whose current deadline reached the
    supervision step."""
    return Exists(DeadlineStep.objects.filter(petition=OuterRef("pk"), step=SUPERVISION, due_on=OuterRef("due_on")))


def sweep_deadlines(*, now: datetime | None = None, dry_run: bool = False) -> SweepReport:
    """Record and announce every deadline step due at `now`; see the module docstring."""
    now = now or timezone.now()
    today = timezone.localdate(now, CHINA)
    report = SweepReport(now=now, today=today, dry_run=dry_run)
    report.confirmed = refresh_provisional_due_dates(now=now, dry_run=dry_run)
    rules = rules_for(today)
    # The due set is found once (one indexed query); each batch then reads its cases by primary key and
    # checks them again under lock, so a concurrent sweep's work is skipped, never repeated.
    ids = list(due_cases(rules).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            _sweep_batch(rules, ids=ids[start : start + BATCH], report=report)
    return report


def _sweep_batch(rules: list[Rule], *, ids: list[int], report: SweepReport) -> None:
    """One batch of due cases, in the caller's transaction."""
    cases = due_cases(rules).filter(pk__in=ids).select_related("category").order_by("pk")
    if not report.dry_run:
        cases = cases.select_for_update(skip_locked=True, of=("self",))
    cases = list(cases)
    if not cases:
        return
    report.cases += len(cases)
    wanted = [(case, rule.step) for case in cases for rule in rules if rule.applies(case.due_on, case.due_provisional)]
    if report.dry_run:
        done = set(DeadlineStep.objects.filter(petition__in=cases).values_list("petition_id", "step", "due_on"))
        report.steps.update(step for case, step in wanted if (case.pk, step, case.due_on) not in done)
        return

    rows = [(case.pk, step, case.due_on) for case, step in wanted]
    created = insert_steps(DeadlineStep, "petition", rows, at=report.now)
    new = [(case, step) for case, step in wanted if (case.pk, step, case.due_on) in created]
    report.steps.update(step for _case, step in new)
    if not new:
        return
    with translation.override(settings.LANGUAGE_CODE):
        PetitionEvent.objects.bulk_create([_event(case, step, report.now) for case, step in new])
    overdue_by_due = defaultdict(list)
    for case, step in new:
        if step == OVERDUE:
            overdue_by_due[case.due_on].append(case.pk)
    for due_on, pks in overdue_by_due.items():  # one UPDATE per distinct due date, not per case
        Petition.objects.filter(pk__in=pks, due_on=due_on, overdue_since__isnull=True).update(
            overdue_since=due_on + timedelta(days=1)
        )
    audience = notify.Audience({case.pk: case for case, _step in new}.values())
    # One notify_many per batch: a constant number of queries however many steps fall due.
    report.notifications += notify_many(
        notify.deadline_notice(case, step=step, due_on=case.due_on, today=report.today, audience=audience)
        for case, step in new
    )


def insert_steps(model, owner: str, rows: list[tuple[int, str, date]], *, at: datetime) -> set:
    """Insert step rows (`owner` id, step, due_on) into `model`, skipping those already there; return the
    ones this call created. One INSERT … ON CONFLICT DO NOTHING RETURNING: the unique constraint decides.
    Shared with the action-item sweep (meetings/sweep.py)."""
    if not rows:
        return set()
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35
        return {
            (pk, step, due_on)
            for pk, step, due_on in rows
            if model.objects.get_or_create(**{f"{owner}_id": pk, "step": step, "due_on": due_on})[1]
        }
    ops, meta = connection.ops, model._meta
    columns = ", ".join(ops.quote_name(meta.get_field(name).column) for name in (owner, "step", "due_on"))
    created_at = ops.quote_name(meta.get_field("created_at").column)
    stamp = ops.adapt_datetimefield_value(at)
    params = []
    for pk, step, due_on in rows:
        params += [pk, step, ops.adapt_datefield_value(due_on), stamp]
    table, values = ops.quote_name(meta.db_table), ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    # Only quoted identifiers and placeholders go into the text; every value is a parameter.
    sql = f"INSERT INTO {table} ({columns}, {created_at}) VALUES {values} ON CONFLICT DO NOTHING"  # noqa: S608
    sql += f" RETURNING {columns}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(pk, step, _as_date(due_on)) for pk, step, due_on in cursor.fetchall()}


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _event(case: Petition, step: str, now: datetime) -> PetitionEvent:
    due = case.due_on.isoformat()
    if step.startswith("remind_"):
        action, note = "remind", _("Reminder: the written reply is due on %(date)s.") % {"date": due}
    elif step == OVERDUE:
        action, note = "overdue", _("Overdue: the written reply was due on %(date)s.") % {"date": due}
    elif step == DISTRICT:
        action, note = "escalate_step", _("Escalated to the district committee for supervision (deadline %(date)s).")
        note %= {"date": due}
    else:
        action, note = "escalate_step", _("Listed for a supervision meeting (deadline %(date)s).") % {"date": due}
    return PetitionEvent(
        petition=case,
        at=now,
        actor=None,
        actor_label="system",
        action=action,
        note=note,
        data={"step": step, "due_on": due},
    )
