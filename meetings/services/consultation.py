"""Writes of legislative consultation (立法征询): drafts, opinions, adoption and certificate numbers.

Who may do what:
- district staff put drafts out for the district (or one of its streets); street staff for their street;
- clerks enter opinions for their stations (optionally from a consultation meeting, naming the deputy
  who raised it); committee staff may enter them for any station in their scope; a deputy sends their
  own; residents send theirs online (no user). Only while the draft is open (dates, local time);
- staff of the draft's scope (the district's staff, or the street's for a street draft) decide each
  opinion adopted or not; an adopted one gets the next certificate number of the year.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deputies.models import Deputy
from liaison.audit import ADDED, CHANGED, changed_fields_message, record_change
from liaison.errors import DomainError
from meetings.models import Meeting
from meetings.models.consultation import CertificateSequence, DraftRegulation, Opinion
from notifications.services import notify
from stations.models import Node
from stations.scope import scope_for

PDF_MAGIC = b"%PDF-"
PDF_MAX_BYTES = 20 * 1024 * 1024
CERTIFICATE_PREFIX = "CN"
ENTRY_KINDS = (Node.Kind.STREET, Node.Kind.STATION, Node.Kind.POINT)


class NotAllowed(DomainError):
    """The user's role does not allow this (views answer 403)."""


class NotOpen(DomainError):
    """The draft takes no opinions today (before it opens or after its due date)."""


# Who may do what


def draft_scope_nodes(user) -> QuerySet[Node]:
    """The district or streets the user may put a draft out for (empty for clerks and deputies)."""
    scope = scope_for(user)
    kinds = [Node.Kind.DISTRICT, Node.Kind.STREET]
    if scope.is_admin:
        return Node.objects.filter(kind__in=kinds, is_active=True)
    q = Q(pk__in=[])
    if scope.district_ids:
        q |= Q(pk__in=sorted(scope.district_ids)) | Q(kind=Node.Kind.STREET, district_id__in=sorted(scope.district_ids))
    if scope.street_ids:
        q |= Q(pk__in=sorted(scope.street_ids))
    return Node.objects.filter(q, kind__in=kinds, is_active=True)


def may_create_drafts(user) -> bool:
    return scope_for(user).is_staff_reader


def may_decide(user, draft: DraftRegulation) -> bool:
    """The draft's own staff: the district's for any draft of it, the street's for a street draft."""
    scope = scope_for(user)
    return (
        scope.is_admin
        or draft.district_id in scope.district_ids
        or (draft.street_id is not None and draft.street_id in scope.street_ids)
    )


def _in_draft_scope(draft: DraftRegulation) -> Q:
    q = Q(district_id=draft.district_id, kind__in=ENTRY_KINDS, is_active=True)
    if draft.street_id:
        q &= Q(street_id=draft.street_id)
    return q


def entry_nodes(user, draft: DraftRegulation) -> QuerySet[Node]:
    """Where the user may record opinions on this draft: clerks their stations (and points), staff
    anything in their scope, a deputy the nodes they are placed at; always within the draft's scope."""
    scope = scope_for(user)
    nodes = Node.objects.filter(_in_draft_scope(draft))
    if scope.is_admin:
        return nodes
    q = scope.positions_q()
    if scope.deputy_id:
        q |= Q(deputy_assignments__deputy_id=scope.deputy_id)
    return nodes.filter(q).distinct()


def entry_deputies(nodes: QuerySet[Node]) -> QuerySet[Deputy]:
    """Deputies placed at those nodes (or at the stations they belong to)."""
    station_ids = nodes.exclude(station__isnull=True).values("station_id")
    return (
        Deputy.objects.filter(is_active=True)
        .filter(Q(assignments__node__in=nodes) | Q(assignments__node__station_id__in=station_ids))
        .distinct()
        .order_by("name")
    )


def entry_meetings(nodes: QuerySet[Node]) -> QuerySet[Meeting]:
    """Legislative consultation meetings (立法议事会) held at those nodes' stations, not cancelled."""
    station_ids = nodes.exclude(station__isnull=True).values("station_id")
    return (
        Meeting.objects.filter(kind=Meeting.Kind.LEGISLATIVE)
        .exclude(status=Meeting.Status.CANCELLED)
        .filter(Q(node__in=nodes) | Q(station_id__in=station_ids))
        .order_by("-starts_at")
    )


def may_enter(user, draft: DraftRegulation) -> bool:
    scope = scope_for(user)
    if not (scope.is_staff_reader or "clerk" in scope.roles or scope.deputy_id):
        return False
    return entry_nodes(user, draft).exists()


# Drafts


def check_pdf(upload) -> File:
    """A PDF by its first bytes, with a .pdf name, at most PDF_MAX_BYTES; raises ValidationError."""
    name = (upload.name or "").lower()
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC or not name.endswith(".pdf"):
        raise ValidationError({"pdf": _("Choose a PDF document (a file ending in .pdf).")})
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError({"pdf": _("A PDF may be at most %(max)s.") % {"max": filesizeformat(PDF_MAX_BYTES)}})
    return File(upload, name="draft.pdf")


def draft_create(
    *,
    by,
    scope_node: Node,
    title: str,
    issuing_body: str,
    text: str = "",
    pdf=None,
    opinions_open_from: dt.date,
    opinions_due: dt.date,
) -> DraftRegulation:
    """Put a draft out for opinions, for a district or a street the user is staff of."""
    if not draft_scope_nodes(by).filter(pk=scope_node.pk).exists():
        raise NotAllowed(_("You cannot put drafts out for %(node)s.") % {"node": scope_node.name})
    draft = DraftRegulation(
        title=title.strip(),
        issuing_body=issuing_body.strip(),
        text=text.strip(),
        opinions_open_from=opinions_open_from,
        opinions_due=opinions_due,
        district_id=scope_node.pk if scope_node.kind == Node.Kind.DISTRICT else scope_node.district_id,
        street_id=scope_node.pk if scope_node.kind == Node.Kind.STREET else None,
        created_by=by,
    )
    _check_draft(draft, has_pdf=pdf is not None)
    checked = check_pdf(pdf) if pdf is not None else None
    with transaction.atomic():
        if checked is not None:
            draft.pdf.save(checked.name, checked, save=False)
        draft.save()
        record_change(by=by, obj=draft, action=ADDED, message=_("Put out for opinions."))
    return draft


EDITABLE = ("title", "issuing_body", "text", "opinions_open_from", "opinions_due")


def draft_update(*, by, draft: DraftRegulation, version: int, pdf=None, **changes) -> DraftRegulation:
    """Correct a draft or move its dates (e.g. extend the period), as its own staff; `pdf` replaces
    the file. Refused when someone saved the draft since `version` was read."""
    if not may_decide(by, draft):
        raise NotAllowed(_("Only the committee staff who put this draft out may change it."))
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(draft, name, value.strip() if isinstance(value, str) else value)
    _check_draft(draft, has_pdf=pdf is not None or bool(draft.pdf))
    checked = check_pdf(pdf) if pdf is not None else None
    fields = {name: getattr(draft, name) for name in EDITABLE}
    with transaction.atomic():
        updated = DraftRegulation.objects.filter(pk=draft.pk, version=version).update(
            **fields, version=version + 1
        )
        if updated != 1:
            raise DomainError(_("Someone else changed this draft while you were editing; open it again."))
        draft.version = version + 1
        if checked is not None:  # stored only once the save is sure to go ahead
            draft.pdf.save(checked.name, checked, save=False)
            DraftRegulation.objects.filter(pk=draft.pk).update(pdf=draft.pdf.name)
        record_change(
            by=by, obj=draft, action=CHANGED,
            message=changed_fields_message(draft, [*changes, *(["pdf"] if checked else [])]),
        )
    return draft


def _check_draft(draft: DraftRegulation, *, has_pdf: bool) -> None:
    errors = {}
    if draft.opinions_due < draft.opinions_open_from:
        errors["opinions_due"] = _("The due date cannot be before the opening date.")
    if not draft.text and not has_pdf:
        errors["text"] = _("Give the text of the draft, or attach it as a PDF.")
    if errors:
        raise ValidationError(errors)
    draft.full_clean(exclude=["pdf", "created_by"])


# Opinions


def _check_open(draft: DraftRegulation, now) -> None:
    today = timezone.localdate(now)
    state = draft.state_on(today)
    if state == DraftRegulation.State.CLOSED:
        raise NotOpen(
            _("Opinions on this draft were due by %(date)s; it no longer takes opinions.")
            % {"date": date_format(draft.opinions_due, "DATE_FORMAT")}
        )
    if state == DraftRegulation.State.UPCOMING:
        raise NotOpen(
            _("This draft takes opinions from %(date)s.")
            % {"date": date_format(draft.opinions_open_from, "DATE_FORMAT")}
        )


def opinion_create(
    *,
    by,
    draft: DraftRegulation,
    node: Node,
    text: str,
    article: str = "",
    deputy: Deputy | None = None,
    meeting: Meeting | None = None,
    contributor_name: str = "",
    now=None,
) -> Opinion:
    """Record an opinion gathered at `node`. A deputy entering their own is channel "deputy" (the
    deputy is themselves); a clerk's or staff's entry is channel "station", optionally naming the
    deputy who raised it (it then counts for them) and the meeting it came from."""
    now = now or timezone.now()
    scope = scope_for(by)
    if not entry_nodes(by, draft).filter(pk=node.pk).exists():
        raise NotAllowed(_("You cannot record opinions on this draft for %(node)s.") % {"node": node.name})
    own = scope.deputy_id is not None and not (scope.is_staff_reader or "clerk" in scope.roles)
    if own:
        channel, deputy, meeting = Opinion.Channel.DEPUTY, Deputy.objects.get(pk=scope.deputy_id), None
    else:
        channel = Opinion.Channel.STATION
        nodes = Node.objects.filter(pk=node.pk)
        if deputy is not None and not entry_deputies(nodes).filter(pk=deputy.pk).exists():
            raise ValidationError({"deputy": _("This deputy is not placed at that station.")})
        if meeting is not None and not entry_meetings(nodes).filter(pk=meeting.pk).exists():
            raise ValidationError({"meeting": _("This meeting was not held at that station.")})
    _check_open(draft, now)
    opinion = Opinion(
        draft=draft,
        text=text.strip(),
        article=article.strip(),
        channel=channel,
        deputy=deputy,
        meeting=meeting,
        contributor_name=contributor_name.strip(),
        entered_by=by,
        entered_at=now,
    )
    opinion.place_at(node)
    opinion.full_clean(exclude=["certificate_no"])
    with transaction.atomic():
        opinion.save()
        record_change(by=by, obj=opinion, action=ADDED, message=_("Opinion recorded."))
    return opinion


def opinion_submit_online(
    *, draft: DraftRegulation, text: str, article: str = "", name: str = "", phone: str = "", now=None
) -> Opinion:
    """A resident's opinion from the public page (no user): counted for the draft's district/street."""
    now = now or timezone.now()
    _check_open(draft, now)
    opinion = Opinion(
        draft=draft,
        text=text.strip(),
        article=article.strip(),
        channel=Opinion.Channel.ONLINE,
        contributor_name=name.strip(),
        contributor_phone=phone.strip(),
        district_id=draft.district_id,
        street_id=draft.street_id,
        entered_at=now,
    )
    opinion.full_clean(exclude=["certificate_no"])
    opinion.save()
    return opinion


# Decisions and certificates


def next_certificate_no(year: int) -> str:
    """The next number of `year`, e.g. "CN-2026-0001". Call inside a transaction: the sequence row
    stays locked until it commits, so two adoptions at once get two numbers, with no gap if one
    rolls back."""
    if not CertificateSequence.objects.filter(year=year).exists():
        try:
            with transaction.atomic():
                CertificateSequence.objects.create(year=year)
        except IntegrityError:  # another adoption created it first
            pass
    sequence = CertificateSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{CERTIFICATE_PREFIX}-{year}-{sequence.last:04d}"


def opinion_decide(*, by, opinion: Opinion, decision: str, reason: str = "", now=None) -> Opinion:
    """Decide a pending opinion adopted or not adopted, once. An adopted one gets its certificate
    number in the same transaction; of two staff deciding at once, exactly one wins."""
    now = now or timezone.now()
    draft = opinion.draft
    if not may_decide(by, draft):
        raise NotAllowed(_("Only the committee staff who put this draft out decide on its opinions."))
    if decision not in (Opinion.Decision.ADOPTED, Opinion.Decision.NOT_ADOPTED):
        raise ValidationError({"decision": _("Choose adopted or not adopted.")})
    reason = reason.strip()
    if decision == Opinion.Decision.NOT_ADOPTED and not reason:
        raise ValidationError({"reason": _("Say why the opinion is not adopted; the contributor is told.")})
    with transaction.atomic():
        locked = Opinion.objects.select_for_update().filter(pk=opinion.pk, decision=Opinion.Decision.PENDING)
        if not locked.exists():
            raise DomainError(_("This opinion has already been decided (perhaps by a colleague just now)."))
        number = next_certificate_no(timezone.localdate(now).year) if decision == Opinion.Decision.ADOPTED else None
        changed = locked.update(
            decision=decision, decided_by=by, decided_at=now, reason=reason, certificate_no=number
        )
        if changed != 1:
            raise DomainError(_("This opinion has already been decided (perhaps by a colleague just now)."))
        opinion.refresh_from_db()
        label = Opinion.Decision(decision).label
        message = _("Decided: %(decision)s.") % {"decision": label}
        if number:
            message += " " + _("Certificate %(no)s.") % {"no": number}
        record_change(by=by, obj=opinion, action=CHANGED, message=message)
        transaction.on_commit(lambda: _tell_deputy(opinion), robust=True)
    return opinion


def _tell_deputy(opinion: Opinion) -> None:
    """The deputy whose opinion it is hears the decision on the bell (in the portal's language)."""
    deputy = opinion.deputy
    if deputy is None or deputy.user_id is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if opinion.decision == Opinion.Decision.ADOPTED:
            title = _("Your opinion on %(draft)s was adopted (certificate %(no)s).") % {
                "draft": opinion.draft.title, "no": opinion.certificate_no,
            }
            url = reverse("meetings:consultation_certificate", args=[opinion.pk])
        else:
            title = _("Your opinion on %(draft)s was not adopted.") % {"draft": opinion.draft.title}
            url = reverse("meetings:consultation_detail", args=[opinion.draft_id])
    notify(
        users=[deputy.user],
        kind="consultation_decision",
        title=title,
        body=opinion.reason,
        url=url,
        key=f"consultation-decision:{opinion.pk}",
    )
