"""Sending: one claimed row at a time, and a sweep that retries what was lost or failed.

Plain functions; the Celery tasks in tasks.py only call them, and tests call them directly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.models import Delivery, SendState, SmsMessage
from notifications.sms import sms_sender

log = logging.getLogger(__name__)

Status = SendState.Status
# After this many failed sends a row stays failed (a wrong address does not improve with retries).
MAX_ATTEMPTS = 5
SWEEP_BATCH = 500


def _claim(model, pk: int) -> bool:
    """pending|failed → sending. False when another worker has it, or it was sent already."""
    claimed = model.objects.filter(pk=pk, status__in=[Status.PENDING, Status.FAILED], attempts__lt=MAX_ATTEMPTS).update(
        status=Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    return claimed == 1


def _finish(model, pk: int) -> None:
    now = timezone.now()
    model.objects.filter(pk=pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=now, updated_at=now, last_error=""
    )


def _fail(model, pk: int, error: Exception) -> None:
    model.objects.filter(pk=pk, status=Status.SENDING).update(
        status=Status.FAILED, updated_at=timezone.now(), last_error=type(error).__name__[:200]
    )
    log.warning("Sending %s %s failed: %s", model.__name__, pk, type(error).__name__)


def _email_text(delivery: Delivery) -> str:
    note = delivery.notification
    lines = [note.body] if note.body else []
    if note.url:
        with translation.override(settings.LANGUAGE_CODE):
            lines.append(_("Open in the portal: %(url)s") % {"url": f"{settings.LIAISON_SITE_URL}{note.url}"})
    return "\n\n".join(lines)


def _send_delivery(delivery: Delivery) -> None:
    note = delivery.notification
    if delivery.channel == Delivery.Channel.EMAIL:
        send_mail(note.title, _email_text(delivery), settings.DEFAULT_FROM_EMAIL, [delivery.address])
    else:
        sms_sender().send(delivery.address, f"{note.title} {note.body}".strip()[:500])


def deliver(delivery_id: int) -> bool:
    """Send one delivery at most once per claim. Returns True when this call sent it.

    1. Claim the row (pending|failed → sending); give up if someone else did or it is sent.
    2. Send by email or SMS.
    3. Mark it sent (sending → sent), or failed with the error's class name.
    A crash between 2 and 3 leaves it "sending"; the sweep hands it back after a while.
    """
    if not _claim(Delivery, delivery_id):
        return False
    delivery = Delivery.objects.select_related("notification").get(pk=delivery_id)
    try:
        _send_delivery(delivery)
    except Exception as error:  # any gateway or SMTP error: recorded, retried by the sweep
        _fail(Delivery, delivery_id, error)
        return False
    _finish(Delivery, delivery_id)
    return True


def sms_deliver(sms_id: int) -> bool:
    """Send one SmsMessage, with the same steps as deliver()."""
    if not _claim(SmsMessage, sms_id):
        return False
    sms = SmsMessage.objects.get(pk=sms_id)
    try:
        sms_sender().send(sms.phone, sms.text)
    except Exception as error:  # as in deliver()
        _fail(SmsMessage, sms_id, error)
        return False
    _finish(SmsMessage, sms_id)
    return True


@dataclass
class SweepResult:
    deliveries: int = 0
    sms: int = 0
    gave_up: int = 0


def _sweep(model, *, now: datetime, cutoff: datetime, dry_run: bool) -> tuple[list[int], int]:
    stale = model.objects.filter(
        status__in=[Status.PENDING, Status.SENDING, Status.FAILED], updated_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS
    )
    ids = list(stale.order_by("updated_at").values_list("pk", flat=True)[:SWEEP_BATCH])
    # Interrupted on the last allowed attempt: nothing more to try.
    exhausted = model.objects.filter(status=Status.SENDING, updated_at__lt=cutoff, attempts__gte=MAX_ATTEMPTS)
    if dry_run:
        return ids, exhausted.count()
    gave_up = exhausted.update(status=Status.FAILED, last_error="Interrupted", updated_at=now)
    # A worker died after claiming these: hand them back (the message may go out once more).
    model.objects.filter(pk__in=ids, status=Status.SENDING, updated_at__lt=cutoff).update(
        status=Status.PENDING, last_error="Interrupted", updated_at=now
    )
    return ids, gave_up


def deliver_pending(*, now: datetime, dry_run: bool = False) -> SweepResult:
    """Re-enqueue sends stuck in pending/sending, or failed, for longer than the retry interval.

    The truth is in the database: a task message lost with the broker, or a worker killed mid-send,
    is regenerated here. Safe to run twice or concurrently: every send first claims its row.
    """
    from notifications import tasks  # tasks import this module

    cutoff = now - timedelta(minutes=settings.LIAISON_NOTIFY_RETRY_MINUTES)
    delivery_ids, gave_up_deliveries = _sweep(Delivery, now=now, cutoff=cutoff, dry_run=dry_run)
    sms_ids, gave_up_sms = _sweep(SmsMessage, now=now, cutoff=cutoff, dry_run=dry_run)
    if not dry_run:
        for pk in delivery_ids:
            tasks.deliver.delay(pk)
        for pk in sms_ids:
            tasks.sms_deliver.delay(pk)
    return SweepResult(deliveries=len(delivery_ids), sms=len(sms_ids), gave_up=gave_up_deliveries + gave_up_sms)
