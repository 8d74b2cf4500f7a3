from django.urls import path

from deputies import views

app_name = "deputies"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("", views.deputy_list, name="list"),
    path("<int:pk>/", views.deputy_detail, name="detail"),
    path("coverage/", views.coverage, name="coverage"),
    path("import/", views.import_start, name="import_start"),
]
