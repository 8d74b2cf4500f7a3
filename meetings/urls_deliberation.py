"""URLs of the deliberation area: staff pages (urlpatterns, under /meetings/) and no-login pages for residents and
voters (public_urlpatterns, under /p/meetings/)."""

from django.urls import path

from meetings.views import deliberation, meetings

urlpatterns: list = [
    path("", meetings.meeting_list, name="list"),
    path("new/", meetings.meeting_create, name="create"),
    path("counts/", meetings.meeting_counts_page, name="counts"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/edit/", meetings.meeting_edit, name="edit"),
    path("<int:pk>/attendees/new/", meetings.attendee_add, name="attendee_add"),
    path("<int:pk>/attendees/<int:attendee_pk>/remove/", meetings.attendee_remove, name="attendee_remove"),
    path("<int:pk>/invite/", meetings.meeting_invite, name="invite"),
    path("<int:pk>/attendance/", meetings.meeting_attendance, name="attendance"),
    path("<int:pk>/topics/new/", deliberation.topic_add, name="topic_add"),
    path("topics/<int:pk>/minutes/", deliberation.topic_minutes, name="topic_minutes"),
    path("topics/<int:pk>/decisions/new/", deliberation.decision_add, name="decision_add"),
    path("actions/", deliberation.action_list, name="action_list"),
    path("actions/<int:pk>/", deliberation.action_detail, name="action_detail"),
]
public_urlpatterns: list = [
    path("<int:pk>/", deliberation.public_summary, name="summary"),
]
