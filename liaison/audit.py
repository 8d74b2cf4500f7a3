"""A change log for records that have no lifecycle of their own (network nodes, deputies, users).

It writes Django's admin LogEntry, so a change made in the portal also shows in the admin's
history of that object. Case transitions keep their own event table (petitions app).
"""

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType

ADDED, CHANGED, DELETED = ADDITION, CHANGE, DELETION


def record_change(*, by, obj, action: int, message: str = "") -> LogEntry:
    return LogEntry.objects.create(
        user_id=by.pk,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=action,
        change_message=message,
    )


def history_of(obj):
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=str(obj.pk)
        )
        .select_related("user")
        .order_by("-action_time")
    )
