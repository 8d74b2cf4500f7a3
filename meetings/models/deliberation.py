"""Models of the deliberation area (see meetings/models/__init__.py).

A deliberation meeting (代表议事会, and the hearing and legislative kinds run the same way) goes in four
steps: topics collected from cases (Topic, TopicCase) → agenda and attendees (meetings.Attendee) →
minutes per topic with the unit's on-the-spot answer, and decisions (Decision) → each decision's
action item (ActionItem) tracked to done with progress rows (ActionProgress), reminded and escalated
by the action-item sweep (ActionStep, meetings/sweep.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models.meeting import Meeting


class Topic(models.Model):
    """One item of a meeting's agenda (议题): from collected cases (several may feed one topic) or staff's own."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source_category = models.ForeignKey(
        "petitions.Category", verbose_name=_("from category"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    source_community = models.ForeignKey(
        "stations.Community", verbose_name=_("from community"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    cases = models.ManyToManyField(
        "petitions.Petition", verbose_name=_("cases"), through="TopicCase", blank=True, related_name="meeting_topics"
    )
    # Step 3: what was said and answered.
    minutes = models.TextField(_("minutes"), max_length=10000, blank=True)
    unit_answer = models.TextField(_("the unit's on-the-spot answer"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["meeting", "order", "id"]

    def __str__(self) -> str:
        return self.title


class TopicCase(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="topic_cases")
    petition = models.ForeignKey("petitions.Petition", on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case behind a topic")
        verbose_name_plural = _("cases behind topics")
        constraints = [models.UniqueConstraint(fields=["topic", "petition"], name="topic_case_once")]

    def __str__(self) -> str:
        return f"{self.topic_id}/{self.petition_id}"


class Decision(models.Model):
    """What the meeting decided on a topic (决定事项)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"), max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["topic", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class ActionItem(models.Model):
    """A decision to carry out (督办事项): owned by a handling unit, due on a date, tracked to done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="action")
    # Copied from the decision's topic, so lists, scoping and the sweep filter on one indexed column.
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    owner = models.ForeignKey(
        "petitions.HandlingUnit", verbose_name=_("owner (handling unit)"), on_delete=models.PROTECT,
        related_name="meeting_actions",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    latest_note = models.CharField(_("latest note"), max_length=1000, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="action_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return str(self.decision)


class ActionProgress(models.Model):
    """One progress report on an action item: who, when, how far, what."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    note = models.CharField(_("note"), max_length=1000, blank=True)
    # "progress", "done", "cancelled", "due_changed"
    kind = models.CharField(max_length=12, default="progress")

    class Meta:
        verbose_name = _("action progress")
        verbose_name_plural = _("action progress")
        ordering = ["action", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action_id} {self.percent}%"


class ActionStep(models.Model):
    """A reminder or escalation sent for one due date of one action item: unique, so the sweep acts once."""

    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=20)
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action item deadline step")
        verbose_name_plural = _("action item deadline steps")
        constraints = [models.UniqueConstraint(fields=["action", "step", "due_on"], name="action_step_once")]

    def __str__(self) -> str:
        return f"{self.action_id} {self.step} {self.due_on}"
