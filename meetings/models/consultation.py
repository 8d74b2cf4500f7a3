"""Models of the consultation area (see meetings/models/__init__.py): legislative consultation (立法征询).

A draft regulation is put out for opinions between two dates, for the whole district or one street.
Opinions come from stations (often a legislative consultation meeting), from deputies themselves and
online from residents. Committee staff decide each opinion adopted or not; an adopted one gets a
certificate number (采纳证明) from a per-year sequence and counts for its deputy or station.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models.meeting import Meeting
from stations.models import Node


def _draft_pdf_path(instance, filename: str) -> str:
    # Random name: the file is private and served only through a view that checks who asks.
    return f"consultation/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class DraftRegulation(models.Model):
    """A draft put out for opinions. Open while opinions_open_from <= today <= opinions_due (local
    dates): the state is read from the dates, so no timer closes it."""

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Not open yet")
        OPEN = "open", _("Open for opinions")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    issuing_body = models.CharField(
        _("issuing body"),
        max_length=200,
        help_text=_("Who asks for opinions, e.g. the Standing Committee's legal office."),
    )
    text = models.TextField(_("text of the draft"), max_length=100_000, blank=True)
    pdf = models.FileField(_("draft as PDF"), upload_to=_draft_pdf_path, max_length=200, blank=True)
    opinions_open_from = models.DateField(_("opinions open from"))
    opinions_due = models.DateField(_("opinions due by"), help_text=_("The last day opinions are taken."))
    # Scope: the district (street empty) or one street of it.
    district = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Edit forms carry the version they were read at; a stale save is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("draft regulation")
        verbose_name_plural = _("draft regulations")
        ordering = ["-opinions_due", "-id"]
        indexes = [
            models.Index(fields=["district", "opinions_due"]),
            models.Index(fields=["street", "opinions_due"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(opinions_due__gte=models.F("opinions_open_from")), name="draft_due_after_open"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_node_id(self) -> int:
        return self.street_id or self.district_id

    def state_on(self, day) -> str:
        if day < self.opinions_open_from:
            return self.State.UPCOMING
        if day > self.opinions_due:
            return self.State.CLOSED
        return self.State.OPEN


class Opinion(models.Model):
    """One opinion on a draft. `district`, `street`, `station` copy the node it was gathered at (or,
    online, the draft's district and street) so scoping is one indexed filter, as for cases."""

    class Channel(models.TextChoices):
        STATION = "station", _("At a station (consultation meeting)")
        DEPUTY = "deputy", _("From a deputy")
        ONLINE = "online", _("Online")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        ADOPTED = "adopted", _("Adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    draft = models.ForeignKey(DraftRegulation, on_delete=models.CASCADE, related_name="opinions")
    article = models.CharField(
        _("article or clause"), max_length=100, blank=True, help_text=_("Optional, e.g. Article 12, paragraph 2.")
    )
    text = models.TextField(_("opinion"), max_length=5000)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    node = models.ForeignKey(
        Node, verbose_name=_("station"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="consultation_opinions",
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("consultation meeting"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="consultation_opinions",
    )
    contributor_name = models.CharField(_("contributor's name"), max_length=50, blank=True)
    # Residents' phones online: optional, and shown masked everywhere.
    contributor_phone = models.CharField(_("contributor's phone"), max_length=20, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    certificate_no = models.CharField(_("certificate number"), max_length=20, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("opinion on a draft")
        verbose_name_plural = _("opinions on drafts")
        ordering = ["entered_at", "id"]
        indexes = [
            models.Index(fields=["draft", "decision"]),
            models.Index(fields=["station", "decision"]),
            models.Index(fields=["street", "decision"]),
            models.Index(fields=["district", "decision"]),
            models.Index(fields=["deputy", "decision"]),
            models.Index(fields=["decision", "decided_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="adopted", certificate_no__isnull=False)
                | (~Q(decision="adopted") & Q(certificate_no__isnull=True)),
                name="opinion_certificate_iff_adopted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft} · {self.text[:30]}"

    def place_at(self, node: Node) -> None:
        self.node = node
        self.district_id = node.district_id
        self.street_id = node.street_id
        self.station_id = node.station_id


class CertificateSequence(models.Model):
    """The last certificate number handed out in a year; a row lock makes numbers unique and gapless."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("certificate sequence")
        verbose_name_plural = _("certificate sequences")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
