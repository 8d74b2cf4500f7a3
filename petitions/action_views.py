"""The lifecycle actions on a case, one page each: /cases/<pk>/do/<action>/.

GET shows the action's form (the whole page, or only its card when htmx loads it into the case
page); POST parses it, calls the one service and goes back to the case with a message.
- the case outside the user's scope: 404 (petition_get_for_user); the role may not do it: 403;
- a form opened before someone else moved the case: the form again with the user's input, the
  case's new version and a "reload" message, status 409;
- bad input, or a move that does not fit the case's status: the form again with the message, 400.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from deputies.models import Deputy
from deputies.selectors import deputies_visible_to
from liaison.errors import DomainError
from petitions import action_forms as forms
from petitions import rules, selectors, services, workflow
from petitions.models import Petition
from petitions.periods import rereply_deadline
from stations.access import member_required
from stations.forms import apply_errors


@dataclass(frozen=True)
class Action:
    form: type[forms.ActionForm]
    title: Promise
    submit: Promise
    perform: Callable  # (petition, by, cleaned_data) -> success message
    form_kwargs: Callable = field(default=lambda request, petition: {})


def _assign(petition, by, data):
    services.petition_assign(
        petition=petition, deputy=data["deputy"], by=by, note=data["note"], expected_version=data["version"]
    )
    return _("Case %(no)s assigned to %(deputy)s.") % {"no": petition.tracking_no, "deputy": data["deputy"].name}


def _resolve(petition, by, data):
    services.petition_resolve(petition=petition, by=by, resolution=data["resolution"], expected_version=data["version"])
    return _("Case %(no)s marked as resolved directly.") % {"no": petition.tracking_no}


def _inform(petition, by, data):
    method = forms.InformForm.Method(data["method"]).label
    note = " — ".join(part for part in (str(method), data["note"].strip()) if part)
    services.petition_inform(petition=petition, by=by, note=note, expected_version=data["version"])
    return _("Recorded that the resident was informed.")


def _rate(petition, by, data):
    services.petition_rate(
        petition=petition, by=by, rating=data["rating"], comment=data["comment"], expected_version=data["version"]
    )
    if petition.status == Petition.Status.REVIEW:
        return _("Not satisfied: a review is open; the re-reply is due on %(date)s.") % {
            "date": petition.due_on.isoformat()
        }
    return _("Rating recorded: %(rating)s.") % {"rating": petition.get_rating_display()}


def _close(petition, by, data):
    services.petition_close(petition=petition, by=by, note=data["note"], expected_version=data["version"])
    return _("Case %(no)s closed.") % {"no": petition.tracking_no}


def _withdraw(petition, by, data):
    services.petition_withdraw(petition=petition, by=by, reason=data["reason"], expected_version=data["version"])
    return _("Case %(no)s withdrawn.") % {"no": petition.tracking_no}


def _merge(petition, by, data):
    services.petition_merge(petition=petition, into=data["into"], by=by, expected_version=data["version"])
    return _("Case %(no)s merged into %(into)s.") % {"no": petition.tracking_no, "into": data["into"].tracking_no}


def _escalate(petition, by, data):
    services.petition_escalate(petition=petition, by=by, note=data["note"], expected_version=data["version"])
    return _("Case %(no)s escalated to a deputy suggestion.") % {"no": petition.tracking_no}


def _comment(petition, by, data):
    # A note changes nothing on the case, so it needs no version check.
    services.petition_comment(petition=petition, by=by, note=data["note"])
    return _("Note added.")


def suggestions_with_reasons(petition: Petition) -> list[tuple]:
    """(deputy, why) for selectors.suggest_deputies (one query), the reasons from its annotations."""
    result = []
    for deputy in selectors.suggest_deputies(petition):
        reasons = []
        if deputy.specialty_match:
            reasons.append(_("matching specialty"))
        if deputy.at_station:
            reasons.append(_("at this station"))
        elif deputy.in_street:
            reasons.append(_("in this street"))
        reasons.append(_("current load %(n)d") % {"n": deputy.load})
        result.append((deputy, " · ".join(reasons)))
    return result


def _assign_kwargs(request, petition):
    suggestions = suggestions_with_reasons(petition)
    # Anyone the user may see among the district's active deputies, and the suggestions themselves
    # (a clerk sees only their station's deputies, but a specialist elsewhere may fit best).
    visible = deputies_visible_to(request.user).filter(district_id=petition.district_id, is_active=True)
    deputies = Deputy.objects.filter(
        Q(pk__in=visible.values("pk")) | Q(pk__in=[d.pk for d, _why in suggestions])
    ).order_by("name", "pk")
    return {"deputies": deputies, "suggestions": suggestions}


def _merge_kwargs(request, petition):
    candidates = selectors.petitions_visible_to(request.user).exclude(pk=petition.pk)
    return {"candidates": candidates}


# Built at import time: lazy strings, translated when shown.
ACTIONS: dict[str, Action] = {
    "assign": Action(
        forms.AssignForm, gettext_lazy("Assign to a deputy"), gettext_lazy("Assign"), _assign, _assign_kwargs
    ),
    "resolve": Action(forms.ResolveForm, gettext_lazy("Resolved directly"), gettext_lazy("Mark as resolved"), _resolve),
    "inform": Action(forms.InformForm, gettext_lazy("Resident informed"), gettext_lazy("Record"), _inform),
    "rate": Action(forms.RateForm, gettext_lazy("The resident's rating"), gettext_lazy("Record the rating"), _rate),
    "close": Action(forms.CloseForm, gettext_lazy("Close the case"), gettext_lazy("Close"), _close),
    "withdraw": Action(forms.WithdrawForm, gettext_lazy("Withdraw the case"), gettext_lazy("Withdraw"), _withdraw),
    "merge": Action(
        forms.MergeForm, gettext_lazy("Merge into another case"), gettext_lazy("Merge"), _merge, _merge_kwargs
    ),
    "escalate": Action(
        forms.EscalateForm, gettext_lazy("Escalate to a deputy suggestion"), gettext_lazy("Escalate"), _escalate
    ),
    "comment": Action(forms.CommentForm, gettext_lazy("Add a note"), gettext_lazy("Add the note"), _comment),
}


def _form(spec: Action, request, petition, data=None) -> forms.ActionForm:
    return spec.form(data, petition=petition, user=request.user, **spec.form_kwargs(request, petition))


def _render(request, action: str, spec: Action, petition, form, status: int = 200, **extra):
    context = {"petition": petition, "action": action, "spec": spec, "form": form, **extra}
    if action == "assign":
        context["suggestions"] = form.suggestions
    if action == "rate":
        context["review_due"] = rereply_deadline(timezone.localdate())
    template = (
        "petitions/action_fragment.html" if request.htmx and request.method == "GET" else "petitions/action_form.html"
    )
    return render(request, template, context, status=status)


@member_required
@require_http_methods(["GET", "POST"])
def act(request, pk: int, action: str):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    petition = selectors.petition_get_for_user(request.user, pk)
    if not rules.can(request.user, action, petition):
        raise PermissionDenied
    if request.method == "GET":
        if not workflow.can_start(action, petition.status):
            refused = _("This cannot be done while the case is “%(status)s”.") % {
                "status": petition.get_status_display()
            }
            if request.htmx:  # into the case page's panel: htmx swaps only 2xx answers
                return render(request, "petitions/action_fragment.html", {"refused": refused, "action": action})
            messages.warning(request, refused)
            return redirect("petitions:detail", petition.pk)
        return _render(request, action, spec, petition, _form(spec, request, petition))

    form = _form(spec, request, petition, request.POST)
    if not form.is_valid():
        return _render(request, action, spec, petition, form, status=400)
    try:
        message = spec.perform(petition, request.user, form.cleaned_data)
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except services.StaleCase as error:
        # Keep what the user typed; carry the case's new version so that, having looked at the
        # case as it is now, they can send it again deliberately.
        petition = selectors.petition_get_for_user(request.user, pk)
        data = request.POST.copy()
        data["version"] = str(petition.version)
        form = _form(spec, request, petition, data)
        form.add_error(None, str(error))
        return _render(request, action, spec, petition, form, status=409, stale=True)
    except ValidationError as error:
        apply_errors(form, error)
        return _render(request, action, spec, petition, form, status=400)
    except DomainError as error:
        form.add_error(None, str(error))
        return _render(request, action, spec, petition, form, status=400)
    messages.success(request, message)
    return redirect("petitions:detail", petition.pk)
