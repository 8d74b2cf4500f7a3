from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and votes")

    def ready(self):
        # Lower apps may not import meetings; they offer hooks that meetings fills in here.
        from meetings.exports import register_exports
        from meetings.selectors import units_with_deliberation
        from petitions import ledger

        if units_with_deliberation not in ledger.HALF_YEAR_DELIBERATION_PROVIDERS:
            ledger.HALF_YEAR_DELIBERATION_PROVIDERS.append(units_with_deliberation)
        register_exports()
