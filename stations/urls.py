from django.urls import path

from stations import user_views, views

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
]
