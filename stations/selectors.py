"""Reads of the network, scoped by user. Every list, detail, export and dashboard starts here."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from stations.models import Community, Node, Position, StandardCheck
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


def network_tree(user, *, search: str = "", include_inactive: bool = False) -> list[dict]:
    """The visible network as nested dicts, with counts; three queries however large the tree.

    1. the visible nodes; 2. (node, deputy) pairs of active deputies assigned; 3. (node, community)
    pairs. Counts cover each node's whole subtree: streets, stations, points, distinct deputies and
    distinct communities. With `search`, only matching nodes (name, deputies' home name or code),
    their ancestors and everything below them are kept; counts stay those of the full tree.
    """
    visible = nodes_visible_to(user)
    if not include_inactive:
        visible = visible.filter(is_active=True)
    nodes = list(visible.order_by("code"))
    deputies: dict[int, set[int]] = {}
    for node_id, deputy_id in visible.filter(deputy_assignments__deputy__is_active=True).values_list(
        "pk", "deputy_assignments__deputy_id"
    ):
        deputies.setdefault(node_id, set()).add(deputy_id)
    communities: dict[int, set[int]] = {}
    for node_id, community_id in Node.communities.through.objects.filter(node__in=visible).values_list(
        "node_id", "community_id"
    ):
        communities.setdefault(node_id, set()).add(community_id)

    by_id = {
        n.pk: {
            "node": n,
            "children": [],
            "own_deputies": len(deputies.get(n.pk, ())),
            "own_communities": len(communities.get(n.pk, ())),
        }
        for n in nodes
    }
    roots = []
    for entry in by_id.values():
        parent = by_id.get(entry["node"].parent_id)
        (parent["children"] if parent else roots).append(entry)
    for root in roots:
        _count_subtree(root, deputies, communities)
    if search:
        roots = _prune(roots, search.strip().casefold())
    return roots


def _count_subtree(entry, deputies, communities) -> tuple[set[int], set[int]]:
    """Post-order: each entry gets counts of streets, stations and points below it, and of the
    distinct deputies and communities at it or below it (a deputy at a station and its point counts once)."""
    node = entry["node"]
    counts = {"street": 0, "station": 0, "point": 0}
    deputy_ids = set(deputies.get(node.pk, ()))
    community_ids = set(communities.get(node.pk, ()))
    for child in entry["children"]:
        counts[child["node"].kind] += 1
        child_deputies, child_communities = _count_subtree(child, deputies, communities)
        for key in ("street", "station", "point"):
            counts[key] += child["counts"][key]
        deputy_ids |= child_deputies
        community_ids |= child_communities
    counts["deputies"] = len(deputy_ids)
    counts["communities"] = len(community_ids)
    entry["counts"] = counts
    return deputy_ids, community_ids


def _prune(entries: list[dict], needle: str) -> list[dict]:
    kept = []
    for entry in entries:
        node = entry["node"]
        haystack = " ".join((node.name, node.home_name, node.code)).casefold()
        if needle in haystack:
            kept.append({**entry, "match": True})
            continue
        children = _prune(entry["children"], needle)
        if children:
            kept.append({**entry, "children": children})
    return kept


def node_children(user, node: Node) -> QuerySet[Node]:
    """The visible nodes directly under `node`, with their own active deputies counted."""
    return (
        nodes_visible_to(user)
        .filter(parent=node)
        .annotate(deputy_count=Count("deputy_assignments", filter=Q(deputy_assignments__deputy__is_active=True)))
        .order_by("-is_active", "kind", "code")
    )


def node_ancestors(user, node: Node) -> list[tuple[Node, bool]]:
    """Breadcrumbs: (ancestor, visible to the user) from the district down, `node` excluded."""
    chain = [a for a in (node.district, node.street, node.station) if a is not None and a.pk != node.pk]
    if node.parent_id and node.parent not in chain:  # never happens while services keep the columns
        chain.append(node.parent)
    if not chain:
        return []
    visible = set(nodes_visible_to(user).filter(pk__in=[a.pk for a in chain]).values_list("pk", flat=True))
    return [(a, a.pk in visible) for a in chain]


def node_positions(node: Node) -> QuerySet[Position]:
    """Who works at this node: a station's clerks, a street's or district's committee staff."""
    return node.positions.filter(user__is_active=True).select_related("user").order_by("user__username")


def standards_of(node: Node) -> list[dict]:
    """All six "六个有" items in order, each with its check (None: not yet assessed)."""
    checks = {c.item: c for c in node.standard_checks.all()}
    return [{"item": item, "label": label, "check": checks.get(item)} for item, label in StandardCheck.Item.choices]


def deputy_coverage(user) -> dict[str, int]:
    """Active deputies in a staff user's scope, and how many of them are assigned somewhere (编组进站).

    Mirrors deputies.selectors.coverage_by_street through Node's reverse relations, since stations may
    not import deputies (tests/stations/test_selectors.py keeps the two in step). Queries:
    1. deputies on the district rolls in scope; 2. on the street rolls; 3. deputies assigned at nodes
    under the user's district / street positions; 4. which of the rest are assigned anywhere.
    """
    scope = scope_for(user)
    if scope.is_admin:
        district_ids = Node.objects.filter(kind=Node.Kind.DISTRICT).values("pk")
        under_positions = Q()
    else:
        district_ids = sorted(scope.district_ids)
        under_positions = Q(pk__in=[])
        if scope.district_ids:
            under_positions |= Q(district_id__in=sorted(scope.district_ids))
        if scope.street_ids:
            under_positions |= Q(street_id__in=sorted(scope.street_ids))
    on_roll = set(
        Node.objects.filter(pk__in=district_ids, district_deputies__is_active=True).values_list(
            "district_deputies", flat=True
        )
    )
    if scope.street_ids and not scope.is_admin:
        on_roll |= set(
            Node.objects.filter(pk__in=sorted(scope.street_ids), street_deputies__is_active=True).values_list(
                "street_deputies", flat=True
            )
        )
    assigned_here = set(
        Node.objects.filter(under_positions, deputy_assignments__deputy__is_active=True).values_list(
            "deputy_assignments__deputy", flat=True
        )
    )
    rest = sorted(on_roll - assigned_here)
    assigned_elsewhere = set()
    if rest:
        assigned_elsewhere = set(
            Node.objects.filter(deputy_assignments__deputy__in=rest).values_list(
                "deputy_assignments__deputy", flat=True
            )
        )
    return {"total": len(on_roll | assigned_here), "assigned": len(assigned_here | assigned_elsewhere)}
