"""The working-day calendar's local overrides: the only models of the liaison app.

China's calendar comes from the `chinesecalendar` package (liaison.workdays); these rows correct it
locally (a local rest day) or fill in a year the package does not cover yet (the State Council's
schedule entered by hand, then the year confirmed). Written only through liaison.workdays services.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """One day whose working status is set locally; it wins over the package's calendar."""

    date = models.DateField(_("date"), unique=True)
    is_working = models.BooleanField(
        _("working day"), help_text=_("Ticked: a working day (e.g. an adjusted working weekend). Clear: a rest day.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("For example: 国庆节 or 调休上班."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("working day") if self.is_working else _("rest day")
        return f"{self.date:%Y-%m-%d} · {kind}"


class CalendarYear(models.Model):
    """A year whose official schedule is entered as overrides: it counts as covered (Monday–Friday otherwise)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("For example: the notice's number."))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed calendar year")
        verbose_name_plural = _("confirmed calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
