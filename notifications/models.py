"""Notifications: an in-app row per user (the bell), and the email/SMS sends it asks for.

A send is at-least-once with a recorded state: a worker claims a row (pending|failed → sending)
with a conditional update, sends, then marks it sent. A row marked sent is never sent again; a
worker that dies between sending and marking leaves it "sending", and the sweep hands it back, so
that one message may go out twice but none is lost.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, help_text=_("Short code, e.g. case_assigned."))
    title = models.CharField(_("title"), max_length=200)
    body = models.CharField(_("text"), max_length=1000, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A portal link starting with /."))
    # Notifying a user twice with one key creates one row (e.g. "case:123:remind_30:2026-02-28").
    key = models.CharField(_("dedupe key"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_user_key")]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["user", "-created_at"], name="notification_list_idx"),
        ]

    def __str__(self):
        return self.title


class SendState(models.Model):
    """What every outgoing message records: where it is in pending → sending → sent|failed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The exception's class only: a gateway's message may quote the phone or address.
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Set by every status change; the sweep retries rows whose state is older than a few minutes.
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        abstract = True


class Delivery(SendState):
    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # The email address or phone at the time of notifying.
    address = models.CharField(_("address"), max_length=254)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_unique_notification_channel")
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="delivery_sweep_idx")]

    def __str__(self):
        return f"{self.get_channel_display()} #{self.pk}"


class SmsMessage(SendState):
    """An SMS to someone without an account (a resident), e.g. their case's tracking number."""

    key = models.CharField(_("dedupe key"), max_length=200, unique=True)
    phone = models.CharField(_("phone"), max_length=30)
    text = models.CharField(_("text"), max_length=500)

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        indexes = [models.Index(fields=["status", "updated_at"], name="sms_sweep_idx")]

    def __str__(self):
        return self.key
