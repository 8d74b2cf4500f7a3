"""Public cases routes (public/urls.py joins them): submit, track, rate."""

from django.urls import path

from public import case_views

urlpatterns = [
    path("submit/", case_views.submit, name="submit"),
    path("submit/done/", case_views.submit_done, name="submit_done"),
    path("track/", case_views.track, name="track"),
    path("track/case/", case_views.track_case, name="track_case"),
    path("track/rate/", case_views.rate, name="rate"),
]
