from django.urls import path

from stations import calendar_views, user_views, views

app_name = "stations"

urlpatterns = [
    path("home/staff/", views.staff_home, name="staff_home"),
    path("home/clerk/", views.clerk_home, name="clerk_home"),
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.node_detail, name="node_detail"),
    path("new/", views.node_create, name="node_create"),
    path("<int:pk>/edit/", views.node_edit, name="node_edit"),
    path("<int:pk>/standards/", views.node_standards, name="node_standards"),
    path("users/", user_views.user_list, name="user_list"),
    path("users/new/", user_views.user_create, name="user_create"),
    path("users/<int:pk>/", user_views.user_edit, name="user_edit"),
    path("users/<int:pk>/positions/", user_views.user_position_add, name="user_position_add"),
    path(
        "users/<int:pk>/positions/<int:position_pk>/remove/",
        user_views.user_position_remove,
        name="user_position_remove",
    ),
    path("users/<int:pk>/active/", user_views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", user_views.user_password, name="user_password"),
    # The working-day calendar (liaison.workdays): coverage and local overrides.
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("calendar/days/", calendar_views.calendar_day_set, name="calendar_day_set"),
    path("calendar/days/<int:pk>/delete/", calendar_views.calendar_day_delete, name="calendar_day_delete"),
    path("calendar/years/", calendar_views.calendar_year_confirm, name="calendar_year_confirm"),
    path("calendar/years/<int:pk>/delete/", calendar_views.calendar_year_unconfirm, name="calendar_year_unconfirm"),
]

# Reception days (stations.reception_views): rules, occurrences, and the public notice (no login).
from stations import reception_views  # noqa: E402

urlpatterns += [
    path("receptions/", reception_views.reception_list, name="reception_list"),
    path("<int:pk>/receptions/", reception_views.node_receptions, name="reception_node"),
    path("<int:pk>/receptions/generate/", reception_views.node_receptions_generate, name="reception_generate"),
    path("<int:pk>/receptions/rules/new/", reception_views.rule_create, name="reception_rule_create"),
    path("receptions/rules/<int:pk>/edit/", reception_views.rule_edit, name="reception_rule_edit"),
    path("receptions/<int:pk>/", reception_views.reception_detail, name="reception_detail"),
    path("receptions/<int:pk>/move/", reception_views.reception_move, name="reception_move"),
    path("receptions/<int:pk>/cancel/", reception_views.reception_cancel, name="reception_cancel"),
    path("receptions/<int:pk>/notice/edit/", reception_views.reception_notice_edit, name="reception_notice_edit"),
    path("receptions/<int:pk>/notice/", reception_views.reception_public, name="reception_public"),
    path("receptions/<int:pk>/notice/topic/", reception_views.reception_topic, name="reception_topic"),
    path("receptions/<int:pk>/notice/book/", reception_views.reception_book, name="reception_book"),
]
