"""Writes: notify users, SMS a resident, mark notifications read.

Other apps call `notify` and `sms_send` inside their own transaction; sending starts after the
commit (a rolled-back case sends nothing), and the sweep retries whatever a lost task left behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from notifications import tasks
from notifications.models import Delivery, Notification, SmsMessage

Channel = Delivery.Channel


def is_portal_link(url: str) -> bool:
    """A relative link inside the portal: "/cases/12/", never "//evil.example" or "http://…"."""
    return url.startswith("/") and not url.startswith(("//", "/\\"))


@sensitive_variables("sms_to")
def notify(
    *,
    users: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str,
    channels: Iterable[str] = (Channel.EMAIL,),
    sms_to: Mapping[int, str] | None = None,
) -> list[Notification]:
    """One notification per active user for `key` (a second call with the same key adds nothing),
    an email to those with an address, an SMS to those with a phone in `sms_to` (user id → phone).

    Title and body are stored as given: pass them already in the recipients' language.
    """
    if url and not is_portal_link(url):
        raise ValueError("A notification links inside the portal: its url must start with a single '/'.")
    channels = [Channel(c) for c in channels]
    users = list({u.pk: u for u in users if u.is_active}.values())
    if not users:
        return []
    sms_to = sms_to or {}
    now = timezone.now()
    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(user=u, kind=kind, title=title[:200], body=body[:1000], url=url, key=key, created_at=now)
                for u in users
            ],
            ignore_conflicts=True,
        )
        notes = list(Notification.objects.filter(user__in=users, key=key).select_related("user"))
        addresses = {Channel.EMAIL: lambda u: u.email, Channel.SMS: lambda u: sms_to.get(u.pk, "")}
        wanted = [
            Delivery(notification=n, channel=c, address=addresses[c](n.user), created_at=now, updated_at=now)
            for n in notes
            for c in channels
            if addresses[c](n.user)
        ]
        Delivery.objects.bulk_create(wanted, ignore_conflicts=True)
        # Pending ones only: a repeated call re-enqueues what is still waiting, which is harmless.
        pending = Delivery.objects.filter(notification__in=notes, status=Delivery.Status.PENDING)
        for pk in pending.values_list("pk", flat=True):
            transaction.on_commit(partial(tasks.deliver.delay, pk))
    return notes


@dataclass(frozen=True)
class Notice:
    """One notification to send to several users (for notify_many)."""

    users: tuple
    kind: str
    title: str
    key: str
    body: str = ""
    url: str = ""


def notify_many(notices: Iterable[Notice], *, channels: Iterable[str] = (Channel.EMAIL,)) -> int:
    """Many notices at once in a constant number of queries (the deadline sweeps send hundreds per batch).

    Same promises as `notify`: one notification per user and key, however often called; emails are sent
    after commit. Returns how many notifications exist for these notices' users and keys.
    """
    channels = [Channel(c) for c in channels]
    now = timezone.now()
    wanted: dict[tuple[int, str], Notification] = {}
    for notice in notices:
        if notice.url and not is_portal_link(notice.url):
            raise ValueError("A notification links inside the portal: its url must start with a single '/'.")
        for user in notice.users:
            if user.is_active:
                wanted[(user.pk, notice.key)] = Notification(
                    user=user, kind=notice.kind, title=notice.title[:200], body=notice.body[:1000], url=notice.url,
                    key=notice.key, created_at=now,
                )
    if not wanted:
        return 0
    with transaction.atomic():
        Notification.objects.bulk_create(wanted.values(), ignore_conflicts=True, batch_size=500)
        keys, user_ids = {key for _pk, key in wanted}, {pk for pk, _key in wanted}
        notes = [
            n
            for n in Notification.objects.filter(key__in=keys, user_id__in=user_ids).select_related("user")
            if (n.user_id, n.key) in wanted
        ]
        Delivery.objects.bulk_create(
            [
                Delivery(notification=n, channel=c, address=n.user.email, created_at=now, updated_at=now)
                for n in notes
                for c in channels
                if c == Channel.EMAIL and n.user.email
            ],
            ignore_conflicts=True,
            batch_size=500,
        )
        pending = list(
            Delivery.objects.filter(notification__in=notes, status=Delivery.Status.PENDING).values_list("pk", flat=True)
        )
        if pending:
            transaction.on_commit(partial(tasks.deliver_many.delay, pending))
    return len(notes)


@sensitive_variables("phone")
def sms_send(*, phone: str, text: str, key: str) -> SmsMessage:
    """An SMS to someone without an account (a resident). One message per key, however often called."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                sms, created = SmsMessage.objects.get_or_create(key=key, defaults={"phone": phone, "text": text[:500]})
        except IntegrityError:  # the same key, created concurrently
            sms, created = SmsMessage.objects.get(key=key), False
        if created:
            transaction.on_commit(partial(tasks.sms_deliver.delay, sms.pk))
    return sms


def mark_read(*, user, notification: Notification) -> bool:
    """True when this call marked it read; only the owner's own notification is touched."""
    return bool(
        Notification.objects.filter(pk=notification.pk, user=user, read_at__isnull=True).update(read_at=timezone.now())
    )


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
