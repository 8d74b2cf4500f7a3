"""Models of the scorecard area (see performance/models/__init__.py).

Points are never stored per deputy: a scorecard is computed from the records (cases, duties,
meetings) with the district's point rules. These two tables hold only what district staff configure.
A district with no row for a source or a metric uses the built-in default (performance/scorecard/defaults.py),
so a new district works without seeding; a row written from a year on replaces the default from then.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Node


class Source(models.TextChoices):
    """The kinds of record a point rule scores. Each is counted by one grouped query
    (performance/scorecard/counts.py), which also says which date puts a record in a year."""

    CASE_SOLVED = "case_solved", _("Case in the deputy's charge solved")
    CASE_REPORTED = "case_reported", _("Snapshot report sent (随手拍)")
    SUGGESTION = "suggestion", _("Case raised as a deputy suggestion")
    SUGGESTION_FOLLOWED = "suggestion_followed", _("Referral followed to a written reply")
    DUTY_ATTENDED = "duty_attended", _("Reception duty attended")
    DUTY_ABSENT = "duty_absent", _("Reception duty missed (absent)")
    MEETING_ATTENDED = "meeting_attended", _("Collective activity attended")
    RESEARCH_ATTENDED = "research_attended", _("Inspection or research attended")
    MEETING_ABSENT = "meeting_absent", _("Collective activity missed (absent without leave)")
    VOTER_CONTACT = "voter_contact", _("Voter kept in contact")
    OPINION_ADOPTED = "opinion_adopted", _("Legislative opinion adopted")
    PROJECT_SUPERVISED = "project_supervised", _("Livelihood project supervised")


class Metric(models.TextChoices):
    """What a yearly quota counts (DOMAIN §6)."""

    VISITS = "visits", _("Station or point visits")
    VOTER_CONTACTS = "voter_contacts", _("Voters kept in contact")
    CASES_SOLVED = "cases_solved", _("Livelihood matters solved")
    SUGGESTIONS = "suggestions", _("Suggestions made")
    ACTIVITIES = "activities", _("Collective activities attended")
    SUGGESTIONS_FOLLOWED = "suggestions_followed", _("Suggestions followed")


def _year_validators():
    return [MinValueValidator(2000), MaxValueValidator(2100)]


class PointRule(models.Model):
    """Points for each record of one source, in one district, from `valid_from` (a year) on."""

    district = models.ForeignKey(
        Node,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="point_rules",
        limit_choices_to={"kind": Node.Kind.DISTRICT},
    )
    source = models.CharField(_("record kind"), max_length=24, choices=Source.choices)
    points = models.SmallIntegerField(
        _("points each"), validators=[MinValueValidator(-100), MaxValueValidator(100)],
        help_text=_("May be negative, e.g. −1 for each absence."),
    )
    active = models.BooleanField(_("counts"), default=True)
    valid_from = models.PositiveSmallIntegerField(_("from year"), validators=_year_validators())
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("point rule")
        verbose_name_plural = _("point rules")
        ordering = ["district_id", "source", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["district", "source", "valid_from"], name="point_rule_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.points:+d} ({self.valid_from}–)"


class Quota(models.Model):
    """A yearly minimum (and optional maximum) for one metric, in one district, from `valid_from` on."""

    district = models.ForeignKey(
        Node,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="scorecard_quotas",
        limit_choices_to={"kind": Node.Kind.DISTRICT},
    )
    metric = models.CharField(_("what is counted"), max_length=24, choices=Metric.choices)
    minimum = models.PositiveSmallIntegerField(_("at least"), validators=[MaxValueValidator(1000)])
    maximum = models.PositiveSmallIntegerField(
        _("at most"), null=True, blank=True, validators=[MaxValueValidator(1000)],
        help_text=_("Leave empty for no upper limit."),
    )
    valid_from = models.PositiveSmallIntegerField(_("from year"), validators=_year_validators())
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("yearly quota")
        verbose_name_plural = _("yearly quotas")
        ordering = ["district_id", "metric", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["district", "metric", "valid_from"], name="quota_once_per_year"),
            models.CheckConstraint(
                condition=Q(maximum__isnull=True) | Q(maximum__gte=models.F("minimum")), name="quota_max_not_below_min"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} ≥{self.minimum} ({self.valid_from}–)"
