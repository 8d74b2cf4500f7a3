"""Reads: a user sees their own notifications, nobody else's."""

from django.shortcuts import get_object_or_404

from notifications.models import Notification


def notifications_visible_to(user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notification_get_for(user, pk: int) -> Notification:
    return get_object_or_404(notifications_visible_to(user), pk=pk)


def unread_count(user) -> int:
    """One COUNT on the (user, read_at) index; the bell runs it on every page."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
