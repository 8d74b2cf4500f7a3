"""The portal's URLs plus one view that fails, to see what a server error shows."""

from django.urls import path

from liaison.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("secret detail: resident phone 13812348000")


urlpatterns = [*portal_urlpatterns, path("boom/", boom)]
