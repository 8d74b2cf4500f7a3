"""Handling units (承办单位): the list with each unit's compliance in miniature, create and edit.

District staff manage their district's units; street staff and clerks read the list (they choose
the street office when referring and call the units); deputies and outsiders have no use for it.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions import services, workflow
from petitions.models import HandlingUnit
from petitions.selectors import handling_units_visible_to
from petitions.unit_forms import UnitFilter, UnitForm
from stations.access import manager_required
from stations.forms import apply_errors
from stations.models import Node
from stations.scope import scope_for

PER_PAGE = 25


def units_with_compliance(user, today: date) -> QuerySet[HandlingUnit]:
    """The units the user sees, each with its referrals counted in the same query:
    received (every letter sent to it), replied on time / late (against the due date in force,
    an extension included), still open (current referral, case awaiting the reply), and of those,
    overdue today."""
    due = Coalesce("referrals__extended_to", "referrals__reply_due_on")
    still_open = Q(
        referrals__replied_on__isnull=True,
        referrals__is_current=True,
        referrals__petition__status__in=sorted(workflow.AWAITING_REPLY),
    )
    return (
        handling_units_visible_to(user)
        .select_related("district", "street")
        .annotate(
            received=Count("referrals"),
            on_time=Count("referrals", filter=Q(referrals__replied_on__lte=due)),
            late=Count("referrals", filter=Q(referrals__replied_on__gt=due)),
            still_open=Count("referrals", filter=still_open),
            overdue=Count("referrals", filter=still_open & LessThan(due, today)),
        )
        .order_by("district__code", "kind", "name")
    )


def _managed_districts(user) -> QuerySet[Node]:
    scope = scope_for(user)
    districts = Node.objects.filter(kind=Node.Kind.DISTRICT, is_active=True).order_by("code")
    return districts if scope.is_admin else districts.filter(pk__in=sorted(scope.district_ids))


@login_required
def unit_list(request):
    scope = scope_for(request.user)
    if not (scope.is_staff_reader or scope.clerk_station_ids):
        raise PermissionDenied
    unit_filter = UnitFilter(request.GET, queryset=units_with_compliance(request.user, timezone.localdate()))
    page = Paginator(unit_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {"filter": unit_filter, "page_obj": page, "units": page.object_list, "can_manage": scope.can_manage}
    return render(request, "petitions/unit_list.html", context)


@manager_required
def unit_create(request):
    districts = _managed_districts(request.user)
    form = UnitForm(request.POST or None, districts=districts)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                unit = services.unit_create(
                    by=request.user, district=form.cleaned_data["district"], **form.service_kwargs()
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("%(name)s was added.") % {"name": unit.name})
                return redirect("petitions:unit_list")
    return render(request, "petitions/unit_form.html", {"form": form, "unit": None}, status=status)


@manager_required
def unit_edit(request, pk: int):
    unit = get_object_or_404(
        HandlingUnit.objects.filter(district__in=_managed_districts(request.user)).select_related("district"), pk=pk
    )
    form = UnitForm(request.POST or None, districts=None, unit=unit)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.unit_update(by=request.user, unit=unit, **form.service_kwargs())
            except ValidationError as error:
                apply_errors(form, error)
                unit.refresh_from_db()  # the service set attributes before refusing
            else:
                messages.success(request, _("Changes to %(name)s were saved.") % {"name": unit.name})
                return redirect("petitions:unit_list")
    return render(request, "petitions/unit_form.html", {"form": form, "unit": unit}, status=status)
