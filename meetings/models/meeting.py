"""The meeting every kind shares, and who attends it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Node


class Meeting(models.Model):
    """A meeting or activity held at a deputies' home, station or point (or by a street or the district).

    `district`, `street` and `station` copy the node's own columns (like cases), so scoping and the
    per-station yearly counts are single indexed filters.
    """

    class Kind(models.TextChoices):
        DELIBERATION = "deliberation", _("Deliberation meeting")  # 代表议事会
        HEARING = "hearing", _("Livelihood hearing")  # 民生议政会
        LEGISLATIVE = "legislative", _("Legislative consultation")  # 立法议事会
        VOTER_MEETING = "voter_meeting", _("Voter meeting")  # 选民见面会
        TRAINING = "training", _("Training")  # 学习培训
        RESEARCH = "research", _("Research")  # 自主选题调研
        PROJECT_VOTE = "project_vote", _("Livelihood-project vote")  # 民生实事票决
        REPORT = "report", _("Deputies' report to voters")  # 述职评议

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    node = models.ForeignKey(Node, verbose_name=_("held at"), on_delete=models.PROTECT, related_name="meetings")
    district = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    # Public summary (the results board); empty until staff write it.
    summary = models.TextField(_("public summary"), max_length=10000, blank=True)
    is_public = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Conditional updates: a form carries the version it was read at (as cases do).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["station", "starts_at"]),
            models.Index(fields=["street", "starts_at"]),
            models.Index(fields=["district", "starts_at"]),
            models.Index(fields=["kind", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def place_at(self, node: Node) -> None:
        """Hold the meeting at `node`, copying its district, street and station columns."""
        self.node = node
        self.district_id = node.district_id if node.kind != Node.Kind.DISTRICT else node.pk
        self.street_id = node.street_id
        self.station_id = node.station_id


# Kinds run in the four deliberation steps (topics from cases → agenda → minutes → action items); the
# ledger's "每半年一次议事" counts them.
DELIBERATION_KINDS = (Meeting.Kind.DELIBERATION, Meeting.Kind.HEARING, Meeting.Kind.LEGISLATIVE)


class Attendee(models.Model):
    """Someone invited to a meeting: a deputy, a resident representative, a handling unit's official,
    committee staff; with the invitation and whether they came."""

    class Kind(models.TextChoices):
        DEPUTY = "deputy", _("Deputy")
        RESIDENT = "resident", _("Resident representative")
        OFFICIAL = "official", _("Official of a handling unit")
        STAFF = "staff", _("Committee staff")
        OTHER = "other", _("Other")

    class Attendance(models.TextChoices):
        UNKNOWN = "unknown", _("Not recorded")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused (leave asked)")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(_("attends as"), max_length=10, choices=Kind.choices)
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="meeting_attendances",
    )
    unit = models.ForeignKey(
        "petitions.HandlingUnit", verbose_name=_("handling unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="meeting_attendances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_attendances"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "deputy"], condition=Q(deputy__isnull=False), name="attendee_deputy_once"
            ),
        ]
        indexes = [models.Index(fields=["deputy", "attendance"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.deputy_id:
            return str(self.deputy)
        return self.name
