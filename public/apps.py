from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The residents' side: no login, phone-first, rate-limited. It reads and writes only through
    the other apps' selectors and services."""

    name = "public"
    verbose_name = _("Public pages")
