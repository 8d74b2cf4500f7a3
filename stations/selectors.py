"""Reads of the network, scoped by user. Every list, detail, export and dashboard starts here."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from stations.models import Community, Node, Position
from stations.scope import scope_for


def nodes_visible_to(user) -> QuerySet[Node]:
    return Node.objects.filter(scope_for(user).nodes_q())


def node_get_for_user(user, pk: int) -> Node:
    """Fetch-or-404: a node outside the user's scope does not exist for them."""
    return get_object_or_404(nodes_visible_to(user).select_related("parent", "district", "street", "station"), pk=pk)


def communities_visible_to(user) -> QuerySet[Community]:
    scope = scope_for(user)
    if scope.is_admin:
        return Community.objects.all()
    return Community.objects.filter(street__in=nodes_visible_to(user).filter(kind=Node.Kind.STREET))


def positions_visible_to(user) -> QuerySet[Position]:
    return Position.objects.filter(scope_for(user).nodes_q("node__"))


def network_tree(user) -> list[dict]:
    """The visible network as nested dicts, with counts; three queries however large the tree.

    1. the visible nodes; 2. deputies assigned per node; 3. communities per node.
    """
    nodes = list(
        nodes_visible_to(user)
        .filter(is_active=True)
        .annotate(deputy_count=Count("deputy_assignments", filter=Q(deputy_assignments__deputy__is_active=True)))
        .order_by("code")
    )
    community_counts = dict(
        Node.communities.through.objects.filter(node__in=[n.pk for n in nodes])
        .values_list("node_id")
        .annotate(n=Count("id"))
        .values_list("node_id", "n")
    )
    by_id = {n.pk: {"node": n, "children": [], "communities": community_counts.get(n.pk, 0)} for n in nodes}
    roots = []
    for entry in by_id.values():
        parent = by_id.get(entry["node"].parent_id)
        (parent["children"] if parent else roots).append(entry)
    for root in roots:
        _count_subtree(root)
    return roots


def _count_subtree(entry) -> dict[str, int]:
    """Post-order: each entry gets counts of streets, stations, points and deputy places below it."""
    counts = {"street": 0, "station": 0, "point": 0, "deputies": entry["node"].deputy_count}
    for child in entry["children"]:
        counts[child["node"].kind] += 1
        for key, value in _count_subtree(child).items():
            counts[key] += value
    entry["counts"] = counts
    return counts
