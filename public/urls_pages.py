"""Public pages routes (public/urls.py joins them): station finder and pages, deputies, QR posters."""

from django.urls import path

from public import views

urlpatterns = [
    path("", views.stations, name="stations"),
    path("stations/<str:code>/", views.station, name="station"),
    path("stations/<str:code>/poster/", views.station_poster, name="station_poster"),
    path("deputies/", views.deputies, name="deputies"),
    path("deputies/<int:pk>/", views.deputy, name="deputy"),
    path("deputies/<int:pk>/photo/", views.deputy_photo, name="deputy_photo"),
    path("deputies/<int:pk>/poster/", views.deputy_poster, name="deputy_poster"),
    path("streets/<str:code>/posters/", views.street_posters, name="street_posters"),
]
