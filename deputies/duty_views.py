"""Rota pages (who is on duty at a reception, swaps), a deputy's duties, and the iCal feeds.

The feeds need no login: a phone calendar cannot log in, so the URL carries a secret token
(CalendarFeedToken) that its owner can renew.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deputies import duty_services as services
from deputies.duty_forms import RotaForm, SwapForm
from deputies.duty_selectors import (
    deputy_feed_receptions,
    duty_get_for_swap,
    eligible_deputies,
    feed_token_lookup,
    node_feed_receptions,
    rota_of,
)
from deputies.ical import build_feed
from deputies.models import Deputy
from deputies.selectors import upcoming_duties
from liaison.errors import DomainError
from stations.access import member_required
from stations.forms import apply_errors
from stations.reception_selectors import (
    can_manage_receptions,
    reception_get_for_user,
    reception_node_get_for_user,
)
from stations.reception_views import reception_staff_required
from stations.scope import scope_for


def _rota_page(request, reception, form, status=200):
    context = {"reception": reception, "duties": rota_of(reception), "form": form}
    return render(request, "deputies/duty_rota.html", context, status=status)


@reception_staff_required
def duty_rota(request, pk: int):
    reception = reception_get_for_user(request.user, pk, manage=True)
    eligible = eligible_deputies(reception)
    if request.method != "POST":
        current = [duty.deputy_id for duty in reception.duties.all()]
        return _rota_page(request, reception, RotaForm(eligible=eligible, initial={"deputies": current}))
    form = RotaForm(request.POST, eligible=eligible)
    if form.is_valid():
        try:
            services.duty_assign(reception=reception, deputies=form.cleaned_data["deputies"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Rota saved."))
            return redirect("deputies:duty_rota", pk=reception.pk)
    return _rota_page(request, reception, form, status=400)


@member_required
def duty_swap(request, pk: int):
    duty = duty_get_for_swap(request.user, pk)
    on_rota = duty.reception.duties.values("deputy_id")
    candidates = eligible_deputies(duty.reception).exclude(pk__in=on_rota)
    form = SwapForm(request.POST or None, candidates=candidates)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.duty_swap(
                    duty=duty,
                    with_deputy=form.cleaned_data["with_deputy"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Duty handed over."))
                return redirect(_after_swap(request, duty))
    return render(request, "deputies/duty_swap.html", {"duty": duty, "form": form}, status=status)


def _after_swap(request, duty) -> str:
    if can_manage_receptions(request.user):
        return reverse("deputies:duty_rota", args=[duty.reception_id])
    return reverse("deputies:duty_mine")


def _my_deputy(request) -> Deputy:
    deputy_id = scope_for(request.user).deputy_id
    if deputy_id is None:
        raise PermissionDenied
    return Deputy.objects.get(pk=deputy_id)


def _feed_url(request, token) -> str:
    return request.build_absolute_uri(reverse("deputies:ical_feed", args=[token.token]))


@member_required
def duty_mine(request):
    deputy = _my_deputy(request)
    token = services.feed_token_for(deputy=deputy)
    context = {"deputy": deputy, "duties": upcoming_duties(deputy, limit=50), "feed_url": _feed_url(request, token)}
    return render(request, "deputies/duty_mine.html", context)


@member_required
@require_POST
def duty_feed_renew(request):
    services.feed_token_regenerate(by=request.user, deputy=_my_deputy(request))
    messages.success(request, _("New calendar link made; the old one no longer works."))
    return redirect("deputies:duty_mine")


@reception_staff_required
def node_feed(request, pk: int):
    node = reception_node_get_for_user(request.user, pk)
    if request.method == "POST":
        services.feed_token_regenerate(by=request.user, node=node)
        messages.success(request, _("New calendar link made; the old one no longer works."))
        return redirect("deputies:node_feed", pk=node.pk)
    token = services.feed_token_for(node=node)
    return render(request, "deputies/duty_node_feed.html", {"node": node, "feed_url": _feed_url(request, token)})


def ical_feed(request, token: str):
    """No login: the token is the key. Unknown or renewed tokens are 404."""
    owner = feed_token_lookup(token)
    if owner.deputy_id:
        receptions = deputy_feed_receptions(owner.deputy)
        title = _("Reception duties · %(name)s") % {"name": owner.deputy.name}
    else:
        receptions = node_feed_receptions(owner.node)
        title = _("Reception days · %(node)s") % {"node": owner.node.display_name}
    response = HttpResponse(build_feed(receptions, title=title), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
