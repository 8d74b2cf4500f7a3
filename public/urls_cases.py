"""Public cases routes (public/urls.py joins them)."""

urlpatterns: list = []
