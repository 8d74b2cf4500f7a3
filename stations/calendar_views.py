"""The working-day calendar page (district staff): which years are covered, and the local overrides.

The calendar itself and its services live in liaison.workdays; this page only parses and calls.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison import workdays
from liaison.models import CalendarDay, CalendarYear
from stations.access import manager_required
from stations.calendar_forms import CalendarDayFilter, CalendarDayForm, CalendarYearForm
from stations.forms import apply_errors

PER_PAGE = 50


def _page(request, status=200, day_form=None, year_form=None):
    today = timezone.localdate()
    overview = workdays.calendar_overview(today)
    uncovered = [row["year"] for row in overview if not row["covered"]]
    day_filter = CalendarDayFilter(request.GET, queryset=CalendarDay.objects.select_related("created_by"))
    page = Paginator(day_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(day, workdays.package_is_working_day(day.date)) for day in page.object_list]
    context = {
        "overview": overview,
        "package_years": workdays.package_years(),
        "confirmed_years": CalendarYear.objects.select_related("confirmed_by"),
        "filter": day_filter,
        "page_obj": page,
        "rows": rows,
        "day_form": day_form or CalendarDayForm(),
        "year_form": year_form or CalendarYearForm(initial={"year": uncovered[0] if uncovered else None}),
    }
    return render(request, "stations/calendar_list.html", context, status=status)


def _back_to(year: int):
    return redirect(f"{reverse('stations:calendar')}?year={year}")


@manager_required
def calendar(request):
    return _page(request)


@manager_required
@require_POST
def calendar_day_set(request):
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            day = workdays.calendar_day_set(
                by=request.user, date=data["date"], is_working=data["is_working"], note=data["note"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Override saved: %(day)s.") % {"day": day})
            return _back_to(day.date.year)
    return _page(request, status=400, day_form=form)


@manager_required
@require_POST
def calendar_day_delete(request, pk: int):
    day = get_object_or_404(CalendarDay, pk=pk)
    workdays.calendar_day_delete(by=request.user, calendar_day=day)
    messages.success(request, _("Override removed: %(day)s.") % {"day": day})
    return _back_to(day.date.year)


@manager_required
@require_POST
def calendar_year_confirm(request):
    form = CalendarYearForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            confirmed = workdays.calendar_year_confirm(by=request.user, year=data["year"], note=data["note"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(year)s is confirmed as covered.") % {"year": confirmed.year})
            return _back_to(confirmed.year)
    return _page(request, status=400, year_form=form)


@manager_required
@require_POST
def calendar_year_unconfirm(request, pk: int):
    confirmed = get_object_or_404(CalendarYear, pk=pk)
    workdays.calendar_year_unconfirm(by=request.user, calendar_year=confirmed)
    messages.warning(
        request, _("%(year)s is no longer confirmed: its dates are flagged as not covered.") % {"year": confirmed.year}
    )
    return _back_to(confirmed.year)
