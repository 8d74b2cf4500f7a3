"""Routes of the public side (no login)."""

from public.urls_cases import urlpatterns as case_urls
from public.urls_pages import urlpatterns as page_urls

app_name = "public"

urlpatterns = [*page_urls, *case_urls]
