"""Reads of meetings, scoped in one place."""

from django.db.models import Q, QuerySet

from meetings.models import Meeting
from stations.scope import scope_for


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Clerks: their stations' meetings. Street / district staff: everything under their street or
    district. A deputy: the meetings they are invited to, and those of the nodes they are assigned to."""
    scope = scope_for(user)
    if scope.is_admin:
        return Meeting.objects.all()
    q = scope.positions_q()
    if scope.deputy_id:
        q |= Q(attendees__deputy_id=scope.deputy_id) | Q(node_id__in=sorted(scope.node_ids | scope.station_ids))
        return Meeting.objects.filter(q).distinct()
    return Meeting.objects.filter(q)
