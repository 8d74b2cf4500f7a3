"""The meetings list as XLSX/CSV (liaison/exports.py): the same selector and filters as the list page."""

from types import SimpleNamespace

from django.db.models import Count
from django.utils.translation import gettext_lazy

from liaison import exports
from stations.scope import Role, scope_for

COLUMNS = tuple(map(gettext_lazy, ("Date", "Title", "Kind", "Held at", "Topics", "Status")))


def meeting_rows(user, params):
    from meetings.filters import MeetingFilter
    from meetings.selectors import meetings_visible_to

    qs = meetings_visible_to(user).select_related("node").annotate(topic_count=Count("topics", distinct=True))
    filterset = MeetingFilter(params, queryset=qs, request=SimpleNamespace(user=user, GET=params))
    return filterset.qs.order_by("-starts_at", "-id"), filterset


def meeting_row(meeting, user):
    return [
        meeting.starts_at,
        meeting.title,
        meeting.get_kind_display(),
        meeting.node.display_name,
        meeting.topic_count,
        meeting.get_status_display(),
    ]


def register_exports():
    exports.register(
        "meetings",
        title=gettext_lazy("Meetings"),
        columns=COLUMNS,
        queryset=meeting_rows,
        row=meeting_row,
        allowed=lambda user: scope_for(user).role != Role.NONE,
    )
