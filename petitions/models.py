"""Residents' opinions and petitions (群众意见建议) through their whole life.

A case (`Petition`) moves through an explicit state machine (petitions/workflow.py); every move is
a service in petitions/services/ that writes one `PetitionEvent`. The current deadline is a column
(`due_on`), found by the deadline sweep; nothing waits in a timer.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from stations.models import Community, Node


class Category(models.Model):
    """A configurable case category (分类); seeded with the sources' list by a data migration."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    specialties = models.ManyToManyField(
        "deputies.Specialty",
        verbose_name=_("matching specialties"),
        blank=True,
        related_name="categories",
        help_text=_("Deputies with these specialties are suggested first (专业对口)."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class HandlingUnit(models.Model):
    """A unit that handles referred cases (承办单位): a street office, the district government office,
    or a functional department."""

    class Kind(models.TextChoices):
        STREET_OFFICE = "street_office", _("Street office")
        DISTRICT_OFFICE = "district_office", _("District government office")
        DEPARTMENT = "department", _("Functional department")
        OTHER = "other", _("Other unit")

    district = models.ForeignKey(
        Node,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="handling_units",
        limit_choices_to={"kind": Node.Kind.DISTRICT},
    )
    street = models.ForeignKey(
        Node,
        verbose_name=_("street"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Node.Kind.STREET},
        help_text=_("For a street office: its street."),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="handling_unit_unique_name")]

    def __str__(self) -> str:
        return self.name


class Petition(models.Model):
    class Channel(models.TextChoices):
        RECEPTION = "reception", _("Reception day")
        STATION = "station", _("Entered at the station")
        DEPUTY = "deputy", _("Deputy's snapshot report")
        ONLINE = "online", _("Online (QR code)")

    class Grade(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")
        MAJOR = "major", _("Major")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned to a deputy")
        RESOLVED = "resolved", _("Resolved directly")
        REFERRED = "referred", _("Referred")
        ACKNOWLEDGED = "acknowledged", _("Receipt acknowledged")
        REPLIED = "replied", _("Replied in writing")
        INFORMED = "informed", _("Resident informed")
        RATED = "rated", _("Rated")
        REVIEW = "review", _("Under review")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MERGED = "merged", _("Merged")
        ESCALATED = "escalated", _("Escalated to a deputy suggestion")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        MOSTLY = "mostly", _("Mostly satisfied")
        UNSATISFIED = "unsatisfied", _("Not satisfied")

    tracking_no = models.CharField(_("tracking number"), max_length=40, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Where the case belongs; its district/street/station are copied from the node so that scoping
    # and dashboards filter on indexed columns of this table.
    node = models.ForeignKey(
        Node, verbose_name=_("station or point"), on_delete=models.PROTECT, related_name="petitions"
    )
    district = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    resident_name = models.CharField(_("resident's name"), max_length=50)
    resident_phone = models.CharField(_("resident's phone"), max_length=30)
    hide_name_from_deputy = models.BooleanField(
        _("keep the name from the deputy"), default=False, help_text=_("The deputy sees the case without the name.")
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="petitions"
    )
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices, default=Grade.NORMAL)
    content = models.TextField(_("what happened"), max_length=5000)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    assigned_deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("deputy in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    reported_by = models.ForeignKey(
        Deputy,
        verbose_name=_("reported by deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_petitions",
    )
    received_at = models.DateTimeField(_("received at"))
    # The deadline now running (written reply, re-reply after review), a local date in Asia/Shanghai.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_provisional = models.BooleanField(
        _("due date provisional"),
        default=False,
        help_text=_("The holiday calendar does not yet cover that year; the date was not rolled over."),
    )
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("rating comment"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    # The reception day the case was raised at (channel "reception"), set when the day is logged.
    reception = models.ForeignKey(
        "stations.Reception",
        verbose_name=_("reception day"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped by every transition and edit: a form carrying an older version is refused (no lost update).
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["district", "status"]),
            models.Index(fields=["street", "status"]),
            models.Index(fields=["station", "status"]),
            models.Index(fields=["assigned_deputy", "status"]),
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["category", "received_at"]),
            models.Index(fields=["received_at"]),
            # Dashboards: a street's or station's cases received in a period.
            models.Index(fields=["street", "received_at"]),
            models.Index(fields=["station", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.tracking_no


class PetitionEvent(models.Model):
    """One line of a case's timeline: who, when, what. Written by every service, never edited."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who acted when there is no user: "resident", "system" (the deadline sweep), a unit's clerk.
    actor_label = models.CharField(max_length=60, blank=True)
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=5000)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["petition", "at"])]

    def __str__(self) -> str:
        return f"{self.petition} {self.action}"


def _attachment_path(instance, filename: str) -> str:
    return f"petitions/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class Attachment(models.Model):
    """A photo or PDF on a case, private: served only through a permission-checked view."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        PDF = "pdf", _("PDF document")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        PetitionEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    kind = models.CharField(max_length=5, choices=Kind.choices)
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.petition_id}/{self.pk}"


class Referral(models.Model):
    """A referral to a handling unit with its letter (转办函) and the written-reply deadline."""

    class Route(models.TextChoices):
        STREET = "street", _("Within the street's powers: to the street office")
        DISTRICT = "district", _("Beyond the street: through the district committee to the government")

    class ReplyClass(models.TextChoices):
        A = "A", _("A: solved")
        B = "B", _("B: being solved or planned")
        C = "C", _("C: to be solved later")
        D = "D", _("D: kept for reference")

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="referrals")
    number = models.CharField(_("letter number"), max_length=40, unique=True)
    route = models.CharField(_("route"), max_length=10, choices=Route.choices)
    unit = models.ForeignKey(
        HandlingUnit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="referrals"
    )
    deputy_opinion = models.TextField(_("deputy's opinion"), blank=True, max_length=2000)
    street_opinion = models.TextField(_("street committee's opinion"), blank=True, max_length=2000)
    district_opinion = models.TextField(_("district committee's review"), blank=True, max_length=2000)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The unit's receipt starts the three months (自收文之日起).
    received_on = models.DateField(_("received by the unit on"), null=True, blank=True)
    received_by_name = models.CharField(_("received by"), max_length=50, blank=True)
    reply_due_on = models.DateField(_("reply due on"), null=True, blank=True)
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extension_reason = models.CharField(_("reason for the extension"), max_length=500, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_text = models.TextField(_("written reply"), blank=True, max_length=10000)
    reply_class = models.CharField(_("reply class"), max_length=1, choices=ReplyClass.choices, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition"], condition=Q(is_current=True), name="referral_one_current_per_case"
            )
        ]
        indexes = [models.Index(fields=["unit", "reply_due_on"]), models.Index(fields=["sent_at"])]

    def __str__(self) -> str:
        return self.number


class Review(models.Model):
    """A review (复核) opened by a "not satisfied" rating; the unit re-replies within one month."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="reviews")
    opened_at = models.DateTimeField(_("opened at"))
    reason = models.CharField(_("resident's comment"), max_length=500, blank=True)
    due_on = models.DateField(_("re-reply due on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition"], condition=Q(closed_at__isnull=True), name="review_one_open_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} review {self.opened_at:%Y-%m-%d}"


class DeadlineStep(models.Model):
    """A reminder or escalation sent for one deadline of one case: the unique constraint makes a
    sweep run twice, or two sweeps at once, act once."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="deadline_steps")
    step = models.CharField(max_length=20)
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline step")
        verbose_name_plural = _("deadline steps")
        constraints = [models.UniqueConstraint(fields=["petition", "step", "due_on"], name="deadline_step_once")]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.step} {self.due_on}"


def _reception_photo_path(instance, filename: str) -> str:
    return f"receptions/{uuid.uuid4().hex}.jpg"


class ReceptionLog(models.Model):
    """What the clerk logged for one reception day (stations.Reception): residents received, notes,
    and the page's autosaved draft. The issues raised become cases (Petition.reception)."""

    reception = models.OneToOneField(
        "stations.Reception", verbose_name=_("reception day"), on_delete=models.CASCADE, related_name="log"
    )
    residents_received = models.PositiveIntegerField(_("residents received"), null=True, blank=True)
    notes = models.TextField(_("notes of the event"), max_length=5000, blank=True)
    # Everything typed on the logging page so far (raw strings), so leaving the page loses nothing;
    # emptied once the log is submitted.
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("logged at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reception log")
        verbose_name_plural = _("reception logs")

    def __str__(self) -> str:
        return f"log {self.reception_id}"


class ReceptionPhoto(models.Model):
    """A photo of a reception day, re-encoded without EXIF, served only through a checked view."""

    log = models.ForeignKey(ReceptionLog, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=_reception_photo_path, max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reception photo")
        verbose_name_plural = _("reception photos")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.log_id}/{self.pk}"
