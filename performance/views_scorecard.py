"""Scorecard pages: the staff list, a deputy's scorecard, "my scorecard", the rules and quotas, and
the public activity counts. Thin: selectors scope, performance.scorecard computes, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies.models import Deputy
from meetings.selectors_reports import report_results
from performance.forms_scorecard import PointRulesForm, QuotasForm, ScorecardFilterForm
from performance.models.scorecard import Metric, Source
from performance.scorecard import counts as c
from performance.scorecard.compute import SORTS, scorecards, sort_cards
from performance.scorecard.records import RECORDS_CAP, records_for
from performance.scorecard.rules import quotas_in_force, rules_in_force
from performance.scorecard.selectors import (
    history_years,
    may_change_rules,
    may_see_scorecards,
    parse_year,
    rule_districts_for,
    scorecard_deputies_visible_to,
    scorecard_deputy_for_user,
)
from performance.scorecard.services import editable_years, point_rules_set, quotas_set
from stations.access import staff_required
from stations.scope import scope_for

LIST_PAGE_SIZE = 50
PUBLIC_YEARS = 3


@staff_required
def scorecard_list(request):
    """Every deputy in the user's scope with the year's points, issues raised and solved (caseload
    beside the rate), activities and visits; sortable; "behind quota" filter. A constant number of
    queries: the metrics of all deputies come from grouped queries, then sort and page in memory."""
    form = ScorecardFilterForm(request.GET or None, user=request.user)
    year = form.value("year", timezone.localdate().year)
    deputies = scorecard_deputies_visible_to(request.user).filter(is_active=True)
    if search := form.value("q"):
        deputies = deputies.filter(name__icontains=search.strip())
    if street := form.value("street"):
        deputies = deputies.filter(Q(street=street) | Q(assignments__node__street=street)).distinct()
    cards = scorecards(deputies.order_by("name", "id"), first=year, last=year, fields=("street__name",))
    behind_count = sum(1 for card in cards if card.is_behind)
    if form.value("behind"):
        cards = [card for card in cards if card.is_behind]
    sort = request.GET.get("o", "-points")
    sort = sort if sort.lstrip("-") in SORTS else "-points"
    page = Paginator(sort_cards(cards, sort), LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    # Each header sorts descending first (most points, most cases…), and flips when already so.
    next_sort = {key: key if sort == f"-{key}" else f"-{key}" for key in SORTS}
    next_sort["name"] = "-name" if sort == "name" else "name"
    return render(
        request,
        "performance/scorecard_list.html",
        {
            "form": form,
            "year": year,
            "page_obj": page,
            "sort": sort,
            "next_sort": next_sort,
            "behind_count": behind_count,
            "metrics": Metric,
        },
    )


@login_required
def scorecard_mine(request):
    """A deputy's own scorecard; staff land on the list."""
    scope = scope_for(request.user)
    if scope.deputy_id is not None:
        return redirect("performance:scorecard_detail", deputy_id=scope.deputy_id)
    if scope.is_staff_reader:
        return redirect("performance:scorecard_list")
    raise PermissionDenied


@login_required
def scorecard_detail(request, deputy_id: int):
    """One deputy's scorecard for a year (?year=), with the records behind every count and the
    previous years beside it."""
    if not may_see_scorecards(request.user):
        raise PermissionDenied
    deputy = scorecard_deputy_for_user(request.user, deputy_id)
    year = parse_year(request.GET.get("year"))
    years = history_years(deputy, year)
    history = scorecards(Deputy.objects.filter(pk=deputy.pk), first=years[0], last=years[-1])
    card = history[-1]
    scope = scope_for(request.user)
    link_receptions = scope.is_staff_reader or "clerk" in scope.roles
    sections = [
        {
            "line": line,
            "records": records_for(line.source, deputy_id=deputy.pk, year=year, link_receptions=link_receptions)
            if line.count
            else [],
        }
        for line in card.lines
    ]
    return render(
        request,
        "performance/scorecard_detail.html",
        {
            "deputy": deputy,
            "year": year,
            "card": card,
            "history": list(reversed(history)),
            "sections": sections,
            "cap": RECORDS_CAP,
            "voter_contact_source": Source.VOTER_CONTACT,
            "is_own": scope.deputy_id == deputy.pk,
            "this_year": timezone.localdate().year,
            # The voters' rating of the deputy's report (述职) that year, if they reported: shown, not scored.
            "report": report_results(deputy.pk).get(year),
        },
    )


def _district(request):
    districts = list(rule_districts_for(request.user))
    if not districts:
        raise PermissionDenied
    wanted = request.GET.get("district") or request.POST.get("district")
    chosen = next((d for d in districts if str(d.pk) == str(wanted)), districts[0])
    return chosen, districts


def _rules_page(request, *, template: str, form_class, in_force, save, form_kwarg: str, saved_message: str):
    district, districts = _district(request)
    years = editable_years()
    can_change = may_change_rules(request.user, district)
    year_shown = parse_year(request.GET.get("year"))
    current = in_force([district.pk], [year_shown])[(district.pk, year_shown)]
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        year = parse_year(request.POST.get("year"))
        base = in_force([district.pk], [year])[(district.pk, year)] if year in years else current
        form = form_class(request.POST, years=years, **{form_kwarg: base})
        if form.is_valid():
            try:
                changed = save(by=request.user, district=district, year=form.cleaned_data["year"], values=form.values())
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, saved_message % {"n": changed})
                return redirect(f"{request.path}?district={district.pk}&year={form.cleaned_data['year']}")
        status = 400
    else:
        form = form_class(years=years, **{form_kwarg: current})
        status = 200
    return render(
        request,
        template,
        {
            "form": form,
            "district": district,
            "districts": districts,
            "can_change": can_change,
            "in_force": current.values(),
            "year_shown": year_shown,
        },
        status=status,
    )


@staff_required
def scorecard_rules(request):
    """Point rules: committee staff read them; district staff change them from this year or next."""
    return _rules_page(
        request,
        template="performance/rules.html",
        form_class=PointRulesForm,
        in_force=rules_in_force,
        save=point_rules_set,
        form_kwarg="rules",
        saved_message=_("Point rules saved: %(n)d changed."),
    )


@staff_required
def scorecard_quotas(request):
    """Yearly quotas: committee staff read them; district staff change them from this year or next."""
    return _rules_page(
        request,
        template="performance/rules_quotas.html",
        form_class=QuotasForm,
        in_force=quotas_in_force,
        save=quotas_set,
        form_kwarg="quotas",
        saved_message=_("Quotas saved: %(n)d changed."),
    )


def public_scorecard(request, deputy_id: int):
    """Residents see a deputy's activity counts only: no points, no cases, no quotas."""
    deputy = get_object_or_404(Deputy.objects.filter(is_active=True), pk=deputy_id)
    year = parse_year(request.GET.get("year"))
    first = max(year - PUBLIC_YEARS + 1, deputy.term_start.year if deputy.term_start else 0)
    counted = c.count_records(deputies=Deputy.objects.filter(pk=deputy.pk), first=min(first, year), last=year)
    rows = []
    for y in range(year, min(first, year) - 1, -1):
        counts = counted[deputy.pk][y]
        rows.append(
            {
                "year": y,
                "duties": counts[Source.DUTY_ATTENDED],
                "activities": counts[Source.MEETING_ATTENDED] + counts[Source.RESEARCH_ATTENDED],
                "visits": counts[Source.DUTY_ATTENDED] + counts[c.AT_STATION],
            }
        )
    if not rows:
        raise Http404
    return render(request, "performance/scorecard_public.html", {"deputy": deputy, "rows": rows, "year": year})
