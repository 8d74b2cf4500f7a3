"""Referral to a handling unit (转办), its acknowledgement, the written reply and extensions.

The reply is due LIAISON_REPLY_PERIOD_MONTHS after the unit receives the letter (自收文之日起),
by the civil-law period rule in liaison.deadlines; the date is stored on the case and the referral.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.errors import DomainError
from petitions import notify
from petitions.attachments import PDF_MAGIC, PreparedFile, prepare_upload, store
from petitions.models import HandlingUnit, Petition, Referral, Review
from petitions.periods import reply_deadline
from petitions.services.core import check_allowed, transition


def _letter_number(petition: Petition, year: int) -> str:
    prefix = f"{petition.district.code}-ZB-{year}-"
    last = (
        Referral.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    )
    return f"{prefix}{(int(last.rsplit('-', 1)[1]) + 1) if last else 1:05d}"


def _current_referral(petition: Petition) -> Referral:
    referral = Referral.objects.select_for_update().filter(petition=petition, is_current=True).first()
    if referral is None:
        raise DomainError(_("This case has no referral yet."))
    return referral


@transaction.atomic
def petition_refer(
    *,
    petition: Petition,
    by,
    unit: HandlingUnit,
    route: str,
    deputy_opinion: str = "",
    street_opinion: str = "",
    district_opinion: str = "",
    expected_version: int | None = None,
    now=None,
) -> Referral:
    """Refer the case with a numbered letter. Street route: street staff, with the deputy's and the
    street committee's opinions. District route: district staff, after the committee's review.

    The clock starts at once from the sending date and is reset when the unit's receipt is recorded.
    """
    Referral.Route(route)
    check_allowed(by, "refer_street" if route == Referral.Route.STREET else "refer_district", petition)
    if unit.district_id != petition.district_id or not unit.is_active:
        raise ValidationError({"unit": _("Choose an active handling unit of this district.")})
    # The route decides the addressee: the case's own street office, or the government side.
    is_street_office = unit.kind == HandlingUnit.Kind.STREET_OFFICE
    if route == Referral.Route.STREET and not (is_street_office and unit.street_id == petition.street_id):
        raise ValidationError({"unit": _("On the street route, choose the street office of the case's street.")})
    if route == Referral.Route.DISTRICT and is_street_office:
        raise ValidationError(
            {"unit": _("On the district route, choose the district government office or a department.")}
        )
    if route == Referral.Route.STREET and not street_opinion.strip():
        raise ValidationError({"street_opinion": _("The street committee's opinion is required on this route.")})
    if route == Referral.Route.DISTRICT and not district_opinion.strip():
        raise ValidationError({"district_opinion": _("The district committee's review is required on this route.")})
    now = now or timezone.now()
    deadline = reply_deadline(timezone.localdate(now))
    Referral.objects.filter(petition=petition, is_current=True).update(is_current=False)
    transition(
        petition,
        action="refer",
        by=by,
        expected_version=expected_version,
        now=now,
        fields={"due_on": deadline.due_on, "due_provisional": deadline.provisional, "overdue_since": None},
        data={"unit": unit.name, "route": route},
    )
    transaction.on_commit(lambda: notify.case_referred(petition), robust=True)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                referral = Referral.objects.create(
                    petition=petition,
                    number=_letter_number(petition, timezone.localdate(now).year),
                    route=route,
                    unit=unit,
                    deputy_opinion=deputy_opinion.strip(),
                    street_opinion=street_opinion.strip(),
                    district_opinion=district_opinion.strip(),
                    sent_at=now,
                    sent_by=by,
                    reply_due_on=deadline.due_on,
                )
            return referral
        except IntegrityError:
            continue
    raise DomainError(_("The referral letter could not be numbered; please try again."))


@transaction.atomic
def referral_acknowledge(
    *, petition: Petition, by, received_on: date, received_by_name: str, expected_version: int | None = None
) -> Referral:
    """Record the unit's receipt (回执): the reply is due three months from that day, or on the date
    of an extension already approved if that is later (the receipt never shortens an extension)."""
    check_allowed(by, "acknowledge", petition)
    referral = _current_referral(petition)
    if received_on < timezone.localtime(referral.sent_at).date() or received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The receipt date must be between the sending date and today.")})
    deadline = reply_deadline(received_on)
    due_on, provisional = deadline.due_on, deadline.provisional
    if referral.extended_to and referral.extended_to > due_on:
        due_on, provisional = referral.extended_to, False  # an approved extension is a fixed date
    transition(
        petition,
        action="acknowledge",
        by=by,
        expected_version=expected_version,
        fields={"due_on": due_on, "due_provisional": provisional, "overdue_since": None},
        data={"received_on": received_on.isoformat(), "due_on": due_on.isoformat()},
        note=received_by_name.strip(),
    )
    referral.received_on = received_on
    referral.received_by_name = received_by_name.strip()[:50]
    referral.reply_due_on = deadline.due_on
    referral.save(update_fields=["received_on", "received_by_name", "reply_due_on"])
    return referral


@transaction.atomic
def petition_reply(
    *,
    petition: Petition,
    by,
    reply_text: str,
    reply_class: str,
    replied_on: date | None = None,
    expected_version: int | None = None,
    document=None,
) -> Referral:
    """Record the unit's written reply (also the re-reply during a review). `document`, the signed
    reply as an uploaded PDF (checked by its content), is kept with the reply's timeline event."""
    check_allowed(by, "reply", petition)
    Referral.ReplyClass(reply_class)
    if not reply_text.strip():
        raise ValidationError({"reply_text": _("Enter the text of the written reply.")})
    prepared = _reply_document(document) if document is not None else None
    referral = _current_referral(petition)
    replied_on = replied_on or timezone.localdate()
    if replied_on < timezone.localtime(referral.sent_at).date() or replied_on > timezone.localdate():
        raise ValidationError({"replied_on": _("The reply date must be between the sending date and today.")})
    Review.objects.filter(petition=petition, closed_at__isnull=True).update(closed_at=timezone.now())
    event = transition(
        petition,
        action="reply",
        by=by,
        expected_version=expected_version,
        note=reply_text.strip(),
        fields={"due_on": None, "due_provisional": False, "overdue_since": None},
        data={"reply_class": reply_class, "late": bool(petition.due_on and replied_on > petition.due_on)},
    )
    transaction.on_commit(lambda: notify.case_replied(petition), robust=True)
    referral.reply_text, referral.reply_class, referral.replied_on = reply_text.strip(), reply_class, replied_on
    referral.save(update_fields=["reply_text", "reply_class", "replied_on"])
    if prepared is not None:
        store(petition=petition, event=event, by=by, prepared=[prepared])
    return referral


def _reply_document(upload) -> PreparedFile:
    """The reply's PDF, checked by petitions.attachments (content, name, size); anything else refused."""
    upload.seek(0)
    is_pdf = upload.read(len(PDF_MAGIC)) == PDF_MAGIC
    upload.seek(0)
    if not is_pdf:
        raise ValidationError({"document": _("The written reply must be a PDF document.")})
    try:
        return prepare_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages}) from exc


def extension_limit(referral: Referral) -> date:
    """The latest date an extension may reach: LIAISON_EXTENSION_MAX_MONTHS after receipt (or sending)."""
    start = referral.received_on or timezone.localtime(referral.sent_at).date()
    return start + relativedelta(months=settings.LIAISON_EXTENSION_MAX_MONTHS)


@transaction.atomic
def referral_extend(
    *, petition: Petition, by, new_due_on: date, reason: str, expected_version: int | None = None
) -> Referral:
    """An approved extension (district staff), to at most LIAISON_EXTENSION_MAX_MONTHS after receipt."""
    check_allowed(by, "extend", petition)
    if not reason.strip():
        raise ValidationError({"reason": _("An extension needs a written reason.")})
    referral = _current_referral(petition)
    limit = extension_limit(referral)
    if petition.due_on and new_due_on <= petition.due_on:
        raise ValidationError({"new_due_on": _("The new date must be later than the current due date.")})
    if new_due_on > limit:
        raise ValidationError(
            {
                "new_due_on": _("At most %(months)d months in total: no later than %(limit)s.")
                % {"months": settings.LIAISON_EXTENSION_MAX_MONTHS, "limit": limit.isoformat()}
            }
        )
    transition(
        petition,
        action="extend",
        by=by,
        expected_version=expected_version,
        note=reason.strip(),
        fields={"due_on": new_due_on, "due_provisional": False, "overdue_since": None},
        data={"from": petition.due_on.isoformat() if petition.due_on else None, "to": new_due_on.isoformat()},
    )
    referral.extended_to, referral.extension_reason, referral.extension_approved_by = new_due_on, reason.strip(), by
    referral.save(update_fields=["extended_to", "extension_reason", "extension_approved_by"])
    return referral
