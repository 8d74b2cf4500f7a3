"""Writes to the network. Views, imports, the admin and seed_demo all come through here."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, record_change
from stations.models import Community, Node, Position, StandardCheck

NODE_FIELDS = (
    "name",
    "code",
    "point_kind",
    "home_name",
    "address",
    "phone",
    "opening_hours",
    "vice_heads",
    "is_active",
)


def _check_parent(kind: str, parent: Node | None) -> None:
    allowed = Node.PARENT_KINDS[Node.Kind(kind)]
    if not allowed:
        if parent is not None:
            raise ValidationError({"parent": _("A district has no parent.")})
        return
    if parent is None or parent.kind not in allowed:
        names = "、".join(str(Node.Kind(k).label) for k in allowed)
        raise ValidationError({"parent": _("This tier must be placed under: %(kinds)s.") % {"kinds": names}})


def _ancestors(node: Node) -> dict[str, int | None]:
    """The district/street/station columns for `node`, from its parent's (itself included)."""
    parent = node.parent
    cols = {
        "district_id": parent.district_id if parent else None,
        "street_id": parent.street_id if parent else None,
        "station_id": parent.station_id if parent else None,
    }
    own = {Node.Kind.DISTRICT: "district_id", Node.Kind.STREET: "street_id", Node.Kind.STATION: "station_id"}
    if node.kind in own:
        cols[own[node.kind]] = node.pk
    return cols


@transaction.atomic
def node_create(*, by, kind: str, parent: Node | None, communities=(), **fields) -> Node:
    _check_parent(kind, parent)
    node = Node(kind=kind, parent=parent, **{k: v for k, v in fields.items() if k in NODE_FIELDS})
    if kind != Node.Kind.POINT:
        node.point_kind = ""
    node.full_clean(exclude=["district", "street", "station"])
    node.save()
    for column, value in _ancestors(node).items():
        setattr(node, column, value)
    node.save(update_fields=["district", "street", "station"])
    if communities:
        node.communities.set(communities)
    record_change(by=by, obj=node, action=ADDED, message=_("Created %(kind)s") % {"kind": node.get_kind_display()})
    return node


@transaction.atomic
def node_update(*, by, node: Node, parent: Node | None = None, communities=None, **fields) -> Node:
    """Edit a node; moving it re-points every node below it in one UPDATE per tier."""
    changed = []
    for key, value in fields.items():
        if key in NODE_FIELDS and getattr(node, key) != value:
            setattr(node, key, value)
            changed.append(key)
    moved = parent is not None and parent.pk != node.parent_id
    if moved:
        _check_parent(node.kind, parent)
        node.parent = parent
        changed.append("parent")
    if node.kind != Node.Kind.POINT:
        node.point_kind = ""
    node.full_clean(exclude=["district", "street", "station"])
    if moved:
        for column, value in _ancestors(node).items():
            setattr(node, column, value)
        changed += ["district", "street", "station"]
    if changed:
        node.save(update_fields=[*changed, "updated_at"])
    if moved:
        if node.kind == Node.Kind.STATION:
            below = Node.objects.filter(station_id=node.pk).exclude(pk=node.pk)
            below.update(street_id=node.street_id, district_id=node.district_id)
        elif node.kind == Node.Kind.STREET:
            Node.objects.filter(street_id=node.pk).exclude(pk=node.pk).update(district_id=node.district_id)
    if communities is not None:
        node.communities.set(communities)
        changed.append("communities")
    if changed:
        record_change(
            by=by, obj=node, action=CHANGED, message=_("Changed: %(fields)s") % {"fields": ", ".join(changed)}
        )
    return node


@transaction.atomic
def standards_set(*, by, node: Node, items: dict[str, tuple[bool, str]]) -> None:
    """Set the "六个有" checklist: items maps an item code to (met, notes)."""
    for item, (met, notes) in items.items():
        StandardCheck.Item(item)  # refuses unknown items
        StandardCheck.objects.update_or_create(node=node, item=item, defaults={"met": met, "notes": notes[:200]})
    met = sum(1 for ok, _notes in items.values() if ok)
    record_change(
        by=by,
        obj=node,
        action=CHANGED,
        message=_("Standards checklist: %(met)d of %(total)d met") % {"met": met, "total": len(items)},
    )


def community_get_or_create(*, street: Node, name: str) -> Community:
    community, _created = Community.objects.get_or_create(street=street, name=name.strip())
    return community


@transaction.atomic
def position_grant(*, by, user, node: Node) -> Position:
    if node.kind == Node.Kind.POINT:
        raise ValidationError({"node": _("Positions are held at a district, a street or a station.")})
    position, created = Position.objects.get_or_create(user=user, node=node)
    if created:
        record_change(by=by, obj=user, action=CHANGED, message=_("Position granted at %(node)s") % {"node": node})
    return position


@transaction.atomic
def position_revoke(*, by, position: Position) -> None:
    record_change(
        by=by, obj=position.user, action=CHANGED, message=_("Position removed at %(node)s") % {"node": position.node}
    )
    position.delete()


@transaction.atomic
def user_create(*, by, username: str, password: str, first_name: str = "", last_name: str = "", email: str = ""):
    User = get_user_model()
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.full_clean()
    user.save()
    record_change(by=by, obj=user, action=ADDED, message=_("User created"))
    return user


@transaction.atomic
def user_set_active(*, by, user, active: bool) -> None:
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_change(by=by, obj=user, action=CHANGED, message=_("Account enabled") if active else _("Account disabled"))
