from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Liaison network")

    def ready(self):
        from stations.exports import register_exports  # the list's XLSX/CSV export (liaison.exports)

        register_exports()
