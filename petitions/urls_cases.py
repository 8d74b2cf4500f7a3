"""Routes for the case pages (petitions/urls.py joins them): list, entry, snapshot, detail,
attachments and the deputy's "my cases"."""

from django.urls import path

from petitions import home_views, views

urlpatterns: list = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("snapshot/", views.snapshot, name="snapshot"),
    path("mine/", views.my_cases, name="mine"),
    path("home/", home_views.clerk_home, name="clerk_home"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
