"""Public pages routes (public/urls.py joins them)."""

urlpatterns: list = []
