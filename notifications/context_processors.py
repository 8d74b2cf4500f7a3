from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def bell(request):
    """The bell's unread count, counted (one query) only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
