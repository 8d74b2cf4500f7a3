"""Pages of legislative consultation (立法征询).

Staff side (/meetings/consultation/...): drafts in scope, putting a draft out, its opinions, entering
an opinion, deciding it, the adoption certificate. Public side (/p/meetings/consultation/...): open
drafts, each with a form for residents' opinions (rate-limited per address, honeypot, CSRF; refused
after the due date with a clear message and what was typed kept).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from liaison import ratelimit
from liaison.errors import DomainError
from meetings.certificate import certificate_for
from meetings.forms.consultation import (
    DecisionForm,
    DraftEditForm,
    DraftForm,
    OpinionForm,
    OpinionListFilter,
    PublicOpinionForm,
)
from meetings.models.consultation import DraftRegulation, Opinion
from meetings.selectors_consultation import (
    decision_counts,
    draft_get_for_user,
    drafts_open_to_public,
    drafts_public,
    drafts_visible_to,
    opinion_get_for_user,
    opinions_visible_to,
)
from meetings.services import consultation as services
from meetings.views.common import posted
from stations.access import member_required, staff_required
from stations.forms import apply_errors
from stations.scope import scope_for

PAGE_SIZE = 25
DONE_KEY = "consultation_opinion_sent"


def _opinions_for_page(queryset):
    return queryset.select_related("draft", "node", "station", "deputy", "meeting")


# Staff side


@member_required
def draft_list(request):
    """Drafts in the user's scope, newest due date first, with the opinions the user can see counted
    in one more query (so the page costs the same for 5 drafts or 500)."""
    drafts = drafts_visible_to(request.user).select_related("district", "street")
    page = Paginator(drafts, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [d.pk for d in page.object_list]
    counts = {
        row["draft_id"]: row
        for row in opinions_visible_to(request.user)
        .filter(draft_id__in=ids)
        .order_by()
        .values("draft_id")
        .annotate(total=Count("pk"), adopted=Count("pk", filter=Q(decision=Opinion.Decision.ADOPTED)))
    }
    today = timezone.localdate()
    rows = [{"draft": d, "state": d.state_on(today), "counts": counts.get(d.pk, {})} for d in page.object_list]
    context = {"page_obj": page, "rows": rows, "may_create": services.may_create_drafts(request.user)}
    return render(request, "meetings/consultation/draft_list.html", context)


@staff_required
def draft_create(request):
    if not services.draft_scope_nodes(request.user).exists():
        raise PermissionDenied
    form = DraftForm(posted(request), posted(request, files=True), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draft = services.draft_create(
                by=request.user,
                scope_node=data["scope_node"],
                title=data["title"],
                issuing_body=data["issuing_body"],
                text=data["text"],
                pdf=data["pdf"],
                opinions_open_from=data["opinions_open_from"],
                opinions_due=data["opinions_due"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        except services.NotAllowed as error:
            form.add_error("scope_node", str(error))
        else:
            messages.success(request, _("The draft is out for opinions."))
            return redirect("meetings:consultation_detail", draft.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/consultation/draft_form.html", {"form": form}, status=status)


@staff_required
def draft_edit(request, pk: int):
    draft = draft_get_for_user(request.user, pk)
    if not services.may_decide(request.user, draft):
        raise PermissionDenied
    initial = {name: getattr(draft, name) for name in services.EDITABLE} | {"version": draft.version}
    form = DraftEditForm(posted(request), posted(request, files=True), user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in services.EDITABLE if data[name] != getattr(draft, name)}
        try:
            services.draft_update(
                by=request.user, draft=draft, version=data["version"], pdf=data["pdf"], **changes
            )
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("meetings:consultation_detail", draft.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/consultation/draft_form.html", {"form": form, "draft": draft}, status=status)


@member_required
def draft_detail(request, pk: int):
    draft = draft_get_for_user(request.user, pk)
    opinions = opinions_visible_to(request.user).filter(draft=draft)
    page = Paginator(_opinions_for_page(opinions).order_by("entered_at", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    state = draft.state_on(timezone.localdate())
    context = {
        "draft": draft,
        "state": state,
        "page_obj": page,
        "counts": decision_counts(opinions),
        "may_decide": services.may_decide(request.user, draft),
        "may_enter": state == DraftRegulation.State.OPEN and services.may_enter(request.user, draft),
        "decision_form": DecisionForm(),
    }
    return render(request, "meetings/consultation/draft_detail.html", context)


def _serve_pdf(draft: DraftRegulation) -> FileResponse:
    if not draft.pdf:
        raise Http404
    try:
        handle = draft.pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="application/pdf", filename=f"draft-{draft.pk}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@member_required
def draft_pdf(request, pk: int):
    return _serve_pdf(draft_get_for_user(request.user, pk))


def _own(user) -> bool:
    """A deputy sending their own opinion (not also a clerk or staff)."""
    scope = scope_for(user)
    return scope.deputy_id is not None and not (scope.is_staff_reader or "clerk" in scope.roles)


@member_required
def opinion_create(request, pk: int):
    draft = draft_get_for_user(request.user, pk)
    if not services.may_enter(request.user, draft):
        raise PermissionDenied
    own = _own(request.user)
    state = draft.state_on(timezone.localdate())
    if request.method != "POST" and state != DraftRegulation.State.OPEN:
        messages.error(request, _("This draft takes no opinions now."))
        return redirect("meetings:consultation_detail", draft.pk)
    form = OpinionForm(posted(request), user=request.user, draft=draft, own=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_create(by=request.user, draft=draft, **form.service_fields())
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The opinion is recorded."))
            if "another" in request.POST:
                return redirect("meetings:consultation_opinion_create", draft.pk)
            return redirect("meetings:consultation_detail", draft.pk)
    status = 400 if request.method == "POST" else 200
    context = {"draft": draft, "form": form, "own": own}
    return render(request, "meetings/consultation/opinion_form.html", context, status=status)


@staff_required
def opinion_decide(request, pk: int):
    """GET: the decision form alone (without JavaScript, or from a link); POST: decide."""
    opinion = opinion_get_for_user(request.user, pk)
    if not services.may_decide(request.user, opinion.draft):
        raise PermissionDenied
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.opinion_decide(
                by=request.user, opinion=opinion, decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("meetings:consultation_detail", opinion.draft_id)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(f"{reverse('meetings:consultation_detail', args=[opinion.draft_id])}#opinion-{opinion.pk}")
    if opinion.decision != Opinion.Decision.PENDING and request.method != "POST":
        return redirect("meetings:consultation_detail", opinion.draft_id)
    status = 400 if request.method == "POST" else 200
    context = {"opinion": opinion, "draft": opinion.draft, "form": form}
    return render(request, "meetings/consultation/opinion_decide.html", context, status=status)


@member_required
def opinion_list(request):
    """Opinions the user can see across drafts, filtered (a deputy: their own)."""
    opinions = opinions_visible_to(request.user)
    filterset = OpinionListFilter(request.GET or None, queryset=opinions, user=request.user)
    queryset = filterset.qs if filterset.is_bound else opinions
    page = Paginator(_opinions_for_page(queryset).order_by("-entered_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "meetings/consultation/opinion_list.html", {"filter": filterset, "page_obj": page})


@member_required
def certificate(request, pk: int):
    opinion = opinion_get_for_user(request.user, pk)
    if opinion.decision != Opinion.Decision.ADOPTED:
        raise Http404
    context = {"opinion": opinion, "certificate": certificate_for(opinion)}
    return render(request, "meetings/consultation/certificate.html", context)


# Public side


def public_list(request):
    drafts = drafts_open_to_public().select_related("district", "street").order_by("opinions_due", "id")
    return render(request, "meetings/consultation/public_list.html", {"drafts": drafts})


def _public_draft(pk: int) -> DraftRegulation:
    return get_object_or_404(drafts_public().select_related("district", "street"), pk=pk)


def _public_page(request, draft, form, *, status: int = 200, limited: bool = False):
    today = timezone.localdate()
    context = {"draft": draft, "form": form, "state": draft.state_on(today), "limited": limited}
    return render(request, "meetings/consultation/public_detail.html", context, status=status)


def _per_hour() -> int:
    return getattr(settings, "LIAISON_CONSULTATION_OPINIONS_PER_IP_PER_HOUR", 10)


@csrf_exempt
def public_detail(request, pk: int):
    """The draft and the opinion form. A POST is counted against the address before anything else
    (CSRF is checked after, as on the case form)."""
    key = f"consultation-ip:{ratelimit.client_ip(request)}"
    if request.method == "POST" and not ratelimit.hit(key, limit=_per_hour(), window=ratelimit.HOUR):
        draft = _public_draft(pk)
        return _public_page(request, draft, PublicOpinionForm(request.POST), status=429, limited=True)
    return _public_detail(request, pk)


@csrf_protect
@sensitive_post_parameters("name", "phone")
@sensitive_variables("form")
def _public_detail(request, pk: int):
    draft = _public_draft(pk)
    if request.method != "POST":
        return _public_page(request, draft, PublicOpinionForm())
    form = PublicOpinionForm(request.POST)
    if not form.is_valid():
        return _public_page(request, draft, form, status=400)
    if form.is_bot:  # thanked like a person; nothing is saved
        request.session[DONE_KEY] = draft.pk
        return redirect("meetings_public:consultation_done")
    data = form.cleaned_data
    try:
        services.opinion_submit_online(
            draft=draft, text=data["text"], article=data["article"], name=data["name"], phone=data["phone"]
        )
    except ValidationError as error:
        apply_errors(form, error)
    except DomainError as error:
        form.add_error(None, str(error))
    else:
        request.session[DONE_KEY] = draft.pk
        return redirect("meetings_public:consultation_done")
    return _public_page(request, draft, form, status=400)


def public_done(request):
    pk = request.session.get(DONE_KEY)
    if not pk:
        return redirect("meetings_public:consultation_list")
    draft = DraftRegulation.objects.filter(pk=pk).first()
    return render(request, "meetings/consultation/public_done.html", {"draft": draft})


def public_pdf(request, pk: int):
    return _serve_pdf(_public_draft(pk))


__all__ = [
    "certificate",
    "draft_create",
    "draft_detail",
    "draft_edit",
    "draft_list",
    "draft_pdf",
    "opinion_create",
    "opinion_decide",
    "opinion_list",
    "public_detail",
    "public_done",
    "public_list",
    "public_pdf",
]
