"""The bell and the user's own notifications. Any logged-in user has some, whatever their role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications import services
from notifications.selectors import notification_get_for, notifications_visible_to, unread_count

PER_PAGE = 25
# htmx stops polling on this status: a badge whose session has expired goes quiet instead of
# swapping the login page into the navbar.
HTMX_STOP_POLLING = 286


@login_required
@require_GET
def notification_list(request):
    page = Paginator(notifications_visible_to(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page_obj": page})


@require_GET
def badge(request):
    if not request.user.is_authenticated:
        if request.htmx:
            return HttpResponse(status=HTMX_STOP_POLLING)
        return redirect_to_login(request.get_full_path())
    # Without the request's context processors: the badge needs the count only, not the role scope.
    html = render_to_string("notifications/partials/badge.html", {"unread_notifications": unread_count(request.user)})
    return HttpResponse(html)


@login_required
@require_GET
def notification_open(request, pk: int):
    """Mark it read and follow its link; only a link inside the portal is followed."""
    notification = notification_get_for(request.user, pk)
    services.mark_read(user=request.user, notification=notification)
    if notification.url and services.is_portal_link(notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect("notifications:list")
