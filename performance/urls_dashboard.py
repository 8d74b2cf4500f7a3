"""URLs of the dashboard area: staff pages (urlpatterns) and no-login pages (public_urlpatterns,
under /p/performance/)."""

from django.urls import path

from performance import views_dashboard

urlpatterns: list = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("compliance/", views_dashboard.compliance, name="compliance"),
]
public_urlpatterns: list = []
