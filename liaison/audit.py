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


def changed_fields_message(obj, names) -> str:
    """"Changed: name, phone" with each field's label in the current language, not its code name."""
    from django.utils.translation import gettext

    labels = []
    for name in dict.fromkeys(names):  # keep order, drop repeats
        try:
            labels.append(str(obj._meta.get_field(name).verbose_name))
        except Exception:  # not a model field (e.g. a derived column): keep its name
            labels.append(name)
    return gettext("Changed: %(fields)s") % {"fields": "、".join(labels)}
