from django.urls import path

from deputies import import_views, views

app_name = "deputies"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("", views.deputy_list, name="list"),
    path("<int:pk>/", views.deputy_detail, name="detail"),
    path("coverage/", views.coverage, name="coverage"),
    path("new/", views.deputy_create, name="create"),
    path("<int:pk>/edit/", views.deputy_edit, name="edit"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("<int:pk>/contacts/", views.contacts, name="contacts"),
    path("<int:pk>/assignments/add/", views.assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("import/", import_views.import_start, name="import_start"),
    path("import/template/<slug:kind>.<slug:fmt>", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.import_job, name="import_job"),
    path("import/<int:pk>/status/", import_views.import_job_status, name="import_job_status"),
    path("import/<int:pk>/confirm/", import_views.import_job_confirm_view, name="import_job_confirm"),
]

# The reception rota, a deputy's duties and the iCal feeds (deputies.duty_views; feeds need no login).
from deputies import duty_views  # noqa: E402

urlpatterns += [
    path("duties/", duty_views.duty_mine, name="duty_mine"),
    path("duties/feed/renew/", duty_views.duty_feed_renew, name="duty_feed_renew"),
    path("duties/reception/<int:pk>/", duty_views.duty_rota, name="duty_rota"),
    path("duties/<int:pk>/swap/", duty_views.duty_swap, name="duty_swap"),
    path("duties/feeds/node/<int:pk>/", duty_views.node_feed, name="node_feed"),
    path("feeds/<str:token>.ics", duty_views.ical_feed, name="ical_feed"),
]
