"""Logging a reception day (接待日): the draft the page autosaves, attendance, event photos, and the
submission that turns every issue raised into a real case linked back to the reception.

Who may log: the clerk of the reception's station, the staff of its street or district (and
admins) — the same positions that see the station's cases. A deputy on duty does not log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies.models import Deputy, Duty
from liaison.audit import ADDED, CHANGED, record_change
from liaison.errors import DomainError
from liaison.uploads import NOT_AN_IMAGE, TOO_LARGE, TOO_MANY_PIXELS, reencode_image
from petitions import services
from petitions.attachments import prepare_uploads
from petitions.models import Category, Petition, ReceptionLog, ReceptionPhoto
from stations.models import Community, Reception
from stations.scope import scope_for

# A clerk logs what happened; a page with more rows than this is a mistake or an attack.
MAX_ISSUES = 50
# Files sent with one log (each issue also at most attachments.MAX_FILES). Django refuses a request
# with more than DATA_UPLOAD_MAX_NUMBER_FILES file parts, and every row's input sends one even when
# empty: MAX_ISSUES + MAX_FILES_PER_LOG must stay within it (the default, 100) for our own message
# to be shown instead of a bare 400 page.
MAX_FILES_PER_LOG = 50
MAX_PHOTOS = 12
PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_SIDE = 2400
LOGGABLE = (Reception.Status.PLANNED, Reception.Status.MISSED)
MARKS = (Duty.Attendance.PRESENT, Duty.Attendance.LATE, Duty.Attendance.ABSENT)


@dataclass(frozen=True)
class IssueInput:
    """One issue raised at the reception, already parsed (reception_forms.IssueForm)."""

    resident_name: str
    resident_phone: str
    category: Category
    content: str
    community: Community | None = None
    deputy: Deputy | None = None
    hide_name_from_deputy: bool = False
    # Uploaded photos/PDFs, or the same already checked (attachments.PreparedFile).
    attachments: tuple = ()


# Reads ---------------------------------------------------------------------------------------


def receptions_loggable_by(user) -> QuerySet[Reception]:
    """Receptions the user may log: by staff and clerk positions only (a deputy's duty does not count)."""
    scope = scope_for(user)
    return Reception.objects.filter(scope.positions_q())


def reception_get_for_logging(user, pk: int) -> Reception:
    """Fetch-or-404 within the user's positions."""
    return get_object_or_404(receptions_loggable_by(user).select_related("node", "station", "street"), pk=pk)


def may_log(user, reception: Reception) -> bool:
    return receptions_loggable_by(user).filter(pk=reception.pk).exists()


def duties_of(reception: Reception) -> QuerySet[Duty]:
    return reception.duties.select_related("deputy", "swapped_with").order_by("deputy__name", "id")


def log_of(reception: Reception) -> ReceptionLog | None:
    return ReceptionLog.objects.filter(reception=reception).first()


def cases_of(reception: Reception) -> QuerySet[Petition]:
    return reception.petitions.select_related("category", "assigned_deputy").order_by("tracking_no")


# Writes --------------------------------------------------------------------------------------


def _check(by, reception: Reception) -> None:
    if not may_log(by, reception):
        raise services.NotAllowed(_("Your role does not allow logging this reception."))


def _log_for(reception: Reception) -> ReceptionLog:
    try:
        with transaction.atomic():
            log, _created = ReceptionLog.objects.get_or_create(reception=reception)
    except IntegrityError:  # created by a concurrent autosave
        log = ReceptionLog.objects.get(reception=reception)
    return log


def reception_log_save_draft(*, reception: Reception, by, draft: Mapping, now=None) -> ReceptionLog:
    """Keep everything typed so far (raw strings, unvalidated): leaving the page loses nothing.

    The last save wins; a log already submitted keeps no draft (DomainError).
    """
    _check(by, reception)
    now = now or timezone.now()
    log = _log_for(reception)
    saved = ReceptionLog.objects.filter(pk=log.pk, submitted_at__isnull=True).update(
        draft=dict(draft), draft_saved_at=now, updated_at=now
    )
    if not saved:
        raise DomainError(_("This reception has already been logged."))
    log.refresh_from_db()
    return log


@transaction.atomic
def reception_attendance_set(*, duty: Duty, attendance: str, by, now=None) -> Duty:
    """Mark one deputy on duty present, late or absent (saved at once; corrections allowed later)."""
    reception = duty.reception
    _check(by, reception)
    if attendance not in MARKS:
        raise ValidationError({"attendance": _("Choose present, late or absent.")})
    if reception.status == Reception.Status.CANCELLED:
        raise DomainError(_("This reception was cancelled."))
    if reception.date > timezone.localdate(now or timezone.now()):
        raise DomainError(_("Attendance is marked on or after the day of the reception."))
    Duty.objects.filter(pk=duty.pk).update(attendance=attendance, updated_at=now or timezone.now())
    duty.refresh_from_db()
    record_change(
        by=by, obj=duty, action=CHANGED, message=_("Attendance: %(mark)s") % {"mark": duty.get_attendance_display()}
    )
    return duty


def reception_photo_add(*, reception: Reception, upload, by) -> ReceptionPhoto:
    """A photo of the event, checked by its content and re-encoded (no EXIF/GPS kept)."""
    _check(by, reception)
    if reception.status == Reception.Status.CANCELLED:
        raise DomainError(_("This reception was cancelled."))
    log = _log_for(reception)
    if log.photos.count() >= MAX_PHOTOS:
        raise ValidationError({"photo": _("At most %(n)d photos per reception.") % {"n": MAX_PHOTOS}})
    try:
        data = reencode_image(upload, max_bytes=PHOTO_MAX_BYTES, max_side=PHOTO_MAX_SIDE)
    except ValidationError as error:
        messages = {
            TOO_LARGE: _("The photo is larger than 10 MB."),
            TOO_MANY_PIXELS: _("The photo has too many pixels."),
            NOT_AN_IMAGE: _("Upload a JPEG, PNG or WebP photo."),
        }
        raise ValidationError({"photo": messages.get(error.code, messages[NOT_AN_IMAGE])}) from error
    with transaction.atomic():
        photo = ReceptionPhoto(log=log, size=len(data), uploaded_by=by)
        photo.file.save("photo.jpg", ContentFile(data), save=False)
        photo.save()
        record_change(by=by, obj=log, action=ADDED, message=_("Photo added"))
    return photo


def _received_at(reception: Reception, now: dt.datetime) -> dt.datetime:
    """The cases were raised at the reception: its date and start time, never later than now."""
    at = timezone.make_aware(dt.datetime.combine(reception.date, reception.start_time))
    return min(at, now)


def _check_counts(residents_received, issues: list[IssueInput]) -> None:
    if residents_received is None or residents_received < 0:
        raise ValidationError({"residents_received": _("Enter the number of residents received.")})
    residents = {(i.resident_name.strip(), i.resident_phone.strip()) for i in issues}
    if residents_received < len(residents):
        raise ValidationError(
            {
                "residents_received": _(
                    "The issues below come from %(n)d different residents: at least that many were received."
                )
                % {"n": len(residents)}
            }
        )
    if len(issues) > MAX_ISSUES:
        raise ValidationError(_("At most %(n)d issues per log; split the rest into another entry.") % {"n": MAX_ISSUES})


def _checked_files(issues: list[IssueInput]) -> list[list]:
    """Every issue's files checked (photos re-encoded, limits) before anything is written."""
    total = sum(len(issue.attachments) for issue in issues)
    if total > MAX_FILES_PER_LOG:
        raise ValidationError(
            _("At most %(max)d files per log; you chose %(n)d. Add the others to the cases afterwards.")
            % {"max": MAX_FILES_PER_LOG, "n": total}
        )
    checked, errors = [], []
    for n, issue in enumerate(issues, start=1):
        try:
            checked.append(prepare_uploads(issue.attachments))
        except ValidationError as error:
            errors.extend(_("Issue %(n)d: %(problem)s") % {"n": n, "problem": m} for m in error.messages)
    if errors:
        raise ValidationError(errors)
    return checked


def reception_log_submit(
    *,
    reception: Reception,
    by,
    residents_received: int,
    notes: str = "",
    issues: Iterable[IssueInput] = (),
    attendance: Mapping[int, str] | None = None,
    now=None,
) -> list[Petition]:
    """Log the reception, once; returns the cases created.

    1. Refuse a reception not yet come, cancelled, or already logged (a second submit creates
       nothing: the conditional update below lets exactly one of two concurrent submits through).
    2. Apply `attendance` (duty id → mark) if given; every deputy on duty must then be marked.
    3. Flip the reception planned|missed → held with a conditional update.
    4. Create each issue as a case (channel "reception", linked to the reception), assigned to the
       deputy chosen in its row, or by default to the first deputy present.
    5. Store the count and notes on the log, empty the draft, write one audit row.
    Any error rolls everything back: the draft stays as it was. Each issue's files are checked
    first, outside the transaction (decoding photos holds no lock), and kept with its case's
    "create" event.
    """
    _check(by, reception)
    issues = list(issues)
    files = _checked_files(issues)
    return _submit(
        reception=reception,
        by=by,
        residents_received=residents_received,
        notes=notes,
        issues=list(zip(issues, files, strict=True)),
        attendance=attendance,
        now=now,
    )


@transaction.atomic
def _submit(*, reception, by, residents_received, notes, issues, attendance, now) -> list[Petition]:
    now = now or timezone.now()
    if reception.date > timezone.localdate(now):
        raise DomainError(_("A reception can be logged from its day on, not before."))
    if reception.status == Reception.Status.CANCELLED:
        raise DomainError(_("This reception was cancelled."))
    if reception.status == Reception.Status.HELD:
        raise DomainError(_("This reception has already been logged."))
    _check_counts(residents_received, [issue for issue, _files in issues])

    duties = list(duties_of(reception))
    for duty in duties:
        mark = (attendance or {}).get(duty.pk)
        if mark and mark != duty.attendance:
            if mark not in MARKS:
                raise ValidationError({"attendance": _("Choose present, late or absent.")})
            Duty.objects.filter(pk=duty.pk).update(attendance=mark, updated_at=now)
            duty.attendance = mark
    unmarked = [d.deputy.name for d in duties if d.attendance not in MARKS]
    if unmarked:
        raise ValidationError(
            {
                "attendance": _("Mark the attendance of every deputy on duty: %(names)s.")
                % {"names": "、".join(unmarked)}
            }
        )

    flipped = Reception.objects.filter(pk=reception.pk, status__in=LOGGABLE).update(
        status=Reception.Status.HELD, updated_at=now
    )
    if not flipped:
        raise DomainError(_("This reception has already been logged."))
    reception.status = Reception.Status.HELD

    fallback = next(
        (d.deputy for mark in (Duty.Attendance.PRESENT, Duty.Attendance.LATE) for d in duties if d.attendance == mark),
        None,
    )
    received_at = _received_at(reception, now)
    note = _("Raised at the reception day of %(date)s.") % {"date": reception.date.isoformat()}
    created = []
    for issue, files in issues:
        petition = services.petition_create(
            by=by,
            node=reception.node,
            channel=Petition.Channel.RECEPTION,
            resident_name=issue.resident_name,
            resident_phone=issue.resident_phone,
            category=issue.category,
            content=issue.content,
            community=issue.community,
            hide_name_from_deputy=issue.hide_name_from_deputy,
            received_at=received_at,
            note=note,
            attachments=files,
        )
        Petition.objects.filter(pk=petition.pk).update(reception=reception)
        petition.reception = reception
        deputy = issue.deputy or fallback
        if deputy is not None and deputy.is_active:
            services.petition_assign(petition=petition, deputy=deputy, by=by)
        created.append(petition)

    log = _log_for(reception)
    ReceptionLog.objects.filter(pk=log.pk).update(
        residents_received=residents_received,
        notes=notes.strip()[:5000],
        draft={},
        draft_saved_at=None,
        submitted_at=now,
        submitted_by=by,
        updated_at=now,
    )
    record_change(
        by=by,
        obj=reception,
        action=CHANGED,
        message=_("Logged: %(residents)d residents received, %(cases)d cases")
        % {"residents": residents_received, "cases": len(created)},
    )
    return created
