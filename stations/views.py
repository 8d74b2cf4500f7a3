"""Network pages: role homes, the network tree, node detail and its edit forms. Thin: parse, call, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liaison.audit import history_of
from stations import services
from stations.access import manager_required, member_required, staff_required
from stations.forms import NodeForm, StandardsForm, apply_errors
from stations.models import Node, StandardCheck
from stations.scope import Role, scope_for
from stations.selectors import (
    deputy_coverage,
    network_tree,
    node_ancestors,
    node_children,
    node_get_for_user,
    node_positions,
    nodes_visible_to,
    standards_of,
)

HISTORY_ROWS = 20
# Tiers that are assessed against the "六个有" standards: stations and the streets' deputies' homes.
ASSESSED_KINDS = (Node.Kind.STREET, Node.Kind.STATION)


@login_required
def home(request):
    """Each role lands on the home page built for its day (settings.LIAISON_HOME_URLS)."""
    url_name = settings.LIAISON_HOME_URLS.get(scope_for(request.user).role)
    if url_name is None:
        return render(request, "no_role.html", status=403)
    return redirect(url_name)


@staff_required
def staff_home(request):
    nodes = nodes_visible_to(request.user).filter(is_active=True)
    counts = nodes.aggregate(
        streets=Count("pk", filter=Q(kind=Node.Kind.STREET)),
        stations=Count("pk", filter=Q(kind=Node.Kind.STATION)),
        points=Count("pk", filter=Q(kind=Node.Kind.POINT)),
    )
    coverage = deputy_coverage(request.user)
    coverage["unassigned"] = coverage["total"] - coverage["assigned"]
    coverage["percent"] = round(100 * coverage["assigned"] / coverage["total"], 1) if coverage["total"] else None
    # Stations with fewer than six standards met, the ones to visit first.
    below_standard = (
        nodes.filter(kind=Node.Kind.STATION)
        .annotate(met=Count("standard_checks", filter=Q(standard_checks__met=True)))
        .filter(met__lt=len(StandardCheck.Item))
        .order_by("met", "code")
    )
    context = {
        "counts": counts,
        "coverage": coverage,
        "below_standard": below_standard[:10],
        "below_standard_count": below_standard.count(),
        "can_manage": scope_for(request.user).can_manage,
    }
    return render(request, "stations/staff_home.html", context)


@member_required
def clerk_home(request):
    scope = scope_for(request.user)
    active_deputies = Q(deputy_assignments__deputy__is_active=True)
    stations = (
        nodes_visible_to(request.user)
        .filter(pk__in=sorted(scope.station_ids), kind=Node.Kind.STATION, is_active=True)
        .annotate(
            deputy_count=Count("deputy_assignments", filter=active_deputies, distinct=True),
            standards_met=Count("standard_checks", filter=Q(standard_checks__met=True), distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "children",
                queryset=Node.objects.filter(kind=Node.Kind.POINT, is_active=True)
                .annotate(deputy_count=Count("deputy_assignments", filter=active_deputies))
                .order_by("code"),
                to_attr="points",
            )
        )
        .order_by("code")
    )
    context = {"stations": stations, "is_clerk": Role.CLERK in scope.roles, "standards_total": len(StandardCheck.Item)}
    return render(request, "stations/clerk_home.html", context)


@member_required
def tree(request):
    search = request.GET.get("q", "").strip()[:50]
    scope = scope_for(request.user)
    include_inactive = scope.can_manage and request.GET.get("inactive") == "1"
    roots = network_tree(request.user, search=search, include_inactive=include_inactive)
    context = {
        "roots": roots,
        "search": search,
        "include_inactive": include_inactive,
        "can_manage": scope.can_manage,
    }
    return render(request, "stations/network_tree.html", context)


def _can_assess(user, node: Node) -> bool:
    """District staff assess every station and home; street staff assess the stations of their street."""
    scope = scope_for(user)
    if node.kind not in ASSESSED_KINDS:
        return False
    if scope.can_manage:
        return True
    return Role.STREET_STAFF in scope.roles and node.kind == Node.Kind.STATION and node.street_id in scope.street_ids


@member_required
def node_detail(request, pk: int):
    node = node_get_for_user(request.user, pk)
    scope = scope_for(request.user)
    assignments = list(
        node.deputy_assignments.filter(deputy__is_active=True).select_related("deputy").order_by("role", "deputy__name")
    )
    context = {
        "node": node,
        "ancestors": node_ancestors(request.user, node),
        "children": node_children(request.user, node),
        "assignments": assignments,
        "head": next((a for a in assignments if a.role == "head"), None),
        "positions": node_positions(node),
        "communities": node.communities.all(),
        "street_communities": node.street_communities.all() if node.kind == Node.Kind.STREET else None,
        "standards": standards_of(node) if node.kind in ASSESSED_KINDS else None,
        "can_manage": scope.can_manage,
        "can_assess": _can_assess(request.user, node),
        "history": history_of(node)[:HISTORY_ROWS] if scope.can_manage else None,
        "child_kinds": [k for k, parents in Node.PARENT_KINDS.items() if node.kind in parents],
    }
    return render(request, "stations/node_detail.html", context)


def _creatable_kinds(user) -> list[Node.Kind]:
    # A district has no parent, so creating one is outside any district's scope: admins only.
    kinds = [Node.Kind.STREET, Node.Kind.STATION, Node.Kind.POINT]
    return [Node.Kind.DISTRICT, *kinds] if scope_for(user).is_admin else kinds


@manager_required
def node_create(request):
    kinds = _creatable_kinds(request.user)
    kind = request.GET.get("kind", "")
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = nodes_visible_to(request.user).filter(pk=int(request.GET["parent"])).first()
    if kind not in kinds:
        status = 400 if request.method == "POST" else 200
        return render(request, "stations/node_create.html", {"kinds": kinds, "parent": parent}, status=status)

    initial = {"parent": parent.pk} if parent and parent.kind in Node.PARENT_KINDS[Node.Kind(kind)] else {}
    form = NodeForm(request.POST or None, user=request.user, kind=kind, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                node = services.node_create(by=request.user, kind=kind, **{"parent": None, **form.service_kwargs()})
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("%(name)s was created.") % {"name": node.name})
                return redirect("stations:node_detail", pk=node.pk)
        status = 400
    else:
        status = 200
    context = {"form": form, "kind": Node.Kind(kind), "parent": parent}
    return render(request, "stations/node_create.html", context, status=status)


@manager_required
def node_edit(request, pk: int):
    node = node_get_for_user(request.user, pk)
    form = NodeForm(request.POST or None, user=request.user, kind=node.kind, node=node)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.node_update(by=request.user, node=node, **form.service_kwargs())
            except ValidationError as error:
                apply_errors(form, error)
                node.refresh_from_db()  # the service may have changed attributes before refusing
            else:
                messages.success(request, _("Changes to %(name)s were saved.") % {"name": node.name})
                return redirect("stations:node_detail", pk=node.pk)
        status = 400
    else:
        status = 200
    return render(request, "stations/node_edit.html", {"form": form, "node": node}, status=status)


@staff_required
def node_standards(request, pk: int):
    node = node_get_for_user(request.user, pk)
    if not _can_assess(request.user, node):
        raise PermissionDenied
    form = StandardsForm(request.POST or None, node=node)
    if request.method == "POST":
        if form.is_valid():
            services.standards_set(by=request.user, node=node, items=form.items())
            messages.success(request, _("The standards checklist of %(name)s was saved.") % {"name": node.name})
            return redirect("stations:node_detail", pk=node.pk)
        status = 400
    else:
        status = 200
    return render(request, "stations/node_standards.html", {"form": form, "node": node}, status=status)
