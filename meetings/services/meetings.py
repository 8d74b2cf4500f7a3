"""Writes on the meeting every kind shares: create, edit (version-checked), attendees, invitations,
attendance. Each checks who may act, changes rows in one transaction and records the change
(liaison.audit: the admin's history of the meeting)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, changed_fields_message, record_change
from liaison.errors import DomainError
from meetings.models import Attendee, Meeting
from notifications.services import notify
from stations.models import Node
from stations.scope import scope_for

KIND_INVITATION = "meeting_invitation"
MEETING_FIELDS = ("kind", "title", "node", "starts_at", "ends_at", "place", "status", "summary", "is_public")


class NotAllowed(DomainError):
    """The user's role does not allow this on this meeting (views answer 403)."""


class StaleMeeting(DomainError):
    """Someone else changed the record since the form was opened."""


def can_manage(user, meeting: Meeting) -> bool:
    """Run a meeting: the clerks of its station, staff of its street or district, admins."""
    scope = scope_for(user)
    if scope.is_admin:
        return True
    return bool(
        (meeting.district_id and meeting.district_id in scope.district_ids)
        or (meeting.street_id and meeting.street_id in scope.street_ids)
        or (meeting.station_id and meeting.station_id in scope.clerk_station_ids)
    )


def check_manage(user, meeting: Meeting) -> None:
    if not can_manage(user, meeting):
        raise NotAllowed(_("Your role does not allow changing this meeting."))


def nodes_for_meetings(user) -> QuerySet[Node]:
    """Where the user may hold a meeting: clerks their stations and points, staff their street or district."""
    scope = scope_for(user)
    return Node.objects.filter(scope.positions_q(), is_active=True).order_by("code")


def _validate(meeting: Meeting) -> None:
    errors: dict = {}
    try:
        meeting.full_clean(exclude=["district", "street", "station", "created_by"], validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if meeting.ends_at and meeting.starts_at and meeting.ends_at <= meeting.starts_at:
        errors.setdefault("ends_at", []).append(_("The end must be after the start."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(
    *,
    by,
    node: Node,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    place: str = "",
    summary: str = "",
    is_public: bool = False,
) -> Meeting:
    if not nodes_for_meetings(by).filter(pk=node.pk).exists():
        raise NotAllowed(_("You may not hold a meeting there."))
    meeting = Meeting(
        kind=kind, title=title.strip(), starts_at=starts_at, ends_at=ends_at, place=place.strip(),
        summary=summary.strip(), is_public=is_public, created_by=by,
    )
    meeting.place_at(node)
    _validate(meeting)
    meeting.save()
    record_change(by=by, obj=meeting, action=ADDED)
    return meeting


@transaction.atomic
def meeting_update(*, by, meeting: Meeting, expected_version: int | None = None, **fields) -> Meeting:
    """Change any of MEETING_FIELDS with a conditional update on the version read by the form."""
    check_manage(by, meeting)
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update: unknown fields {sorted(unknown)}")
    moved = "node" in fields and fields["node"].pk != meeting.node_id
    if moved and not nodes_for_meetings(by).filter(pk=fields["node"].pk).exists():
        raise NotAllowed(_("You may not hold a meeting there."))
    before = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) and name in ("title", "place", "summary")
                else value)
    if "node" in fields:
        meeting.place_at(fields["node"])
    changed = [name for name in MEETING_FIELDS if getattr(meeting, name) != before[name]]
    if not changed:
        return meeting
    _validate(meeting)
    values = {name: getattr(meeting, name) for name in changed}
    if "node" in changed:
        values |= {"district_id": meeting.district_id, "street_id": meeting.street_id, "station_id": meeting.station_id}
    rows = Meeting.objects.filter(pk=meeting.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, updated_at=timezone.now(), **values):
        raise StaleMeeting(_("Someone else changed this meeting a moment ago. Reload the page and try again."))
    meeting.refresh_from_db()
    record_change(by=by, obj=meeting, action=CHANGED, message=changed_fields_message(meeting, changed))
    return meeting


# Attendees ---------------------------------------------------------------------------------------


@transaction.atomic
def attendee_add(
    *, by, meeting: Meeting, kind: str, deputy=None, unit=None, user=None, name: str = ""
) -> Attendee:
    """Invite someone: a deputy (by record), a unit's official (name + unit), a resident
    representative (name only), committee staff (a user account or a name)."""
    check_manage(by, meeting)
    attendee = Attendee(meeting=meeting, kind=kind, deputy=deputy, unit=unit, user=user, name=name.strip())
    errors: dict = {}
    K = Attendee.Kind
    if kind == K.DEPUTY and deputy is None:
        errors["deputy"] = [_("Choose the deputy.")]
    elif kind == K.DEPUTY and deputy.district_id != meeting.district_id:
        errors["deputy"] = [_("Choose a deputy of this district.")]
    if kind != K.DEPUTY:
        attendee.deputy = None
    if kind == K.OFFICIAL and unit is None:
        errors["unit"] = [_("Choose the official's unit.")]
    if kind in (K.OFFICIAL, K.RESIDENT, K.OTHER) and not attendee.name:
        errors["name"] = [_("Enter the name.")]
    if kind == K.STAFF and not (user or attendee.name):
        errors["name"] = [_("Choose a staff account or enter the name.")]
    if kind not in (K.OFFICIAL,):
        attendee.unit = None
    if kind != K.STAFF:
        attendee.user = deputy.user if (kind == K.DEPUTY and deputy is not None) else None
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            attendee.full_clean(validate_constraints=False)
            attendee.save()
    except IntegrityError as error:
        raise ValidationError({"deputy": [_("This deputy is already on the list.")]}) from error
    record_change(by=by, obj=meeting, action=CHANGED, message=_("Attendee added: %(name)s") % {
        "name": attendee.display_name or attendee.get_kind_display()})
    return attendee


@transaction.atomic
def attendee_remove(*, by, attendee: Attendee) -> None:
    meeting = attendee.meeting
    check_manage(by, meeting)
    label = attendee.display_name
    attendee.delete()
    record_change(by=by, obj=meeting, action=CHANGED,
                  message=_("Attendee removed: %(name)s") % {"name": label})


def meeting_url(meeting: Meeting) -> str:
    return f"/meetings/{meeting.pk}/"


@transaction.atomic
def attendees_invite(*, by, meeting: Meeting, now: datetime | None = None) -> int:
    """Invite everyone on the list not invited yet: a notification (bell and email) to those with an
    account (deputies with a login, staff users), and `invited_at` for all (the clerk calls the others).
    Idempotent: one key per meeting and attendee. Returns how many were notified."""
    check_manage(by, meeting)
    now = now or timezone.now()
    attendees = list(meeting.attendees.filter(invited_at__isnull=True).select_related("deputy__user", "user"))
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        title = _("Invitation: %(title)s") % {"title": meeting.title}
        body = _("You are invited to %(kind)s “%(title)s” on %(when)s at %(place)s.") % {
            "kind": meeting.get_kind_display(), "title": meeting.title, "when": when,
            "place": meeting.place or meeting.node.display_name,
        }
        for attendee in attendees:
            account = attendee.user or (attendee.deputy.user if attendee.deputy_id else None)
            if account is not None:
                sent += len(notify(users=[account], kind=KIND_INVITATION, title=title, body=body,
                                   url=meeting_url(meeting), key=f"meeting:{meeting.pk}:invite:{attendee.pk}"))
    newly = meeting.attendees.filter(pk__in=[a.pk for a in attendees], invited_at__isnull=True).update(invited_at=now)
    if newly:
        record_change(by=by, obj=meeting, action=CHANGED,
                      message=_("Invitations sent to %(n)d attendees.") % {"n": newly})
    return sent


@transaction.atomic
def attendance_record(*, by, meeting: Meeting, marks: dict[int, str], now: datetime | None = None) -> int:
    """Record who came (present / absent / excused), after the meeting has started. A planned meeting
    whose attendance is recorded has been held. Returns how many attendees changed."""
    check_manage(by, meeting)
    now = now or timezone.now()
    if meeting.starts_at > now:
        raise DomainError(_("Attendance is recorded once the meeting has started."))
    if meeting.status == Meeting.Status.CANCELLED:
        raise DomainError(_("This meeting was cancelled."))
    valid = set(Attendee.Attendance.values)
    changed = 0
    for attendee in meeting.attendees.filter(pk__in=list(marks)):
        value = marks[attendee.pk]
        if value in valid and value != attendee.attendance:
            attendee.attendance = value
            attendee.save(update_fields=["attendance"])
            changed += 1
    if Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PLANNED).update(
        status=Meeting.Status.HELD, version=F("version") + 1, updated_at=now
    ):
        meeting.refresh_from_db()
    message = _("Attendance recorded (%(n)d changed).") % {"n": changed}
    record_change(by=by, obj=meeting, action=CHANGED, message=message)
    return changed
