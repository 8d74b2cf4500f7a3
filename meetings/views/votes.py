"""Pages of the votes area: staff pages (rounds, electorate, slips, results, projects) and the voters'
phone pages (ballot, year-end scoring) and the public results."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from deputies.selectors import deputies_visible_to
from liaison import ratelimit
from liaison.errors import DomainError
from meetings import codes
from meetings import selectors_votes as sel
from meetings.forms import votes as forms
from meetings.models.votes import Candidate, Milestone, Project, Voter, VoteRound
from meetings.services import votes as svc
from meetings.views.common import posted
from stations.access import member_required, staff_required

T = "meetings/votes/"

# Wrong codes one address may type in WRONG_CODE_WINDOW seconds. Voters at a meeting often share one
# network, so this is per room rather than per person: generous for typos, useless for guessing
# (a code is one of 31^8 ≈ 8.5e11).
WRONG_CODES_PER_IP = getattr(settings, "LIAISON_VOTE_WRONG_CODES_PER_IP", 30)
WRONG_CODE_WINDOW = 10 * 60


def _small_int(value: str, *, limit: int = 10**9) -> int | None:
    """A query-string number, or None: ASCII digits only ("²".isdigit() is true but int() refuses it)."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 10:
        return None
    number = int(value)
    return number if number < limit else None


def _error_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


# --- staff: rounds ---------------------------------------------------------------------------------


@staff_required
def round_list(request):
    rounds = sel.round_list_for(request.user)
    can_create = sel.nodes_for_rounds(request.user).exists()
    return render(request, T + "round_list.html", {"rounds": rounds, "can_create": can_create})


@staff_required
def round_create(request):
    form = forms.RoundForm(posted(request), user=request.user, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                round = svc.round_create(by=request.user, node=data["node"], title=data["title"], year=data["year"],
                                         places=data["places"], score_scale=data["score_scale"],
                                         meeting=data["meeting"])
            except (DomainError, ValidationError) as error:
                form.add_error(None, _error_message(error))
            else:
                messages.success(request, _("The round is created: add the candidate projects and the voters."))
                return redirect("meetings:vote_round", pk=round.pk)
        return render(request, T + "round_form.html", {"form": form}, status=400)
    return render(request, T + "round_form.html", {"form": form})


@staff_required
def round_edit(request, pk: int):
    round = sel.round_for(request.user, pk)
    if round.status != VoteRound.Status.DRAFT:
        messages.error(request, _("Candidates and voters can be changed only while the round is a draft."))
        return redirect("meetings:vote_round", pk=round.pk)
    form = forms.RoundForm(posted(request), instance=round, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            fields = {k: form.cleaned_data[k] for k in ("title", "year", "places", "score_scale", "meeting")}
            round.refresh_from_db()
            try:
                svc.round_update(by=request.user, round=round, **fields)
            except (DomainError, ValidationError) as error:
                form.add_error(None, _error_message(error))
            else:
                messages.success(request, _("Saved."))
                return redirect("meetings:vote_round", pk=round.pk)
        return render(request, T + "round_form.html", {"form": form, "round": round}, status=400)
    return render(request, T + "round_form.html", {"form": form, "round": round})


def _detail(request, round: VoteRound, *, status: int = 200, **forms_given):
    draft = round.status == VoteRound.Status.DRAFT
    context = {
        "round": round,
        "candidates": sel.candidates_of(round),
        "voters": sel.voters_of(round),
        "results": sel.results_of(round) if round.status in (VoteRound.Status.CLOSED, VoteRound.Status.PUBLISHED)
        else None,
        "problems": svc.validate_for_opening(round) if draft else [],
        "runoffs": round.runoffs.all(),
        "projects": round.projects.select_related("candidate") if round.status == VoteRound.Status.PUBLISHED else [],
        # Averages only once scoring is closed: live figures would show what a known voter just gave.
        "scores": sel.score_summary(round) if round.scoring == VoteRound.Scoring.CLOSED else [],
    }
    if draft:
        context["candidate_form"] = forms_given.get("candidate_form") or forms.CandidateForm(round=round)
        context["deputy_form"] = forms_given.get("deputy_form") or forms.DeputyPickForm(user=request.user, round=round)
        context["import_form"] = forms_given.get("import_form") or forms.VoterImportForm()
    return render(request, T + "round_detail.html", context, status=status)


@staff_required
def round_detail(request, pk: int):
    return _detail(request, sel.round_for(request.user, pk))


@staff_required
@require_POST
def candidate_add(request, pk: int):
    round = sel.round_for(request.user, pk)
    form = forms.CandidateForm(request.POST, round=round)
    if form.is_valid():
        try:
            svc.candidate_add(by=request.user, round=round, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form.add_error(None, _error_message(error))
        else:
            return redirect(reverse("meetings:vote_round", args=[round.pk]) + "#candidates")
    return _detail(request, round, status=400, candidate_form=form)


@staff_required
@require_POST
def candidate_remove(request, pk: int):
    candidate = get_object_or_404(Candidate.objects.filter(round__in=sel.rounds_visible_to(request.user)), pk=pk)
    try:
        svc.candidate_remove(by=request.user, candidate=candidate)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(reverse("meetings:vote_round", args=[candidate.round_id]) + "#candidates")


@staff_required
@require_POST
def voters_add_deputies(request, pk: int):
    round = sel.round_for(request.user, pk)
    form = forms.DeputyPickForm(request.POST, user=request.user, round=round)
    if form.is_valid():
        try:
            n = svc.voters_add_deputies(by=request.user, round=round, deputies=list(form.cleaned_data["deputies"]))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(n)d deputies added to the electorate.") % {"n": n})
            return redirect(reverse("meetings:vote_round", args=[round.pk]) + "#voters")
    return _detail(request, round, status=400, deputy_form=form)


@staff_required
@require_POST
def voters_import(request, pk: int):
    round = sel.round_for(request.user, pk)
    form = forms.VoterImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            n = svc.voters_import(by=request.user, round=round, names=form.cleaned_data["parsed"],
                                  kind=form.cleaned_data["kind"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(n)d voters added to the electorate.") % {"n": n})
            return redirect(reverse("meetings:vote_round", args=[round.pk]) + "#voters")
    return _detail(request, round, status=400, import_form=form)


@staff_required
@require_POST
def voter_remove(request, pk: int):
    voter = get_object_or_404(Voter.objects.filter(round__in=sel.rounds_visible_to(request.user)), pk=pk)
    try:
        svc.voter_remove(by=request.user, voter=voter)
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(reverse("meetings:vote_round", args=[voter.round_id]) + "#voters")


def _vote_url(request, code: str, name: str = "meetings_public:vote") -> str:
    path = f"{reverse(name)}?{urlencode({'code': codes.display(code)})}"
    if settings.LIAISON_SITE_URL:
        return settings.LIAISON_SITE_URL + path
    return request.build_absolute_uri(path)


def _qr_svg(url: str) -> str:
    # As the posters (public/qr.py, which meetings may not import): inline SVG, no style attribute (CSP).
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=4, border=4, omitsize=True, svgclass="qr-code", lineclass="qr-line", title=url, dark="#000"
    )


def _slips(request, round: VoteRound, slips, *, scoring: bool = False):
    name = "meetings_public:vote_score" if scoring else "meetings_public:vote"
    rows = []
    for slip in slips:
        url = _vote_url(request, slip.code, name)
        rows.append({"name": slip.voter.name, "kind": slip.voter.get_kind_display(), "code": slip.display,
                     "url": url, "svg": _qr_svg(url)})
    response = render(request, T + "slips.html", {"round": round, "slips": rows, "scoring": scoring})
    response["Cache-Control"] = "no-store"  # the only copy of the plain codes: never cached
    return response


@staff_required
@require_POST
@never_cache
def round_open(request, pk: int):
    round = sel.round_for(request.user, pk)
    try:
        slips = svc.round_open(by=request.user, round=round)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("meetings:vote_round", pk=round.pk)
    round.refresh_from_db()
    return _slips(request, round, slips)


@staff_required
@require_POST
@never_cache
def voter_reissue(request, pk: int):
    voter = get_object_or_404(
        Voter.objects.filter(round__in=sel.rounds_visible_to(request.user)).select_related("round"), pk=pk
    )
    try:
        slip = svc.credential_reissue(by=request.user, voter=voter)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(reverse("meetings:vote_round", args=[voter.round_id]) + "#voters")
    return _slips(request, voter.round, [slip])


def _transition(request, pk: int, service, done: str):
    round = sel.round_for(request.user, pk)
    try:
        result = service(by=request.user, round=round)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("meetings:vote_round", pk=round.pk)
    messages.success(request, done)
    target = result if isinstance(result, VoteRound) else round
    return redirect("meetings:vote_round", pk=target.pk)


@staff_required
@require_POST
def round_close(request, pk: int):
    return _transition(request, pk, svc.round_close, _("Voting is closed and the ballots are counted."))


@staff_required
@require_POST
def round_publish(request, pk: int):
    return _transition(request, pk, svc.round_publish, _("The results are published."))


@staff_required
@require_POST
def round_runoff(request, pk: int):
    return _transition(request, pk, svc.runoff_create,
                       _("The run-off round is created with the tied candidates and the same voters."))


@staff_required
@require_POST
@never_cache
def scoring_open(request, pk: int):
    round = sel.round_for(request.user, pk)
    try:
        slips = svc.scoring_open(by=request.user, round=round)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("meetings:vote_round", pk=round.pk)
    round.refresh_from_db()
    return _slips(request, round, slips, scoring=True)


@staff_required
@require_POST
def scoring_close(request, pk: int):
    return _transition(request, pk, svc.scoring_close, _("Year-end scoring is closed."))


# --- staff and deputies: projects ------------------------------------------------------------------


@member_required
def project_list(request):
    year = _small_int(request.GET.get("year", ""), limit=10000)
    projects = sel.project_list_for(request.user, year=year)
    return render(request, T + "project_list.html", {"projects": projects, "year": year})


def _supervisor_choices(user, project: Project):
    round = project.round
    qs = deputies_visible_to(user).filter(is_active=True, district_id=round.district_id)
    if round.street_id:
        qs = qs.filter(Q(street_id=round.street_id) | Q(assignments__node__street_id=round.street_id))
    return qs.distinct().order_by("name")


def _project_page(request, project: Project, *, status: int = 200, **given):
    manage = sel.may_manage_project(request.user, project)
    context = {
        "project": project,
        "supervisors": project.supervisors.order_by("name"),
        "milestones": project.milestones.all(),
        "updates": sel.project_updates(project),
        "manage": manage,
        "may_report": manage or sel.may_report_progress(request.user, project),
        "progress_form": given.get("progress_form") or forms.ProgressForm(
            initial={"percent": project.percent, "spent": project.spent}),
    }
    if manage:
        context["supervisors_form"] = given.get("supervisors_form") or forms.SupervisorsForm(
            queryset=_supervisor_choices(request.user, project), initial={"deputies": list(context["supervisors"])})
        context["milestone_form"] = given.get("milestone_form") or forms.MilestoneForm()
    return render(request, T + "project_detail.html", context, status=status)


@member_required
def project_detail(request, pk: int):
    return _project_page(request, sel.project_for(request.user, pk))


def _managed_project(request, pk: int) -> Project:
    project = sel.project_for(request.user, pk)
    if not sel.may_manage_project(request.user, project):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    return project


@member_required
@require_POST
def project_supervisors(request, pk: int):
    project = _managed_project(request, pk)
    form = forms.SupervisorsForm(request.POST, queryset=_supervisor_choices(request.user, project))
    if form.is_valid():
        svc.project_set_supervisors(by=request.user, project=project, deputies=list(form.cleaned_data["deputies"]))
        messages.success(request, _("Supervising deputies saved."))
        return redirect("meetings:vote_project", pk=project.pk)
    return _project_page(request, project, status=400, supervisors_form=form)


@member_required
@require_POST
def project_start(request, pk: int):
    project = _managed_project(request, pk)
    try:
        svc.project_start(by=request.user, project=project)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Tracking started."))
    return redirect("meetings:vote_project", pk=project.pk)


@member_required
@require_POST
def milestone_add(request, pk: int):
    project = _managed_project(request, pk)
    form = forms.MilestoneForm(request.POST)
    if form.is_valid():
        svc.milestone_add(by=request.user, project=project, **form.cleaned_data)
        return redirect("meetings:vote_project", pk=project.pk)
    return _project_page(request, project, status=400, milestone_form=form)


@member_required
@require_POST
def milestone_done(request, pk: int):
    milestone = get_object_or_404(Milestone.objects.select_related("project"), pk=pk)
    project = _managed_project(request, milestone.project_id)
    svc.milestone_done(by=request.user, milestone=milestone, on=timezone.localdate())
    return redirect("meetings:vote_project", pk=project.pk)


@member_required
@require_POST
def progress_add(request, pk: int):
    project = sel.project_for(request.user, pk)
    if not sel.may_report_progress(request.user, project):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = forms.ProgressForm(request.POST)
    if form.is_valid():
        try:
            svc.progress_record(by=request.user, project=project, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            form.add_error(None, _error_message(error))
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("meetings:vote_project", pk=project.pk)
    return _project_page(request, project, status=400, progress_form=form)


# --- voters' phone pages (no login) ----------------------------------------------------------------


def _wrong_key(request) -> str:
    return f"vote-wrong-code:{ratelimit.client_ip(request)}"


def _blocked(request) -> bool:
    return ratelimit.reached(_wrong_key(request), limit=WRONG_CODES_PER_IP, window=WRONG_CODE_WINDOW)


def _count_wrong(request) -> None:
    ratelimit.count(_wrong_key(request), window=WRONG_CODE_WINDOW)


def _code_page(request, form, *, status: int = 200, scoring: bool = False):
    return render(request, T + "vote_code.html", {"form": form, "scoring": scoring}, status=status)


def _check_code(request, code: str, *, scoring: bool):
    """(round, None) for a usable code, or (None, response) explaining why not."""
    form = forms.CodeForm({"code": code})
    if _blocked(request):
        form.is_valid()
        form.add_error("code", _("Too many wrong codes from this network. Wait ten minutes and try again."))
        return None, _code_page(request, form, status=429, scoring=scoring)
    round, used = (svc.score_code_status if scoring else svc.code_status)(code)
    if round is None:
        _count_wrong(request)
        form.is_valid()
        form.add_error("code", _("This code is not valid. Check it and try again."))
        return None, _code_page(request, form, status=400, scoring=scoring)
    if used:
        return None, render(request, T + "vote_message.html", {
            "round": round, "message": _("This code has already been used: each voter votes once.")}, status=409)
    is_open = round.scoring == VoteRound.Scoring.OPEN if scoring else round.status == VoteRound.Status.OPEN
    if not is_open:
        return None, render(request, T + "vote_message.html", {
            "round": round, "message": _("Voting in this round is not open.")}, status=409)
    return round, None


def _ballot_page(request, round: VoteRound, form, *, status: int = 200):
    return render(request, T + "ballot.html", {"round": round, "form": form}, status=status)


@sensitive_post_parameters("code")
@never_cache
def vote(request):
    """GET ?code=…: the ballot for a valid unused code (the QR link), else the code form.
    POST: cast the ballot; every rule is checked again on the server."""
    if request.method == "POST":
        code = codes.normalise(request.POST.get("code", ""))[:20]
        round, refusal = _check_code(request, code, scoring=False)
        if refusal:
            return refusal
        form = forms.BallotForm(request.POST, round=round)
        if form.is_valid():
            try:
                svc.ballot_cast(code=code, candidate_ids=[c.pk for c in form.cleaned_data["choices"]])
            except svc.CodeUsed as error:
                return render(request, T + "vote_message.html", {"round": round, "message": str(error)}, status=409)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return redirect(f"{reverse('meetings_public:vote_done')}?{urlencode({'round': round.pk})}")
        return _ballot_page(request, round, form, status=400)
    code = codes.normalise(request.GET.get("code", ""))[:20]
    if not code:
        return _code_page(request, forms.CodeForm())
    round, refusal = _check_code(request, code, scoring=False)
    if refusal:
        return refusal
    return _ballot_page(request, round, forms.BallotForm(initial={"code": code}, round=round))


def vote_done(request):
    pk = _small_int(request.GET.get("round", ""))
    shown = VoteRound.objects.exclude(status=VoteRound.Status.DRAFT)  # a draft's title is not public
    round = shown.filter(pk=pk).first() if pk is not None else None
    return render(request, T + "vote_done.html", {"round": round})


@sensitive_post_parameters("code")
@never_cache
def vote_score(request):
    """Year-end scoring of a round's projects with a scoring code (same secrecy as the ballot)."""
    source = request.POST if request.method == "POST" else request.GET
    code = codes.normalise(source.get("code", ""))[:20]
    if not code:
        return _code_page(request, forms.CodeForm(), scoring=True)
    round, refusal = _check_code(request, code, scoring=True)
    if refusal:
        return refusal
    projects = list(round.projects.select_related("candidate").order_by("candidate__rank", "id"))
    if request.method == "POST":
        form = forms.ScoreForm(request.POST, round=round, projects=projects)
        if form.is_valid():
            try:
                svc.scores_cast(code=code, values=form.values())
            except svc.CodeUsed as error:
                return render(request, T + "vote_message.html", {"round": round, "message": str(error)}, status=409)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                return redirect(f"{reverse('meetings_public:vote_done')}?{urlencode({'round': round.pk})}")
        status = 400
    else:
        form = forms.ScoreForm(initial={"code": code}, round=round, projects=projects)
        status = 200
    return render(request, T + "score.html", {"round": round, "form": form}, status=status)


def results_list(request):
    return render(request, T + "results_list.html", {"rounds": sel.published_rounds()})


def results_detail(request, pk: int):
    round = sel.public_round_or_404(pk)
    if round.status != VoteRound.Status.PUBLISHED:
        raise Http404
    return render(request, T + "results_public.html", {"round": round, "results": sel.results_of(round)})
