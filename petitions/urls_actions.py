"""Routes for the lifecycle actions on a case (petitions/urls.py joins them)."""

from django.urls import path

from petitions import action_views

urlpatterns: list = [
    path("<int:pk>/do/<slug:action>/", action_views.act, name="act"),
]
