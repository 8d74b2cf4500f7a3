from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Residents' opinions")

    def ready(self):
        from petitions.exports import register_exports  # the list's XLSX/CSV export (liaison.exports)

        register_exports()
