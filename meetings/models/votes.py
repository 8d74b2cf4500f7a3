"""Models of the votes area (see meetings/models/__init__.py): livelihood-project votes (民生实事票决).

A round (VoteRound) has candidate projects and a closed electorate (Voter). Opening it issues one
one-time code per voter (Credential: only the keyed digest is stored). A ballot is cast by spending a
code with a conditional update and inserting an anonymous Ballot with its BallotChoice rows.

Ballot secrecy is a property of the schema: Ballot and BallotChoice have random UUID keys, no
timestamp and no column that reaches a voter, a credential or a user, so the stored ballots cannot be
joined back to who cast them (tests/meetings/test_votes_secrecy.py checks it). The credential keeps
only "used", never when.

After publishing, each winning candidate becomes a Project, supervised by deputies and tracked
(Milestone, ProgressUpdate); at year end voters score the projects' delivery with a second set of
one-time codes (ScoreCredential) into anonymous Score rows, with the same secrecy pattern.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.models.meeting import Meeting
from stations.models import Node


class VoteRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Voting open")
        CLOSED = "closed", _("Closed and counted")
        PUBLISHED = "published", _("Results published")

    class Scale(models.TextChoices):
        THREE = "three", _("Three levels (satisfied / basically satisfied / not satisfied)")
        TEN = "ten", _("1 to 10")

    class Scoring(models.TextChoices):
        NONE = "none", _("Not started")
        OPEN = "open", _("Scoring open")
        CLOSED = "closed", _("Scoring closed")

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the projects are for."),
    )
    # The district or street that runs the vote; district and street copy its columns for scoping.
    node = models.ForeignKey(Node, verbose_name=_("held by"), on_delete=models.PROTECT, related_name="vote_rounds")
    district = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="+")
    street = models.ForeignKey(Node, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1)],
        help_text=_("How many projects are chosen; each ballot picks at most this many. Fewer than the candidates."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="vote_rounds", limit_choices_to={"kind": Meeting.Kind.PROJECT_VOTE},
    )
    # A run-off round for the candidates tied on the last place of `parent`.
    parent = models.ForeignKey(
        "self", verbose_name=_("run-off of"), null=True, blank=True, on_delete=models.PROTECT, related_name="runoffs"
    )
    score_scale = models.CharField(
        _("year-end scoring scale"), max_length=5, choices=Scale.choices, default=Scale.THREE
    )
    scoring = models.CharField(_("year-end scoring"), max_length=6, choices=Scoring.choices, default=Scoring.NONE)
    # Set when the round is counted (close).
    ballots_cast = models.PositiveIntegerField(_("ballots cast"), null=True, blank=True)
    electorate_size = models.PositiveIntegerField(_("electorate"), null=True, blank=True)
    runoff_needed = models.BooleanField(_("run-off needed"), default=False)
    runoff_places = models.PositiveSmallIntegerField(_("places left for a run-off"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote round")
        verbose_name_plural = _("vote rounds")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["district", "year"]),
            models.Index(fields=["street", "year"]),
            models.Index(fields=["status", "year"]),
        ]

    def __str__(self) -> str:
        return self.title

    def hold_at(self, node: Node) -> None:
        self.node = node
        self.district_id = node.district_id if node.kind != Node.Kind.DISTRICT else node.pk
        self.street_id = node.street_id

    @property
    def turnout(self) -> float | None:
        if not self.electorate_size or self.ballots_cast is None:
            return None
        return self.ballots_cast / self.electorate_size


class Candidate(models.Model):
    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="candidates")
    name = models.CharField(_("project"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    budget = models.DecimalField(
        _("budget (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    lead_unit = models.ForeignKey(
        "petitions.HandlingUnit", verbose_name=_("lead unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="vote_candidates",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Set when the round is counted.
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    is_winner = models.BooleanField(_("chosen"), default=False)
    in_runoff = models.BooleanField(_("tied: run-off"), default=False)
    # The candidate of an earlier round this one is the run-off copy of.
    runoff_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="runoff_copy"
    )

    class Meta:
        verbose_name = _("candidate project")
        verbose_name_plural = _("candidate projects")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Voter(models.Model):
    """A member of a round's closed electorate: a deputy, or a voter representative by name."""

    class Kind(models.TextChoices):
        DEPUTY = "deputy", _("Deputy")
        REPRESENTATIVE = "representative", _("Voter representative")

    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="voters")
    kind = models.CharField(_("votes as"), max_length=14, choices=Kind.choices)
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="vote_voters",
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "deputy"], condition=Q(deputy__isnull=False), name="vote_voter_deputy_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Credential(models.Model):
    """A voter's one-time voting code, as its keyed digest (meetings.codes). No time of use is kept."""

    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="credentials")
    voter = models.OneToOneField(Voter, on_delete=models.CASCADE, related_name="credential")
    code_digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")
        indexes = [models.Index(fields=["round", "used"])]

    def __str__(self) -> str:
        return str(_("voting code"))


class Ballot(models.Model):
    """One cast ballot. Random key, no time, nothing that points to a voter or a credential."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="ballots")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(_("ballot"))


class BallotChoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        verbose_name = _("ballot choice")
        verbose_name_plural = _("ballot choices")
        constraints = [models.UniqueConstraint(fields=["ballot", "candidate"], name="vote_choice_once")]

    def __str__(self) -> str:
        return str(_("ballot choice"))


class Project(models.Model):
    """A winning candidate, tracked through its year: "every project supervised, every deputy has a task"."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for supervising deputies")
        TRACKING = "tracking", _("Being delivered")
        DONE = "done", _("Delivered")

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="project")
    # The round the project was chosen for (the first round when it won a run-off), for scoping and the year.
    round = models.ForeignKey(VoteRound, on_delete=models.PROTECT, related_name="projects")
    year = models.PositiveSmallIntegerField(_("year"))
    supervisors = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("supervising deputies"), blank=True, related_name="supervised_vote_projects"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0, validators=[MaxValueValidator(100)])
    spent = models.DecimalField(_("spent to date (yuan)"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        ordering = ["round", "candidate__rank", "id"]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return self.candidate.name


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    percent = models.PositiveSmallIntegerField(_("progress (%)"), validators=[MaxValueValidator(100)])
    spent = models.DecimalField(
        _("spent to date (yuan)"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("note"), max_length=5000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.percent}%"


class ScoreCredential(models.Model):
    """A voter's one-time code for the year-end scoring of a round's projects (digest only, no time)."""

    round = models.ForeignKey(VoteRound, on_delete=models.CASCADE, related_name="score_credentials")
    voter = models.OneToOneField(Voter, on_delete=models.CASCADE, related_name="score_credential")
    code_digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("scoring code")
        verbose_name_plural = _("scoring codes")

    def __str__(self) -> str:
        return str(_("scoring code"))


class Score(models.Model):
    """One anonymous score of one project. Random key, no time, no link to a voter or a code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="scores")
    # Three levels are stored as 3 (satisfied), 2 (basically satisfied), 1 (not satisfied).
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])

    class Meta:
        verbose_name = _("project score")
        verbose_name_plural = _("project scores")

    def __str__(self) -> str:
        return str(self.value)
