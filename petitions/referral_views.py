"""Referral pages: refer a case (转办), the letter (print view and PDF), the unit's acknowledgement,
its written reply and an extension. Thin: a form parses, one service decides, then render/redirect.

Errors from the services: NotAllowed → 403; StaleCase → the form again with the message, 409;
ValidationError → beside the field, 400; another DomainError (the case moved on) → the form, 400.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from liaison.errors import DomainError
from petitions import rules, services, workflow
from petitions.letter import letter_for, letter_pdf, long_date
from petitions.models import Petition, Referral
from petitions.periods import reply_deadline
from petitions.referral_forms import AcknowledgeForm, ExtendForm, ReferForm, ReplyForm
from petitions.selectors import petition_get_for_user, petitions_visible_to
from petitions.services.referrals import extension_limit
from stations.access import member_required
from stations.forms import apply_errors

ROUTE_RULES = {Referral.Route.STREET: "refer_street", Referral.Route.DISTRICT: "refer_district"}


def _case_or_403(request, pk: int, *rule_names: str) -> Petition:
    """The case if the user sees it (else 404) and may take one of `rule_names` on it (else 403)."""
    petition = petition_get_for_user(request.user, pk)
    if not any(rules.can(request.user, name, petition) for name in rule_names):
        raise PermissionDenied
    return petition


def _current_referral(petition: Petition) -> Referral | None:
    return petition.referrals.filter(is_current=True).select_related("unit").first()


def _wrong_status(request, petition: Petition):
    """GET on an action the case's status does not allow: say so on the case page."""
    messages.warning(
        request,
        _("This cannot be done while the case is “%(status)s”.") % {"status": petition.get_status_display()},
    )
    return redirect("petitions:detail", pk=petition.pk)


def _submit(request, form, call):
    """Run the service `call`; on a refusal put the reason on the form. Returns (result, status)."""
    try:
        return call(), 200
    except services.NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except services.StaleCase as error:
        form.add_error(None, str(error))
        return None, 409
    except ValidationError as error:
        apply_errors(form, error)
    except DomainError as error:
        form.add_error(None, str(error))
    return None, 400


def _page(request, template: str, petition: Petition, form, status: int = 200, **extra):
    context = {"petition": petition, "referral": _current_referral(petition), "form": form, **extra}
    return render(request, f"petitions/{template}", context, status=status)


@member_required
def refer(request, pk: int):
    petition = _case_or_403(request, pk, *ROUTE_RULES.values())
    routes = [route for route, rule in ROUTE_RULES.items() if rules.can(request.user, rule, petition)]
    if request.method == "POST":
        route = request.POST.get("route", "")
        if route in ROUTE_RULES and route not in routes:
            raise PermissionDenied  # e.g. street staff posting the district route
    else:
        route = request.GET.get("route") or (routes[0] if len(routes) == 1 else "")
        if not workflow.can_start("refer", petition.status):
            return _wrong_status(request, petition)
    form = ReferForm(
        request.POST or None,
        petition=petition,
        routes=routes,
        route=route,
        unit_url=reverse("petitions:refer", args=[petition.pk]),
        initial={"version": petition.version, "route": route},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            referral, status = _submit(
                request,
                form,
                lambda: services.petition_refer(
                    petition=petition,
                    by=request.user,
                    unit=data["unit"],
                    route=data["route"],
                    deputy_opinion=data["deputy_opinion"],
                    street_opinion=data["street_opinion"],
                    district_opinion=data["district_opinion"],
                    expected_version=data["version"],
                ),
            )
            if referral:
                messages.success(
                    request,
                    _("Referred to %(unit)s with letter %(number)s. Print it or download the PDF below.")
                    % {"unit": referral.unit.name, "number": referral.number},
                )
                return redirect("petitions:letter", pk=referral.pk)
    today = timezone.localdate()
    deadline = reply_deadline(today)
    months = settings.LIAISON_REPLY_PERIOD_MONTHS
    return _page(request, "referral_refer.html", petition, form, status, deadline=deadline, months=months)


@member_required
def letter(request, pk: int):
    referral = _referral_for(request.user, pk)
    context = {"referral": referral, "petition": referral.petition, "letter": letter_for(referral, viewer=request.user)}
    return render(request, "petitions/letter.html", context)


@member_required
def letter_download(request, pk: int):
    referral = _referral_for(request.user, pk)
    response = HttpResponse(letter_pdf(letter_for(referral, viewer=request.user)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{referral.number}.pdf"'
    patch_cache_control(response, private=True, no_store=True)  # it names the resident
    return response


def _referral_for(user, pk: int) -> Referral:
    """A referral of a case the user can see, else 404."""
    return get_object_or_404(
        Referral.objects.filter(petition__in=petitions_visible_to(user)).select_related(
            "unit",
            "sent_by",
            "petition__district",
            "petition__street",
            "petition__station",
            "petition__node",
            "petition__category",
            "petition__community",
            "petition__assigned_deputy",
        ),
        pk=pk,
    )


@member_required
def acknowledge(request, pk: int):
    petition = _case_or_403(request, pk, "acknowledge")
    if request.method != "POST" and not workflow.can_start("acknowledge", petition.status):
        return _wrong_status(request, petition)
    today = timezone.localdate()
    form = AcknowledgeForm(request.POST or None, initial={"version": petition.version, "received_on": today})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            referral, status = _submit(
                request,
                form,
                lambda: services.referral_acknowledge(
                    petition=petition,
                    by=request.user,
                    received_on=data["received_on"],
                    received_by_name=data["received_by_name"],
                    expected_version=data["version"],
                ),
            )
            if referral:
                messages.success(
                    request,
                    _("Receipt recorded (%(received)s). The written reply is now due by %(due)s.")
                    % {"received": long_date(referral.received_on), "due": long_date(referral.reply_due_on)},
                )
                if petition.due_provisional:
                    messages.warning(request, reply_deadline(referral.received_on).reason)
                return redirect("petitions:detail", pk=petition.pk)
    return _page(request, "referral_acknowledge.html", petition, form, status, deadline=reply_deadline(today))


@member_required
def reply(request, pk: int):
    petition = _case_or_403(request, pk, "reply")
    if request.method != "POST" and not workflow.can_start("reply", petition.status):
        return _wrong_status(request, petition)
    initial = {"version": petition.version, "replied_on": timezone.localdate()}
    form = ReplyForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    due_on = petition.due_on
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            referral, status = _submit(
                request,
                form,
                lambda: services.petition_reply(
                    petition=petition,
                    by=request.user,
                    reply_text=data["reply_text"],
                    reply_class=data["reply_class"],
                    replied_on=data["replied_on"],
                    document=data["document"] or None,
                    expected_version=data["version"],
                ),
            )
            if referral:
                if due_on and referral.replied_on > due_on:
                    messages.warning(
                        request,
                        _("Reply recorded, late: it was due by %(due)s.") % {"due": long_date(due_on)},
                    )
                else:
                    messages.success(request, _("Reply recorded."))
                return redirect("petitions:detail", pk=petition.pk)
    return _page(request, "referral_reply.html", petition, form, status)


@member_required
def extend(request, pk: int):
    petition = _case_or_403(request, pk, "extend")
    if request.method != "POST" and not workflow.can_start("extend", petition.status):
        return _wrong_status(request, petition)
    referral = _current_referral(petition)
    limit = extension_limit(referral) if referral else None
    form = ExtendForm(request.POST or None, limit=limit, initial={"version": petition.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            extended, status = _submit(
                request,
                form,
                lambda: services.referral_extend(
                    petition=petition,
                    by=request.user,
                    new_due_on=data["new_due_on"],
                    reason=data["reason"],
                    expected_version=data["version"],
                ),
            )
            if extended:
                messages.success(
                    request, _("Extended: the reply is now due by %(due)s.") % {"due": long_date(extended.extended_to)}
                )
                return redirect("petitions:detail", pk=petition.pk)
    return _page(request, "referral_extend.html", petition, form, status, limit=limit)
