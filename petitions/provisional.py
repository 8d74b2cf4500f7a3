"""Provisional due dates become final once the working-day calendar covers their year.

A due date that ends in a year the calendar does not cover yet (China publishes next year's
holidays late in the year) is stored unrolled and flagged `due_provisional`. When district staff
enter that year's holidays and confirm it (or a newer calendar package has it), the next deadline
sweep recomputes the date from the same start — the unit's receipt (or the sending date), or the
opening of the review — and records the change on the timeline. A date an extension set is final.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from petitions.models import Petition, Referral, Review
from petitions.periods import reply_deadline, rereply_deadline
from petitions.services.core import record

BATCH = 500


def _recomputed(case: Petition):
    """(deadline, row to keep in step) for a provisional case, or (None, None) when not decidable."""
    if case.status == Petition.Status.REVIEW:
        review = Review.objects.filter(petition=case, closed_at__isnull=True).first()
        if review is None:
            return None, None
        return rereply_deadline(timezone.localdate(review.opened_at)), review
    referral = Referral.objects.filter(petition=case, is_current=True).first()
    if referral is None or referral.extended_to:
        return None, None
    start = referral.received_on or timezone.localdate(referral.sent_at)
    return reply_deadline(start), referral


def refresh_provisional_due_dates(*, now=None, dry_run: bool = False) -> int:
    """Make provisional due dates final where the calendar now allows it; returns how many changed."""
    now = now or timezone.now()
    changed = 0
    cases = Petition.objects.filter(
        due_provisional=True,
        status__in=[Petition.Status.REFERRED, Petition.Status.ACKNOWLEDGED, Petition.Status.REVIEW],
    ).order_by("pk")[:BATCH]
    for case in cases:
        deadline, row = _recomputed(case)
        if deadline is None or deadline.provisional:
            continue
        if dry_run:
            changed += 1
            continue
        with transaction.atomic():
            # Conditional: a reply, extension or review since the read wins over this refresh.
            updated = Petition.objects.filter(
                pk=case.pk, status=case.status, due_on=case.due_on, due_provisional=True
            ).update(due_on=deadline.due_on, due_provisional=False)
            if not updated:
                continue
            if isinstance(row, Review):
                Review.objects.filter(pk=row.pk).update(due_on=deadline.due_on)
            else:
                Referral.objects.filter(pk=row.pk).update(reply_due_on=deadline.due_on)
            with translation.override(settings.LANGUAGE_CODE):
                note = _("Due date confirmed as %(date)s: the working-day calendar now covers that year.") % {
                    "date": deadline.due_on.isoformat()
                }
            record(
                case,
                by=None,
                action="comment",
                note=note,
                actor_label="system",
                at=now,
                data={"from": case.due_on.isoformat(), "to": deadline.due_on.isoformat()},
            )
        changed += 1
    return changed
