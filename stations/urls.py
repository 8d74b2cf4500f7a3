from django.urls import path

from stations import views

app_name = "stations"

urlpatterns = [
    path("home/staff/", views.staff_home, name="staff_home"),
    path("home/clerk/", views.clerk_home, name="clerk_home"),
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.node_detail, name="node_detail"),
    path("users/", views.user_list, name="user_list"),
]
