"""Writes of the votes area: rounds, candidates, electorate, codes, ballots, counting, projects, scoring.

Secrecy rules every function here keeps:
- plain codes are returned to the caller once (to print slips) and never stored or logged;
- casting writes no audit row and no time: the credential's `used` flips, an anonymous ballot appears;
- counting and publishing record counts only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, DELETED, record_change
from liaison.errors import DomainError
from meetings import codes
from meetings import selectors_votes as sel
from meetings.models.votes import (
    Ballot,
    BallotChoice,
    Candidate,
    Credential,
    Milestone,
    ProgressUpdate,
    Project,
    Score,
    ScoreCredential,
    Voter,
    VoteRound,
)

Status = VoteRound.Status


class VoteError(DomainError):
    """A rule of the vote refused the change; str() is the user-facing message."""


class CodeUnknown(VoteError):
    pass


class CodeUsed(VoteError):
    pass


@dataclass(frozen=True)
class Slip:
    """A printable voting slip: the plain code exists only in this object, in one response."""

    voter: Voter
    code: str

    @property
    def display(self) -> str:
        return codes.display(self.code)


# --- who may ---------------------------------------------------------------------------------------


def _check_manage(by, round: VoteRound) -> None:
    if by is not None and not sel.rounds_visible_to(by).filter(pk=round.pk).exists():
        raise PermissionDenied


def _check_draft(round: VoteRound) -> None:
    if round.status != Status.DRAFT:
        raise VoteError(_("Candidates and voters can be changed only while the round is a draft."))


def _lock(round: VoteRound) -> VoteRound:
    return VoteRound.objects.select_for_update().get(pk=round.pk)


# --- rounds ----------------------------------------------------------------------------------------


@transaction.atomic
def round_create(*, by, node, title: str, year: int, places: int, score_scale: str = VoteRound.Scale.THREE,
                 meeting=None) -> VoteRound:
    if by is not None and not sel.may_hold_at(by, node):
        raise PermissionDenied
    round = VoteRound(title=title, year=year, places=places, score_scale=score_scale, meeting=meeting, created_by=by)
    round.hold_at(node)
    round.full_clean()
    round.save()
    record_change(by=by, obj=round, action=ADDED, message=_("Vote round created"))
    return round


@transaction.atomic
def round_update(*, by, round: VoteRound, **fields) -> VoteRound:
    _check_manage(by, round)
    round = _lock(round)
    _check_draft(round)
    changed = []
    for name in ("title", "year", "places", "score_scale", "meeting"):
        if name in fields and getattr(round, name) != fields[name]:
            setattr(round, name, fields[name])
            changed.append(name)
    if changed:
        round.full_clean()
        round.save(update_fields=changed)
        record_change(by=by, obj=round, action=CHANGED, message=", ".join(changed))
    return round


@transaction.atomic
def candidate_add(*, by, round: VoteRound, name: str, description: str = "", budget: Decimal | None = None,
                  lead_unit=None) -> Candidate:
    _check_manage(by, round)
    round = _lock(round)
    _check_draft(round)
    order = round.candidates.count() + 1
    candidate = Candidate(round=round, name=name, description=description, budget=budget, lead_unit=lead_unit,
                          order=order)
    candidate.full_clean()
    candidate.save()
    record_change(by=by, obj=round, action=CHANGED, message=_("Candidate added: %(name)s") % {"name": name})
    return candidate


@transaction.atomic
def candidate_remove(*, by, candidate: Candidate) -> None:
    round = candidate.round
    _check_manage(by, round)
    round = _lock(round)
    _check_draft(round)
    name = candidate.name
    candidate.delete()
    record_change(by=by, obj=round, action=CHANGED, message=_("Candidate removed: %(name)s") % {"name": name})


@transaction.atomic
def voters_add_deputies(*, by, round: VoteRound, deputies) -> int:
    _check_manage(by, round)
    round = _lock(round)
    _check_draft(round)
    present = set(round.voters.filter(deputy__isnull=False).values_list("deputy_id", flat=True))
    new = [Voter(round=round, kind=Voter.Kind.DEPUTY, deputy=d, name=d.name) for d in deputies if d.pk not in present]
    Voter.objects.bulk_create(new)
    if new:
        record_change(by=by, obj=round, action=CHANGED, message=_("%(n)d deputies added to the electorate") % {
            "n": len(new)})
    return len(new)


def parse_names(text: str) -> list[str]:
    """One name per line (a pasted spreadsheet column: the first cell of each line, tabs or commas split)."""
    names = []
    for line in text.splitlines():
        cell = line.replace("，", ",").split("\t")[0].split(",")[0].strip()
        if cell and cell not in ("姓名", "name", "Name"):
            names.append(cell[:100])
    return names


@transaction.atomic
def voters_import(*, by, round: VoteRound, names: list[str], kind: str = Voter.Kind.REPRESENTATIVE) -> int:
    """Voter representatives by name (several people may share a name: each line is one voter)."""
    _check_manage(by, round)
    round = _lock(round)
    _check_draft(round)
    Voter.objects.bulk_create([Voter(round=round, kind=kind, name=name) for name in names])
    if names:
        record_change(by=by, obj=round, action=CHANGED, message=_("%(n)d voters imported") % {"n": len(names)})
    return len(names)


@transaction.atomic
def voter_remove(*, by, voter: Voter) -> None:
    round = voter.round
    _check_manage(by, round)
    round = _lock(round)
    _check_draft(round)
    voter.delete()
    record_change(by=by, obj=round, action=DELETED, message=_("Voter removed"))


def _fresh_codes(n: int, model) -> list[str]:
    """n new codes whose digests are not in use (a clash is astronomically rare, but cheap to rule out)."""
    found: dict[str, str] = {}
    while len(found) < n:
        batch = {codes.code_digest(c): c for c in (codes.new_code() for _ in range(n - len(found)))}
        taken = set(model.objects.filter(code_digest__in=list(batch)).values_list("code_digest", flat=True))
        found.update({d: c for d, c in batch.items() if d not in taken and d not in found})
    return list(found.values())


def validate_for_opening(round: VoteRound) -> list[str]:
    problems = []
    n_candidates = round.candidates.count()
    if round.places < 1:
        problems.append(_("There must be at least one place."))
    if round.places >= n_candidates:
        problems.append(
            _("A vote needs more candidates than places (差额): %(places)d places need at least %(need)d candidates, "
              "there are %(n)d.") % {"places": round.places, "need": round.places + 1, "n": n_candidates}
        )
    if not round.voters.exists():
        problems.append(_("The electorate is empty: add deputies or voter representatives."))
    return problems


@transaction.atomic
def round_open(*, by, round: VoteRound, now=None) -> list[Slip]:
    """Check the round, open it and issue one code per voter. The slips are returned once, never stored."""
    _check_manage(by, round)
    round = _lock(round)
    if round.status != Status.DRAFT:
        raise VoteError(_("This round has already been opened."))
    problems = validate_for_opening(round)
    if problems:
        raise VoteError(" ".join(problems))
    voters = list(round.voters.order_by("kind", "name", "id"))
    plain = _fresh_codes(len(voters), Credential)
    Credential.objects.bulk_create(
        [Credential(round=round, voter=v, code_digest=codes.code_digest(c)) for v, c in zip(voters, plain, strict=True)]
    )
    round.status = Status.OPEN
    round.opens_at = now or timezone.now()
    round.save(update_fields=["status", "opens_at"])
    record_change(by=by, obj=round, action=CHANGED,
                  message=_("Voting opened; %(n)d codes issued") % {"n": len(voters)})
    return [Slip(voter=v, code=c) for v, c in zip(voters, plain, strict=True)]


@transaction.atomic
def credential_reissue(*, by, voter: Voter) -> Slip:
    """A lost slip: a new code replaces the unused one (the old code stops working)."""
    round = voter.round
    _check_manage(by, round)
    round = _lock(round)
    if round.status != Status.OPEN:
        raise VoteError(_("Codes can be re-issued only while voting is open."))
    (code,) = _fresh_codes(1, Credential)
    unused = Credential.objects.filter(voter=voter, round=round, used=False)
    replaced = unused.update(code_digest=codes.code_digest(code))
    if replaced != 1:
        raise VoteError(_("This voter has already voted; their code cannot be replaced."))
    record_change(by=by, obj=round, action=CHANGED, message=_("Code re-issued for %(name)s") % {"name": voter.name})
    return Slip(voter=voter, code=code)


def code_status(code: str) -> tuple[VoteRound | None, bool]:
    """(round, used) of a typed code, or (None, False) when no such code exists."""
    row = Credential.objects.filter(code_digest=codes.code_digest(code)).select_related("round").first()
    return (row.round, row.used) if row else (None, False)


def ballot_cast(*, code: str, candidate_ids) -> VoteRound:
    """Spend a code and store an anonymous ballot.

    1. Find the code's round and lock it (closing waits for casts in flight, and casts for closing).
    2. Check the round is open and the picks: at most `places`, all candidates of this round.
    3. Spend the code with a conditional update: of two tries at once exactly one changes a row.
    4. Insert the ballot (random id, no time, no link to the code) and its choices.
    """
    digest = codes.code_digest(code)
    picks = {int(c) for c in candidate_ids}
    with transaction.atomic():
        round_id = Credential.objects.filter(code_digest=digest).values_list("round_id", flat=True).first()
        if round_id is None:
            raise CodeUnknown(_("This code is not valid. Check it and try again."))
        round = VoteRound.objects.select_for_update().get(pk=round_id)
        if round.status != Status.OPEN:
            raise VoteError(_("Voting in this round is not open."))
        if len(picks) > round.places:
            raise VoteError(_("Choose at most %(places)d projects; you chose %(n)d.") % {
                "places": round.places, "n": len(picks)})
        if len(picks) != Candidate.objects.filter(round=round, pk__in=picks).count():
            raise VoteError(_("A chosen project is not on this ballot."))
        spent = Credential.objects.filter(round=round, code_digest=digest, used=False).update(used=True)
        if spent != 1:
            raise CodeUsed(_("This code has already been used: each voter votes once."))
        ballot = Ballot.objects.create(round=round)
        BallotChoice.objects.bulk_create([BallotChoice(ballot=ballot, candidate_id=pk) for pk in sorted(picks)])
    return round


def ballots_reshuffle(round: VoteRound) -> int:
    """Rewrite the round's ballots as fresh rows (new random ids) in random order, and touch every
    credential of the round, all in the caller's transaction.

    Why: casting spends a code and inserts a ballot in one transaction, so while voting is open the two
    rows share PostgreSQL's transaction stamp (xmin) and the ballots lie in the table in the order cast.
    After this, every ballot and every credential of the round carries the closing transaction's stamp
    and the ballots' physical order is random: the stored rows no longer say which code cast which ballot.
    """
    picks: dict = {}
    for ballot_id, candidate_id in BallotChoice.objects.filter(ballot__round=round).values_list(
            "ballot_id", "candidate_id"):
        picks.setdefault(ballot_id, []).append(candidate_id)
    for ballot_id in Ballot.objects.filter(round=round).values_list("id", flat=True):
        picks.setdefault(ballot_id, [])  # blank ballots
    Ballot.objects.filter(round=round).delete()
    groups = list(picks.values())
    secrets.SystemRandom().shuffle(groups)
    ballots = Ballot.objects.bulk_create([Ballot(round=round) for _ in groups])
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=b, candidate_id=c) for b, cs in zip(ballots, groups, strict=True) for c in cs]
    )
    Credential.objects.filter(round=round).update(used=F("used"))
    return len(picks)


def scores_reshuffle(round: VoteRound) -> None:
    """As ballots_reshuffle, for the year-end scores: each voter's scores were inserted together."""
    values = list(Score.objects.filter(project__round=round).values_list("project_id", "value"))
    Score.objects.filter(project__round=round).delete()
    secrets.SystemRandom().shuffle(values)
    Score.objects.bulk_create([Score(project_id=p, value=v) for p, v in values])
    ScoreCredential.objects.filter(round=round).update(used=F("used"))


def tally(round: VoteRound) -> tuple[list[Candidate], bool, int]:
    """Rank the candidates by votes (one aggregate query). Returns (ranked candidates with votes, rank,
    is_winner and in_runoff set, not saved), whether a run-off is needed, and the places left for it."""
    ranked = list(round.candidates.annotate(n=Count("choices")).order_by("-n", "order", "id"))
    previous, rank = None, 0
    for position, candidate in enumerate(ranked, start=1):
        candidate.votes = candidate.n
        if candidate.n != previous:
            rank, previous = position, candidate.n
        candidate.rank = rank
        candidate.is_winner = candidate.in_runoff = False
    places = min(round.places, len(ranked))
    if not places:
        return ranked, False, 0
    cutoff = ranked[places - 1].votes
    above = [c for c in ranked if c.votes > cutoff]
    at_cutoff = [c for c in ranked if c.votes == cutoff]
    for c in above:
        c.is_winner = True
    if len(above) + len(at_cutoff) <= round.places:
        for c in at_cutoff:
            c.is_winner = True
        return ranked, False, 0
    for c in at_cutoff:
        c.in_runoff = True
    return ranked, True, round.places - len(above)


@transaction.atomic
def round_close(*, by, round: VoteRound, now=None) -> VoteRound:
    """Stop voting and count: votes, ranks, winners, a tie on the last place, turnout."""
    _check_manage(by, round)
    round = _lock(round)
    if round.status != Status.OPEN:
        raise VoteError(_("Only an open round can be closed."))
    ballots_reshuffle(round)
    ranked, runoff, left = tally(round)
    Candidate.objects.bulk_update(ranked, ["votes", "rank", "is_winner", "in_runoff"])
    round.status = Status.CLOSED
    round.closes_at = now or timezone.now()
    round.ballots_cast = round.ballots.count()
    round.electorate_size = round.voters.count()
    round.runoff_needed, round.runoff_places = runoff, left
    round.save(update_fields=["status", "closes_at", "ballots_cast", "electorate_size", "runoff_needed",
                              "runoff_places"])
    record_change(by=by, obj=round, action=CHANGED, message=_(
        "Voting closed: %(ballots)d ballots of %(voters)d voters") % {
        "ballots": round.ballots_cast, "voters": round.electorate_size})
    return round


def _root(round: VoteRound) -> VoteRound:
    while round.parent_id:
        round = round.parent
    return round


@transaction.atomic
def round_publish(*, by, round: VoteRound, now=None) -> VoteRound:
    """Publish the results; each chosen candidate becomes a tracked project."""
    _check_manage(by, round)
    round = _lock(round)
    if round.status != Status.CLOSED:
        raise VoteError(_("Only a closed and counted round can be published."))
    root = _root(round)
    winners = round.candidates.filter(is_winner=True, project__isnull=True)
    Project.objects.bulk_create([Project(candidate=c, round=root, year=root.year) for c in winners])
    round.status = Status.PUBLISHED
    round.published_at = now or timezone.now()
    round.save(update_fields=["status", "published_at"])
    record_change(by=by, obj=round, action=CHANGED, message=_("Results published"))
    return round


@transaction.atomic
def runoff_create(*, by, round: VoteRound) -> VoteRound:
    """A draft round for the candidates tied on the last place, for the places left, with the same voters."""
    _check_manage(by, round)
    round = _lock(round)
    if round.status not in (Status.CLOSED, Status.PUBLISHED) or not round.runoff_needed:
        raise VoteError(_("This round needs no run-off."))
    if round.runoffs.exists():
        raise VoteError(_("A run-off round already exists."))
    runoff = VoteRound(
        title=_("%(title)s (run-off)") % {"title": round.title}, year=round.year, node=round.node,
        district=round.district, street=round.street, places=round.runoff_places, meeting=round.meeting,
        parent=round, score_scale=round.score_scale, created_by=by,
    )
    runoff.save()
    tied = round.candidates.filter(in_runoff=True).order_by("order", "id")
    Candidate.objects.bulk_create([
        Candidate(round=runoff, name=c.name, description=c.description, budget=c.budget, lead_unit=c.lead_unit,
                  order=i, runoff_of=c)
        for i, c in enumerate(tied, start=1)
    ])
    Voter.objects.bulk_create(
        [Voter(round=runoff, kind=v.kind, deputy=v.deputy, name=v.name) for v in round.voters.order_by("id")]
    )
    record_change(by=by, obj=runoff, action=ADDED, message=_("Run-off round created"))
    return runoff


# --- projects --------------------------------------------------------------------------------------


def _check_project(by, project: Project) -> None:
    if by is not None and not sel.may_manage_project(by, project):
        raise PermissionDenied


@transaction.atomic
def project_set_supervisors(*, by, project: Project, deputies) -> None:
    _check_project(by, project)
    project.supervisors.set(deputies)
    record_change(by=by, obj=project, action=CHANGED, message=_("Supervising deputies: %(names)s") % {
        "names": "、".join(d.name for d in deputies)})


@transaction.atomic
def project_start(*, by, project: Project) -> Project:
    """Tracking starts only with at least one supervising deputy: every project supervised."""
    _check_project(by, project)
    if not project.supervisors.exists():
        raise VoteError(_("Choose at least one supervising deputy before tracking starts."))
    if not Project.objects.filter(pk=project.pk, status=Project.Status.PENDING).update(status=Project.Status.TRACKING):
        raise VoteError(_("Tracking has already started."))
    project.status = Project.Status.TRACKING
    record_change(by=by, obj=project, action=CHANGED, message=_("Tracking started"))
    return project


@transaction.atomic
def milestone_add(*, by, project: Project, title: str, due_on) -> Milestone:
    _check_project(by, project)
    milestone = Milestone(project=project, title=title, due_on=due_on)
    milestone.full_clean()
    milestone.save()
    record_change(by=by, obj=project, action=CHANGED, message=_("Milestone added: %(title)s") % {"title": title})
    return milestone


@transaction.atomic
def milestone_done(*, by, milestone: Milestone, on) -> None:
    _check_project(by, milestone.project)
    if not Milestone.objects.filter(pk=milestone.pk, done_on__isnull=True).update(done_on=on):
        return  # already done (a double click): nothing changed, nothing to record
    record_change(by=by, obj=milestone.project, action=CHANGED,
                  message=_("Milestone done: %(title)s") % {"title": milestone.title})


@transaction.atomic
def progress_record(*, by, project: Project, percent: int, spent: Decimal, note: str = "", now=None) -> ProgressUpdate:
    if by is not None and not sel.may_report_progress(by, project):
        raise PermissionDenied
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status == Project.Status.PENDING:
        raise VoteError(_("Choose at least one supervising deputy before tracking starts."))
    update = ProgressUpdate(project=project, percent=percent, spent=spent, note=note, by=by, at=now or timezone.now())
    update.full_clean()
    update.save()
    project.percent, project.spent = percent, spent
    fields = ["percent", "spent"]
    if percent == 100:
        project.status = Project.Status.DONE
        fields.append("status")
    project.save(update_fields=fields)
    return update


# --- year-end scoring ------------------------------------------------------------------------------


@transaction.atomic
def scoring_open(*, by, round: VoteRound) -> list[Slip]:
    """Issue one scoring code per voter of the round (the same electorate); slips returned once."""
    _check_manage(by, round)
    round = _lock(round)
    if round.status != Status.PUBLISHED or round.scoring != VoteRound.Scoring.NONE:
        raise VoteError(_("Year-end scoring can be opened once, after the results are published."))
    if not round.projects.exists():
        raise VoteError(_("This round has no projects to score."))
    voters = list(round.voters.order_by("kind", "name", "id"))
    plain = _fresh_codes(len(voters), ScoreCredential)
    ScoreCredential.objects.bulk_create(
        [ScoreCredential(round=round, voter=v, code_digest=codes.code_digest(c))
         for v, c in zip(voters, plain, strict=True)]
    )
    round.scoring = VoteRound.Scoring.OPEN
    round.save(update_fields=["scoring"])
    record_change(by=by, obj=round, action=CHANGED, message=_("Year-end scoring opened; %(n)d codes issued") % {
        "n": len(voters)})
    return [Slip(voter=v, code=c) for v, c in zip(voters, plain, strict=True)]


@transaction.atomic
def scoring_close(*, by, round: VoteRound) -> None:
    _check_manage(by, round)
    round = _lock(round)
    if round.scoring != VoteRound.Scoring.OPEN:
        raise VoteError(_("Scoring is not open."))
    round.scoring = VoteRound.Scoring.CLOSED
    round.save(update_fields=["scoring"])
    scores_reshuffle(round)
    record_change(by=by, obj=round, action=CHANGED, message=_("Year-end scoring closed"))


def score_code_status(code: str) -> tuple[VoteRound | None, bool]:
    row = ScoreCredential.objects.filter(code_digest=codes.code_digest(code)).select_related("round").first()
    return (row.round, row.used) if row else (None, False)


def scores_cast(*, code: str, values: dict[int, int]) -> VoteRound:
    """Spend a scoring code and store one anonymous Score per project scored (the same pattern as ballots)."""
    digest = codes.code_digest(code)
    with transaction.atomic():
        round_id = ScoreCredential.objects.filter(code_digest=digest).values_list("round_id", flat=True).first()
        if round_id is None:
            raise CodeUnknown(_("This code is not valid. Check it and try again."))
        round = VoteRound.objects.select_for_update().get(pk=round_id)
        if round.scoring != VoteRound.Scoring.OPEN:
            raise VoteError(_("Scoring in this round is not open."))
        top = 3 if round.score_scale == VoteRound.Scale.THREE else 10
        project_ids = set(round.projects.values_list("pk", flat=True))
        if set(values) - project_ids or any(not 1 <= v <= top for v in values.values()):
            raise VoteError(_("A score is not valid."))
        spent = ScoreCredential.objects.filter(round=round, code_digest=digest, used=False).update(used=True)
        if spent != 1:
            raise CodeUsed(_("This code has already been used: each voter scores once."))
        Score.objects.bulk_create([Score(project_id=pk, value=v) for pk, v in sorted(values.items())])
    return round
