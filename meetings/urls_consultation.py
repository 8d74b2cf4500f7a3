"""URLs of the consultation area: staff pages (urlpatterns, under /meetings/) and no-login pages for residents and
voters (public_urlpatterns, under /p/meetings/)."""

urlpatterns: list = []
public_urlpatterns: list = []
