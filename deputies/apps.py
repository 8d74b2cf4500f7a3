from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self):
        from deputies.exports import register_exports  # the list's XLSX/CSV export (liaison.exports)

        register_exports()
