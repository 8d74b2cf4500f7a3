"""Network pages: role homes, the network tree and node detail. Thin: parse, call, render."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from stations.access import manager_required, member_required, staff_required
from stations.models import Node
from stations.scope import scope_for
from stations.selectors import network_tree, node_get_for_user, nodes_visible_to


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
    return render(request, "stations/staff_home.html", {"counts": counts})


@member_required
def clerk_home(request):
    scope = scope_for(request.user)
    stations = (
        nodes_visible_to(request.user)
        .filter(pk__in=sorted(scope.station_ids), kind=Node.Kind.STATION)
        .annotate(point_count=Count("children", filter=Q(children__kind=Node.Kind.POINT)))
        .order_by("code")
    )
    return render(request, "stations/clerk_home.html", {"stations": stations})


@member_required
def tree(request):
    return render(request, "stations/network_tree.html", {"roots": network_tree(request.user)})


@member_required
def node_detail(request, pk: int):
    node = node_get_for_user(request.user, pk)
    return render(request, "stations/node_detail.html", {"node": node})


@manager_required
def user_list(request):
    return render(request, "stations/user_list.html", {})
