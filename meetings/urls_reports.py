"""URLs of the reports area: staff pages (urlpatterns, under /meetings/) and no-login pages for residents and
voters (public_urlpatterns, under /p/meetings/)."""

from django.urls import path

from meetings.views import reports as views

urlpatterns: list = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/plans/new/", views.report_plan_create, name="report_plan_create"),
    path("reports/plans/<int:pk>/", views.report_plan_detail, name="report_plan_detail"),
    path("reports/plans/<int:pk>/deputies/", views.report_plan_deputies, name="report_plan_deputies"),
    path("reports/plans/<int:pk>/confirm/", views.report_plan_confirm, name="report_plan_confirm"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/schedule/", views.report_schedule, name="report_schedule"),
    path("reports/<int:pk>/text/", views.report_text, name="report_text"),
    path("reports/<int:pk>/codes/", views.report_codes, name="report_codes"),
    path("reports/<int:pk>/close/", views.report_close, name="report_close"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report_publish"),
]
public_urlpatterns: list = [
    path("report-rating/", views.report_rating, name="report_rating"),
    path("reports/<int:pk>/", views.report_public, name="report_public"),
]
