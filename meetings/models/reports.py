"""Models of the reports area (see meetings/models/__init__.py): deputies' reports to voters (述职评议).

- ReportPlan: which deputies of a street or the district report in a year (a third of them each year).
- Report: one deputy's report in one year: the meeting it is given at, the text, the rating's status.
- RatingCredential: a one-time code handed to one attendee on a printed slip. Only its keyed digest is
  stored, and it is linked to no person.
- Rating: one attendee's anonymous verdict. It has a random key, no time and no link to the code that
  cast it, so no one can tell who rated what, or in which order.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models.meeting import Meeting
from stations.models import Node

COMMENT_MAX = 500


class ReportPlan(models.Model):
    """The deputies of a street (or of the whole district) who report to voters in `year`.

    `district` and `street` copy the scope node's columns (street empty for a district plan), so
    scoping is one indexed filter, as for meetings and cases.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Confirmed")

    node = models.ForeignKey(
        Node,
        verbose_name=_("street or district"),
        on_delete=models.PROTECT,
        related_name="report_plans",
        limit_choices_to={"kind__in": [Node.Kind.DISTRICT, Node.Kind.STREET]},
    )
    district = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporting plan")
        verbose_name_plural = _("reporting plans")
        ordering = ["-year", "node__code"]
        constraints = [models.UniqueConstraint(fields=["node", "year"], name="report_plan_once_per_node_year")]
        indexes = [models.Index(fields=["district", "year"]), models.Index(fields=["street", "year"])]

    def __str__(self) -> str:
        return f"{self.node} {self.year}"


class Report(models.Model):
    """One deputy's report to voters in one year, and the voters' rating of it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        TEXT_SUBMITTED = "text_submitted", _("Report text submitted")
        RATING_OPEN = "rating_open", _("Rating open")
        RATING_CLOSED = "rating_closed", _("Rating closed")

    class Level(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        MOSTLY = "mostly", _("Mostly satisfied")
        NOT = "not", _("Not satisfied")

    plan = models.ForeignKey(ReportPlan, on_delete=models.CASCADE, related_name="reports")
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="voter_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # Scoping columns: the plan's district, and the plan's street (or the deputy's, for a district plan).
    district = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Several deputies may report at one meeting (述职评议会); each has its own codes and ratings.
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="voter_reports",
    )
    text = models.TextField(_("report text"), max_length=20000, blank=True)
    text_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text_at = models.DateTimeField(_("text submitted at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    opened_at = models.DateTimeField(_("rating opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("rating closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_public = models.BooleanField(_("results published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report to voters")
        verbose_name_plural = _("reports to voters")
        ordering = ["-year", "deputy__name", "id"]
        constraints = [models.UniqueConstraint(fields=["deputy", "year"], name="report_once_per_deputy_year")]
        indexes = [
            models.Index(fields=["district", "year"]),
            models.Index(fields=["street", "year"]),
            models.Index(fields=["deputy", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} {self.year}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.RATING_CLOSED


class RatingCredential(models.Model):
    """A one-time rating code. Not linked to any person, and never to the rating it cast."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="credentials")
    code_digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("rating code")
        verbose_name_plural = _("rating codes")
        indexes = [models.Index(fields=["report", "used"])]

    def __str__(self) -> str:
        return f"{self.report} · {self.code_digest[:8]}"


class Rating(models.Model):
    """One anonymous rating: a random key, the level and an optional comment. No time, no code, no person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="ratings")
    level = models.CharField(_("rating"), max_length=10, choices=Report.Level.choices)
    comment = models.CharField(_("comment"), max_length=COMMENT_MAX, blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        # A fixed order that says nothing about who rated first.
        ordering = ["level", "comment", "id"]
        indexes = [models.Index(fields=["report", "level"])]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=["satisfied", "mostly", "not"]), name="rating_level_valid")
        ]

    def __str__(self) -> str:
        return self.get_level_display()
