"""URLs of the dashboard area: staff pages (urlpatterns) and no-login pages (public_urlpatterns,
under /p/performance/)."""

urlpatterns: list = []
public_urlpatterns: list = []
