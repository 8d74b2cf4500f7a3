"""Pages of station assessments and activity targets. Thin: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from performance import assessment as svc
from performance import targets as tsvc
from performance.forms_assessment import (
    CategoryForm,
    ChecklistCreateForm,
    CopyForm,
    ItemForm,
    PeriodForm,
    ScoreForm,
    TargetForm,
    YearForm,
    apply_errors,
)
from performance.models.assessment import Assessment, Item, Target
from stations.access import manager_required, member_required, staff_required
from stations.models import Node
from stations.selectors import node_get_for_user, nodes_visible_to


def _quarter_or_404(year: int, quarter: int) -> None:
    if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
        raise Http404


# --- rankings -----------------------------------------------------------------------------------


@staff_required
def assessment_ranking(request):
    """A quarter's ranking of the stations in scope (submitted and published), with the previous
    quarter's rank, the stations not yet assessed, and (district staff) the publish button."""
    year, quarter = svc.default_quarter()
    streets = nodes_visible_to(request.user).filter(kind=Node.Kind.STREET, is_active=True).order_by("code")
    # Missing fields take the defaults (a link with only ?street= still shows the last quarter).
    data = {"year": year, "quarter": quarter, **request.GET.dict()} if request.GET else None
    form = PeriodForm(data, streets=streets, initial={"year": year, "quarter": quarter})
    street = None
    if form.is_valid():
        year, quarter, street = form.cleaned_data["year"], form.cleaned_data["quarter"], form.cleaned_data["street"]
    rows = svc.ranking(request.user, year=year, quarter=quarter, street_id=street.pk if street else None)
    this_quarter = Assessment.objects.filter(station=OuterRef("pk"), year=year, quarter=quarter)
    pending = (
        nodes_visible_to(request.user)
        .filter(kind=Node.Kind.STATION, is_active=True)
        .exclude(Exists(this_quarter.filter(status__in=svc.RANKED_STATUSES)))
        .annotate(assessment_id=Subquery(this_quarter.values("pk")[:1]))
        .select_related("street")
        .order_by("code")
    )
    if street:
        pending = pending.filter(street=street)
    publishable = {}
    for row in rows:
        if row.status == Assessment.Status.SUBMITTED and svc.can_keep_checklist(request.user, row.district_id):
            publishable[row.district_id] = publishable.get(row.district_id, 0) + 1
    context = {
        "form": form, "rows": rows, "pending": pending, "year": year, "quarter": quarter, "street": street,
        "publishable": sorted(publishable.items()),
    }
    return render(request, "performance/assessment_ranking.html", context)


def assessment_public(request, year: int, quarter: int):
    """No login: the published assessments of a quarter, ranked within each district."""
    _quarter_or_404(year, quarter)
    rows = svc.public_ranking(year=year, quarter=quarter)
    py, pq = svc.previous_quarter(year, quarter)
    return render(
        request, "performance/assessment_public.html",
        {"rows": rows, "year": year, "quarter": quarter, "previous": (py, pq)},
    )


@staff_required
@require_POST
def assessment_publish(request, year: int, quarter: int):
    _quarter_or_404(year, quarter)
    district = get_object_or_404(svc.districts_visible_to(request.user), pk=request.POST.get("district") or 0)
    count = svc.assessments_publish(by=request.user, district=district, year=year, quarter=quarter)
    messages.success(request, _("%(count)d assessments published.") % {"count": count})
    return redirect(f"{reverse('performance:assessment_ranking')}?year={year}&quarter={quarter}")


# --- one station, one assessment ----------------------------------------------------------------


def _station_or_404(user, pk: int) -> Node:
    station = node_get_for_user(user, pk)
    if station.kind != Node.Kind.STATION:
        raise Http404
    return station


@member_required
def assessment_station(request, pk: int):
    """A station's history: quarters as rows, categories as columns (clerks and deputies: published only)."""
    station = _station_or_404(request.user, pk)
    history = svc.station_history(request.user, station)
    year, quarter = svc.default_quarter()
    context = {
        "station": station, "history": history, "can_assess": svc.can_assess(request.user, station),
        "next_year": year, "next_quarter": quarter,
    }
    return render(request, "performance/assessment_station.html", context)


@staff_required
def assessment_score(request, pk: int, year: int, quarter: int):
    """Score a station's quarter: a draft can be saved with some items blank; submitting needs all."""
    _quarter_or_404(year, quarter)
    station = _station_or_404(request.user, pk)
    if not svc.can_assess(request.user, station):
        raise PermissionDenied
    checklist = svc.checklist_for(district_id=station.district_id, year=year)
    context = {"station": station, "year": year, "quarter": quarter, "checklist": checklist}
    if checklist is None:
        return render(request, "performance/assessment_score.html", context)
    assessment = Assessment.objects.filter(station=station, checklist=checklist, year=year, quarter=quarter).first()
    if assessment is not None and assessment.status != Assessment.Status.DRAFT:
        messages.info(request, _("This assessment was already submitted."))
        return redirect("performance:assessment_detail", pk=assessment.pk)
    rows = svc.checklist_rows(checklist, assessment)
    items = [r["item"] for row in rows for r in row["items"]]
    saved = {r["item"].pk: r["score"] for row in rows for r in row["items"] if r["score"]}
    form = ScoreForm(request.POST or None, items=items, initial_scores=saved)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                saved_assessment = svc.assessment_save(
                    by=request.user, station=station, year=year, quarter=quarter, scores=form.scores(), submit=submit
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if submit:
                    messages.success(request, _("The assessment was submitted."))
                    return redirect("performance:assessment_detail", pk=saved_assessment.pk)
                messages.success(request, _("The draft was saved."))
                return redirect("performance:assessment_score", pk=station.pk, year=year, quarter=quarter)
        status = 400
    for row in rows:
        for r in row["items"]:
            r["score_field"], r["note_field"] = form.field_pair(r["item"])
    context.update({"form": form, "rows": rows, "assessment": assessment})
    return render(request, "performance/assessment_score.html", context, status=status)


@member_required
def assessment_detail(request, pk: int):
    assessment = svc.assessment_get_for_user(request.user, pk)
    context = {
        "assessment": assessment,
        "rows": svc.checklist_rows(assessment.checklist, assessment),
        "can_edit": assessment.status == Assessment.Status.DRAFT and svc.can_assess(request.user, assessment.station),
        "can_reopen": assessment.status == Assessment.Status.SUBMITTED
        and svc.can_keep_checklist(request.user, assessment.district_id),
    }
    return render(request, "performance/assessment_detail.html", context)


@staff_required
@require_POST
def assessment_reopen(request, pk: int):
    assessment = svc.assessment_get_for_user(request.user, pk)
    try:
        svc.assessment_reopen(by=request.user, assessment=assessment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The assessment is a draft again."))
    return redirect("performance:assessment_detail", pk=assessment.pk)


# --- checklists ---------------------------------------------------------------------------------


def _keepable_districts(user):
    return [d for d in svc.districts_visible_to(user).order_by("code") if svc.can_keep_checklist(user, d.pk)]


@staff_required
def checklist_list(request):
    keepable = _keepable_districts(request.user)
    form = None
    if keepable:
        year = timezone.localdate().year
        form = ChecklistCreateForm(
            request.POST or None, initial={"year": year, "name": _("%(year)d station assessment") % {"year": year}}
        )
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        district = next((d for d in keepable if str(d.pk) == request.POST.get("district")), keepable[0])
        if form.is_valid():
            try:
                checklist = svc.checklist_create(
                    by=request.user, district=district, year=form.cleaned_data["year"],
                    name=form.cleaned_data["name"], sample=form.cleaned_data["sample"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The checklist was created."))
                return redirect("performance:checklist_detail", pk=checklist.pk)
        status = 400
    checklists = (
        svc.checklists_visible_to(request.user)
        .select_related("district")
        .annotate(
            item_count=Count("categories__items", distinct=True),
            assessment_count=Count("assessments", distinct=True),
        )
    )
    context = {"checklists": checklists, "form": form, "keepable": keepable}
    return render(request, "performance/assessment_checklists.html", context, status=status)


@staff_required
def checklist_detail(request, pk: int):
    """A checklist; district staff add categories and items (until it is used) and copy it to a new year."""
    checklist = get_object_or_404(svc.checklists_visible_to(request.user).select_related("district"), pk=pk)
    can_keep = svc.can_keep_checklist(request.user, checklist.district_id)
    frozen = checklist.assessments.exists()
    forms = {
        "category": CategoryForm(prefix="c"),
        "item": ItemForm(prefix="i", checklist=checklist),
        "copy": CopyForm(prefix="y", initial={"year": checklist.year + 1}),
    }
    status = 200
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "category":
                form = forms["category"] = CategoryForm(request.POST, prefix="c")
                if form.is_valid():
                    svc.category_add(by=request.user, checklist=checklist, name=form.cleaned_data["name"])
                    return redirect("performance:checklist_detail", pk=checklist.pk)
            elif action == "item":
                form = forms["item"] = ItemForm(request.POST, prefix="i", checklist=checklist)
                if form.is_valid():
                    data = form.cleaned_data
                    svc.item_add(by=request.user, category=data["category"], text=data["text"],
                                 max_score=data["max_score"], evidence_hint=data["evidence_hint"])
                    return redirect("performance:checklist_detail", pk=checklist.pk)
            elif action == "delete":
                form = None
                item = get_object_or_404(Item, pk=request.POST.get("item") or 0, category__checklist=checklist)
                svc.item_delete(by=request.user, item=item)
                return redirect("performance:checklist_detail", pk=checklist.pk)
            elif action == "copy":
                form = forms["copy"] = CopyForm(request.POST, prefix="y")
                if form.is_valid():
                    copy = svc.checklist_copy(by=request.user, source=checklist, year=form.cleaned_data["year"])
                    messages.success(request, _("The checklist was copied."))
                    return redirect("performance:checklist_detail", pk=copy.pk)
            else:
                form = None
        except ValidationError as error:
            if form is None or not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
            else:
                apply_errors(form, error)
        status = 400
    context = {
        "checklist": checklist, "rows": svc.checklist_rows(checklist), "can_keep": can_keep, "frozen": frozen,
        "forms": forms,
    }
    return render(request, "performance/assessment_checklist.html", context, status=status)


# --- activity targets ---------------------------------------------------------------------------


@member_required
def targets(request):
    """Each station in scope: held meetings of the year against its district's targets."""
    year = timezone.localdate().year
    form = YearForm(request.GET or None, initial={"year": year})
    behind_only = False
    if form.is_valid():
        year, behind_only = form.cleaned_data["year"], form.cleaned_data["behind"]
    stations = (
        nodes_visible_to(request.user).filter(kind=Node.Kind.STATION, is_active=True)
        .select_related("street").order_by("code")
    )
    rows = tsvc.station_activity(stations=stations, year=year)
    columns: dict[str, str] = {}  # target name → the kinds it counts, for the column's heading
    for row in rows:
        for result in row.results:
            if result.target.name not in columns:
                columns[result.target.name] = "、".join(str(tsvc.KIND_LABELS.get(k, k)) for k in result.target.kinds)
    for row in rows:
        by_name = {r.target.name: r for r in row.results}
        row.cells = [by_name.get(name) for name in columns]
    behind_count = sum(1 for r in rows if r.behind)
    if behind_only:
        rows = [r for r in rows if r.behind]
    context = {
        "form": form, "rows": rows, "columns": list(columns.items()), "year": year, "behind_only": behind_only,
        "behind_count": behind_count, "can_manage": bool(_keepable_districts(request.user)),
    }
    return render(request, "performance/targets.html", context)


@manager_required
def targets_manage(request):
    """District staff set their district's targets for a year (or take DOMAIN §5's defaults)."""
    keepable = _keepable_districts(request.user)
    if not keepable:
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    district = next((d for d in keepable if str(d.pk) == source.get("district")), keepable[0])
    try:
        year = int(source.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    form = TargetForm(prefix="t")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "defaults":
            count = tsvc.targets_set_defaults(by=request.user, district=district, year=year)
            messages.success(request, _("%(count)d targets added.") % {"count": count})
            return redirect(f"{request.path}?year={year}&district={district.pk}")
        if action == "delete":
            target = get_object_or_404(Target, pk=request.POST.get("target") or 0, district=district)
            tsvc.target_delete(by=request.user, target=target)
            return redirect(f"{request.path}?year={year}&district={district.pk}")
        form = TargetForm(request.POST, prefix="t")
        if form.is_valid():
            try:
                tsvc.target_set(by=request.user, district=district, year=year, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The target was saved."))
                return redirect(f"{request.path}?year={year}&district={district.pk}")
        status = 400
    current = Target.objects.filter(district=district, year=year)
    for target in current:
        target.kind_labels = [str(tsvc.KIND_LABELS.get(k, k)) for k in target.kinds]
    context = {"form": form, "targets": current, "district": district, "keepable": keepable, "year": year}
    return render(request, "performance/targets_manage.html", context, status=status)
