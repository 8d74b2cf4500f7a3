"""Deputies (人大代表), their assignments to the network (编组进站) and their voter contacts."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Node

VOTER_CONTACTS_MIN = 3
VOTER_CONTACTS_MAX = 5


def _photo_path(instance, filename: str) -> str:
    # Random names: an upload's own name never reaches the disk.
    return f"deputies/photos/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class Specialty(models.Model):
    """A specialty tag (lawyer, doctor, education…) used to match cases to deputies (专业对口)."""

    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Deputy(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")
        CITY = "city", _("City")
        COUNTY = "county", _("District / county")
        TOWNSHIP = "township", _("Township")

    class Gender(models.TextChoices):
        MALE = "m", _("Male")
        FEMALE = "f", _("Female")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
        verbose_name=_("login account"),
    )
    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, db_index=True)
    # The district whose roll this deputy is on, and the street of their electoral district: scoping
    # uses them for deputies not (yet) assigned to any station.
    district = models.ForeignKey(
        Node,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="district_deputies",
        limit_choices_to={"kind": Node.Kind.DISTRICT},
    )
    street = models.ForeignKey(
        Node,
        verbose_name=_("street"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="street_deputies",
        limit_choices_to={"kind": Node.Kind.STREET},
    )
    electoral_district = models.CharField(_("electoral district"), max_length=100, blank=True)
    profession = models.CharField(_("profession"), max_length=100, blank=True)
    specialties = models.ManyToManyField(Specialty, verbose_name=_("specialties"), blank=True, related_name="deputies")
    is_leader = models.BooleanField(
        _("holds a leadership post"), default=False, help_text=_("职务代表: expected to lead by example.")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    bio = models.TextField(_("short bio"), blank=True, max_length=2000)
    photo = models.ImageField(_("photo"), upload_to=_photo_path, blank=True)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    is_active = models.BooleanField(_("in office"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["district", "is_active"]),
            models.Index(fields=["street", "is_active"]),
            models.Index(fields=["name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="deputy_term_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """A deputy placed at a station, home or contact point (编组进站), with a role there."""

    class Role(models.TextChoices):
        HEAD = "head", _("Station head")
        RESIDENT = "resident", _("Resident deputy")
        HOST = "host", _("Point host")

    deputy = models.ForeignKey(Deputy, on_delete=models.CASCADE, related_name="assignments")
    node = models.ForeignKey(
        Node,
        verbose_name=_("station or point"),
        on_delete=models.CASCADE,
        related_name="deputy_assignments",
        limit_choices_to={"kind__in": [Node.Kind.STREET, Node.Kind.STATION, Node.Kind.POINT]},
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.RESIDENT)
    since = models.DateField(_("since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["node__code", "role", "deputy__name"]
        constraints = [
            models.UniqueConstraint(fields=["deputy", "node"], name="assignment_unique_deputy_node"),
            models.UniqueConstraint(fields=["node"], condition=Q(role="head"), name="assignment_one_head_per_node"),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} @ {self.node} ({self.get_role_display()})"


class VoterContact(models.Model):
    """One of the 3–5 voters a deputy keeps in regular contact with (联系选民名单)."""

    deputy = models.ForeignKey(Deputy, on_delete=models.CASCADE, related_name="voter_contacts")
    name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30)
    community = models.CharField(_("community or address"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("voter contact")
        verbose_name_plural = _("voter contacts")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


def _import_path(instance, filename: str) -> str:
    # Random names under a private folder: the uploader's file name never reaches the disk.
    return f"imports/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class ImportJob(models.Model):
    """One spreadsheet uploaded for import: checked in full first, written only when every row is valid.

    Workers move it through its statuses (deputies.importing.runner); progress lives in the cache.
    """

    class Kind(models.TextChoices):
        STATIONS = "stations", _("Streets and stations")
        POINTS = "points", _("Contact points")
        DEPUTIES = "deputies", _("Deputies")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be checked")
        VALIDATING = "validating", _("Checking")
        INVALID = "invalid", _("Has errors")
        VALID = "valid", _("Ready to import")
        APPLYING = "applying", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    RUNNING = (Status.PENDING, Status.VALIDATING, Status.APPLYING)

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    district = models.ForeignKey(
        Node,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
        limit_choices_to={"kind": Node.Kind.DISTRICT},
    )
    file = models.FileField(_("file"), upload_to=_import_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=4)
    # The uploader's language: row errors are written in it.
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    failure_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["district", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING


class Duty(models.Model):
    """A deputy on the rota of one reception (轮值). Attendance is marked when the reception is logged."""

    class Attendance(models.TextChoices):
        EXPECTED = "expected", _("Expected")
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")

    reception = models.ForeignKey(
        "stations.Reception", verbose_name=_("reception"), on_delete=models.CASCADE, related_name="duties"
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="duties")
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.EXPECTED
    )
    # Set by a swap: the deputy who had this duty before.
    swapped_with = models.ForeignKey(
        Deputy,
        verbose_name=_("swapped with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    swap_reason = models.CharField(_("reason for the swap"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["reception_id", "deputy__name", "id"]
        indexes = [models.Index(fields=["deputy", "reception"])]
        constraints = [models.UniqueConstraint(fields=["reception", "deputy"], name="duty_unique_deputy")]

    def __str__(self) -> str:
        return f"{self.deputy} @ {self.reception}"


class CalendarFeedToken(models.Model):
    """The secret in an iCal feed's URL (a phone calendar cannot log in): one per deputy or per node."""

    deputy = models.OneToOneField(
        Deputy, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    node = models.OneToOneField(
        Node, null=True, blank=True, on_delete=models.CASCADE, related_name="calendar_feed_token"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(deputy__isnull=False, node__isnull=True) | Q(deputy__isnull=True, node__isnull=False),
                name="feed_token_one_owner",
            )
        ]

    def __str__(self) -> str:
        return str(self.deputy or self.node)
