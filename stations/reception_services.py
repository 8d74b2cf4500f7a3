"""Writes of reception days: rules, generated occurrences, moves, cancellations, topics, bookings.

Views, the beat task and the admin all come through here. Attendance and the held/missed states
belong to the reception log (issue 3 part 2); the rota to deputies.duty_services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, changed_fields_message, record_change
from liaison.errors import DomainError
from liaison.workdays import CalendarNotCovered, WorkCalendar
from stations.models import AppointmentSlot, Booking, Node, Reception, ReceptionMode, ReceptionRule, ReceptionTopic
from stations.reception_dates import rule_dates

RULE_FIELDS = (
    "kind",
    "nth",
    "weekday",
    "day_of_month",
    "dates",
    "start_time",
    "end_time",
    "place",
    "mode",
    "slot_minutes",
    "slot_capacity",
    "is_active",
    "valid_from",
    "valid_until",
)
# Which fields a kind of rule needs; the others are cleared.
KIND_FIELDS = {
    ReceptionRule.Kind.NTH_WEEKDAY: ("nth", "weekday"),
    ReceptionRule.Kind.MONTH_DAY: ("day_of_month",),
    ReceptionRule.Kind.WEEKLY: ("weekday",),
    ReceptionRule.Kind.DATES: ("dates",),
}
# Fields copied from a rule onto its occurrences; a change reaches the future, unmoved, planned ones.
COPIED_FIELDS = ("start_time", "end_time", "place", "mode")
RECEPTION_NODE_KINDS = (Node.Kind.STREET, Node.Kind.STATION, Node.Kind.POINT)
MAX_EXPLICIT_DATES = 60


def _audit(by, obj, action, message):
    # The beat task generates with by=None: no person to record.
    if by is not None:
        record_change(by=by, obj=obj, action=action, message=message)


# Rules


def _clean_rule(rule: ReceptionRule) -> None:
    """full_clean() plus what it cannot know: the fields each kind needs, appointment slots, dates."""
    needed = KIND_FIELDS.get(rule.kind, ())
    for name in {name for fields in KIND_FIELDS.values() for name in fields} - set(needed):
        setattr(rule, name, [] if name == "dates" else None)
    errors = {}
    try:
        rule.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)

    def need(name, message):
        errors.setdefault(name, []).append(message)

    if rule.node_id and rule.node.kind not in RECEPTION_NODE_KINDS:
        need("node", _("Receptions are held at a station, a street's deputies' home or a contact point."))
    for name in needed:
        if getattr(rule, name) in (None, []):
            need(name, _("Required for this kind of rule."))
    if rule.weekday is not None and rule.weekday > 4:
        need("weekday", _("Reception days are working days: a weekend day would always move to Monday."))
    if rule.day_of_month is not None and not 1 <= rule.day_of_month <= 31:
        need("day_of_month", _("Enter a day from 1 to 31."))
    if rule.kind == ReceptionRule.Kind.DATES:
        try:
            rule.dates = sorted({date.fromisoformat(str(value)).isoformat() for value in rule.dates})
        except ValueError:
            need("dates", _("Enter dates as YYYY-MM-DD."))
        if len(rule.dates) > MAX_EXPLICIT_DATES:
            need("dates", _("At most %(n)s dates per rule.") % {"n": MAX_EXPLICIT_DATES})
    if rule.mode == ReceptionMode.APPOINTMENT:
        if not rule.slot_minutes:
            need("slot_minutes", _("By appointment: enter the length of a slot."))
        if not rule.slot_capacity:
            need("slot_capacity", _("By appointment: enter how many residents a slot takes."))
    else:
        rule.slot_minutes = rule.slot_capacity = None
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rule_create(*, by, node: Node, **fields) -> ReceptionRule:
    rule = ReceptionRule(node=node, created_by=by, **{k: v for k, v in fields.items() if k in RULE_FIELDS})
    _clean_rule(rule)
    rule.save()
    record_change(by=by, obj=rule, action=ADDED, message=_("Reception rule added."))
    return rule


@transaction.atomic
def rule_update(*, by, rule: ReceptionRule, **fields) -> ReceptionRule:
    """Change a rule. Its future planned occurrences follow: new times and place reach those not
    moved by hand; those the new schedule no longer produces are cancelled (with the reason)."""
    rule = ReceptionRule.objects.select_for_update().select_related("node").get(pk=rule.pk)
    before = {name: getattr(rule, name) for name in RULE_FIELDS}
    for name, value in fields.items():
        if name in RULE_FIELDS:
            setattr(rule, name, value)
    _clean_rule(rule)
    changed = [name for name in RULE_FIELDS if getattr(rule, name) != before[name]]
    if not changed:
        return rule
    rule.save()
    record_change(by=by, obj=rule, action=CHANGED, message=changed_fields_message(rule, changed))

    today = timezone.localdate()
    future = Reception.objects.filter(rule=rule, status=Reception.Status.PLANNED, date__gte=today)
    future.filter(moved_from__isnull=True).update(
        **{name: getattr(rule, name) for name in COPIED_FIELDS}, updated_at=timezone.now()
    )
    rule_dates_ahead = [r.rule_date for r in future]
    if not rule_dates_ahead:
        return rule
    wanted = set(rule_dates(rule, min(rule_dates_ahead), max(rule_dates_ahead))) if rule.is_active else set()
    for reception in future.exclude(rule_date__in=wanted):
        _cancel(reception, reason=_("The reception rule changed."), by=by)
    return rule


# Generation


@dataclass
class GenerateResult:
    created: int = 0
    shifted: int = 0
    unconfirmed: int = 0


def _working_date(day: date, calendar: WorkCalendar) -> tuple[date, bool]:
    """(the day it happens, whether the calendar covers it); raises nothing for an uncovered year."""
    try:
        return calendar.next_working_day(day), True
    except CalendarNotCovered:
        return day, False


def _node_columns(node: Node) -> dict:
    return {"node": node, "district_id": node.district_id, "street_id": node.street_id, "station_id": node.station_id}


def default_horizon(today: date) -> date:
    return today + relativedelta(months=settings.LIAISON_RECEPTION_GENERATE_MONTHS)


def receptions_generate(
    *,
    rule: ReceptionRule | None = None,
    node: Node | None = None,
    until: date | None = None,
    today: date | None = None,
    by=None,
    calendar: WorkCalendar | None = None,
) -> GenerateResult:
    """Create the occurrences of one rule, of a node's active rules, or (neither given) of every
    active rule, from today up to `until` (default: LIAISON_RECEPTION_GENERATE_MONTHS ahead).

    1. The dates each rule produces are computed without holidays (reception_dates).
    2. A date already generated for the rule (unique rule + rule_date) is skipped: running twice,
       or two runs at once, creates nothing twice; a moved or cancelled one is never re-created.
    3. A non-working day moves to the next working day (`holiday_shifted`); a year the calendar
       does not cover keeps the date and is flagged `calendar_unconfirmed`, never guessed.
    4. Two dates of one rule landing on the same working day (a weekly rule across a holiday week)
       make the second one cancelled with the reason, so the record still explains the gap.
    """
    today = today or timezone.localdate()
    until = until or default_horizon(today)
    if rule is not None:
        rules = [rule]
    else:
        rules = ReceptionRule.objects.filter(is_active=True).select_related("node")
        if node is not None:
            rules = rules.filter(node=node)
    calendar = calendar or WorkCalendar.for_years(range(today.year, until.year + 2))
    result = GenerateResult()
    for each in rules:
        if each.is_active:
            _generate_rule(each, today, until, by, calendar, result)
    return result


def _generate_rule(rule, today, until, by, calendar, result) -> None:
    dates = rule_dates(rule, today, until)
    if not dates:
        return
    existing = Reception.objects.filter(rule=rule, rule_date__gte=dates[0])
    done = set(existing.values_list("rule_date", flat=True))
    taken = set(existing.exclude(status=Reception.Status.CANCELLED).values_list("date", flat=True))
    created = []
    for rule_date in dates:
        if rule_date in done:
            continue
        actual, covered = _working_date(rule_date, calendar)
        reception = Reception(
            **_node_columns(rule.node),
            rule=rule,
            rule_date=rule_date,
            date=actual,
            **{name: getattr(rule, name) for name in COPIED_FIELDS},
            holiday_shifted=actual != rule_date,
            calendar_unconfirmed=not covered,
            created_by=by,
        )
        if actual in taken:
            reception.status = Reception.Status.CANCELLED
            reception.change_reason = _("Moved off a holiday onto a day that already has this reception.")
        try:
            with transaction.atomic():  # a concurrent run created it first: nothing to do
                reception.save()
        except IntegrityError:
            continue
        taken.add(actual)
        created.append(reception)
        if rule.mode == ReceptionMode.APPOINTMENT and reception.status == Reception.Status.PLANNED:
            _create_slots(reception, rule.slot_minutes, rule.slot_capacity)
    result.created += len(created)
    result.shifted += sum(r.holiday_shifted for r in created)
    result.unconfirmed += sum(r.calendar_unconfirmed for r in created)
    if created:
        _audit(by, rule, CHANGED, _("%(n)s receptions generated.") % {"n": len(created)})


def _create_slots(reception: Reception, minutes: int, capacity: int) -> None:
    step = timedelta(minutes=minutes)
    start = datetime.combine(reception.date, reception.start_time)
    end = datetime.combine(reception.date, reception.end_time)
    slots = []
    while start + step <= end:
        slots.append(
            AppointmentSlot(
                reception=reception, start_time=start.time(), end_time=(start + step).time(), capacity=capacity
            )
        )
        start += step
    AppointmentSlot.objects.bulk_create(slots)


# One occurrence


@transaction.atomic
def reception_create(
    *,
    by,
    node: Node,
    date: date,
    start_time,
    end_time,
    place: str,
    mode: str,
    notice: str = "",
    slot_minutes: int | None = None,
    slot_capacity: int | None = None,
) -> Reception:
    """An ad-hoc reception, outside any rule (not moved off holidays: the clerk chose the day)."""
    covered = WorkCalendar().is_covered(date.year)
    reception = Reception(
        **_node_columns(node),
        date=date,
        start_time=start_time,
        end_time=end_time,
        place=place,
        mode=mode,
        notice=notice,
        calendar_unconfirmed=not covered,
        created_by=by,
    )
    reception.full_clean(exclude=["district", "street", "station"], validate_unique=False)
    if node.kind not in RECEPTION_NODE_KINDS:
        raise ValidationError({"node": _("Receptions are held at a station, a street's home or a contact point.")})
    if mode == ReceptionMode.APPOINTMENT and not (slot_minutes and slot_capacity):
        raise ValidationError(_("By appointment: enter the slot length and how many residents a slot takes."))
    reception.save()
    if mode == ReceptionMode.APPOINTMENT:
        _create_slots(reception, slot_minutes, slot_capacity)
    record_change(by=by, obj=reception, action=ADDED, message=_("Reception added."))
    return reception


def _lock_planned(reception: Reception) -> Reception:
    locked = Reception.objects.select_for_update().get(pk=reception.pk)
    if locked.status != Reception.Status.PLANNED:
        raise DomainError(
            _("This reception is %(status)s; only a planned one can be changed.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason[:500]


@transaction.atomic
def reception_move(*, reception: Reception, new_date: date, reason: str, by) -> Reception:
    reason = _require_reason(reason)
    reception = _lock_planned(reception)
    if new_date < timezone.localdate():
        raise ValidationError({"new_date": _("A reception cannot be moved into the past.")})
    if new_date == reception.date:
        raise ValidationError({"new_date": _("That is already its date.")})
    old = reception.date
    reception.moved_from = reception.moved_from or old
    reception.date = new_date
    reception.change_reason = reason
    reception.calendar_unconfirmed = not WorkCalendar().is_covered(new_date.year)
    reception.save(update_fields=["moved_from", "date", "change_reason", "calendar_unconfirmed", "updated_at"])
    record_change(
        by=by,
        obj=reception,
        action=CHANGED,
        message=_("Moved from %(old)s to %(new)s: %(reason)s") % {"old": old, "new": new_date, "reason": reason},
    )
    return reception


def _cancel(reception: Reception, *, reason: str, by) -> None:
    reception.status = Reception.Status.CANCELLED
    reception.change_reason = reason
    reception.save(update_fields=["status", "change_reason", "updated_at"])
    _audit(by, reception, CHANGED, _("Cancelled: %(reason)s") % {"reason": reason})


@transaction.atomic
def reception_cancel(*, reception: Reception, reason: str, by) -> Reception:
    reason = _require_reason(reason)
    reception = _lock_planned(reception)
    _cancel(reception, reason=reason, by=by)
    return reception


@transaction.atomic
def reception_set_notice(*, reception: Reception, notice: str, by) -> Reception:
    reception = _lock_planned(reception)
    reception.notice = notice.strip()
    reception.full_clean(exclude=["district", "street", "station"], validate_unique=False)
    reception.save(update_fields=["notice", "updated_at"])
    record_change(by=by, obj=reception, action=CHANGED, message=_("Notice text changed."))
    return reception


# Residents (public notice page): no user, no audit row; personal data kept to what they typed.


def _open_for_residents(reception: Reception) -> None:
    if reception.status != Reception.Status.PLANNED or reception.date < timezone.localdate():
        raise DomainError(_("This reception is no longer open for topics or bookings."))


def topic_submit(*, reception: Reception, text: str, name: str = "", phone: str = "") -> ReceptionTopic:
    _open_for_residents(reception)
    topic = ReceptionTopic(reception=reception, text=text.strip(), name=name.strip(), phone=phone.strip())
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def booking_create(*, slot: AppointmentSlot, name: str, phone: str, topic: str = "") -> Booking:
    """Book a place; the last place goes to exactly one of two residents booking at once.

    The count is taken by a conditional UPDATE (booked < capacity): the database decides, never a
    value read earlier in Python."""
    _open_for_residents(slot.reception)
    booking = Booking(slot=slot, name=name.strip(), phone=phone.strip(), topic=topic.strip())
    booking.full_clean()
    taken = AppointmentSlot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    if not taken:
        raise DomainError(_("This time slot is full; choose another."))
    booking.save()
    return booking
