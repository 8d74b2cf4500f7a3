"""Models of the assessment area (see performance/models/__init__.py).

Station assessments (站点考核): a district's checklist for a year (categories → items, each with a
maximum score), scored quarterly per station by committee staff with evidence notes, then published.
Yearly activity targets (Target): how many held meetings of which kinds each station must have.

A checklist is frozen once any assessment uses it (services refuse to change its categories and
items); next year's checklist is a copy, so scored history never changes under anyone's feet.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Node

QUARTERS = [(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]
SCORE_DIGITS = {"max_digits": 6, "decimal_places": 1}


class Checklist(models.Model):
    """One district's assessment checklist for one year (e.g. 20 categories, 73 items)."""

    district = models.ForeignKey(
        Node, verbose_name=_("district"), on_delete=models.PROTECT, related_name="assessment_checklists",
        limit_choices_to={"kind": Node.Kind.DISTRICT},
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField(_("name"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment checklist")
        verbose_name_plural = _("assessment checklists")
        ordering = ["-year", "district_id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="assessment_checklist_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.name}"


class Category(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assessment category")
        verbose_name_plural = _("assessment categories")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "name"], name="assessment_category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("item"), max_length=300)
    max_score = models.DecimalField(
        _("maximum score"), **SCORE_DIGITS, validators=[MinValueValidator(0.5), MaxValueValidator(1000)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    evidence_hint = models.CharField(
        _("evidence to look for"), max_length=300, blank=True,
        help_text=_("What the assessor should see, e.g. the sign-in sheets of the reception days."),
    )

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["order", "id"]
        constraints = [models.CheckConstraint(condition=Q(max_score__gt=0), name="assessment_item_max_positive")]

    def __str__(self) -> str:
        return self.text


class Assessment(models.Model):
    """One station's score for one quarter against its district's checklist of that year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")

    station = models.ForeignKey(
        Node, verbose_name=_("station"), on_delete=models.PROTECT, related_name="assessments",
        limit_choices_to={"kind": Node.Kind.STATION},
    )
    # Copied from the station (like cases and meetings) so scoping and rankings are one indexed filter.
    district = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=QUARTERS)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("station assessment")
        verbose_name_plural = _("station assessments")
        ordering = ["-year", "-quarter", "station_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "checklist", "year", "quarter"], name="assessment_once_per_quarter"
            ),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="assessment_quarter_1_to_4"),
        ]
        indexes = [
            models.Index(fields=["district", "year", "quarter", "status"]),
            models.Index(fields=["street", "year", "quarter"]),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.year} Q{self.quarter}"


class ItemScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(_("score"), **SCORE_DIGITS)
    note = models.CharField(_("evidence note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="item_score_once"),
            models.CheckConstraint(condition=Q(score__gte=0), name="item_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"


class Target(models.Model):
    """A yearly minimum of held meetings per station, of one kind or a group of kinds (DOMAIN §5)."""

    district = models.ForeignKey(
        Node, verbose_name=_("district"), on_delete=models.PROTECT, related_name="activity_targets",
        limit_choices_to={"kind": Node.Kind.DISTRICT},
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField(_("name"), max_length=100)
    # Meeting.Kind values counted together, e.g. ["deliberation", "hearing", "legislative", "voter_meeting"].
    kinds = models.JSONField(_("meeting kinds"), default=list)
    minimum = models.PositiveSmallIntegerField(_("minimum per station"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("activity target")
        verbose_name_plural = _("activity targets")
        ordering = ["district_id", "year", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["district", "year", "name"], name="activity_target_unique_name")]

    def __str__(self) -> str:
        return f"{self.year} · {self.name} ≥ {self.minimum}"
