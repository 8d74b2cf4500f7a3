from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from liaison import views
from stations.views import home

admin.site.site_header = admin.site.site_title = "人大代表联络站 · 管理后台"

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/"),
        name="password_change",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("network/", include("stations.urls")),
    path("deputies/", include("deputies.urls")),
    path("cases/", include("petitions.urls")),
    path("meetings/", include("meetings.urls")),
    path("performance/", include("performance.urls")),
    path("exports/", include("liaison.urls_exports")),
    path("p/meetings/", include("meetings.urls_public")),
    path("p/performance/", include("performance.urls_public")),
    path("p/", include("public.urls")),
    path("notifications/", include("notifications.urls")),
    path(f"{settings.ADMIN_URL}", admin.site.urls),
]
