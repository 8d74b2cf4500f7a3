"""Writes to the network. Views, imports, the admin and seed_demo all come through here."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, changed_fields_message, record_change
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


def check_parent(kind: str, parent: Node | None) -> None:
    if kind not in Node.Kind.values:
        raise ValidationError({"kind": _("Unknown tier.")})
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


def _validate(node: Node) -> None:
    """full_clean() plus rules it does not know: a point needs its kind; codes are unique ignoring case."""
    errors = {}
    try:
        node.full_clean(exclude=["district", "street", "station"], validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if node.kind == Node.Kind.POINT and not node.point_kind:
        errors.setdefault("point_kind", []).append(_("Choose the kind of contact point."))
    if node.code and Node.objects.filter(code__iexact=node.code).exclude(pk=node.pk).exists():
        message = _("The code “%(code)s” is already used by another node; choose another.") % {"code": node.code}
        errors.setdefault("code", []).append(message)
    if errors:
        raise ValidationError(errors)


def _save(node: Node, **kwargs) -> None:
    # A savepoint, so that a concurrent insert of the same code becomes a form error, not a 500.
    try:
        with transaction.atomic():
            node.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError({"code": [_("This code was just taken by another node; choose another.")]}) from error


_NAME_SEPARATORS = re.compile(r"[,，、;；\n]+")


def split_community_names(text: str) -> list[str]:
    """ "南岭、沙湾, 上李朗" → ["南岭", "沙湾", "上李朗"]: commas (either width), 、, semicolons, new lines."""
    names = []
    for name in _NAME_SEPARATORS.split(text or ""):
        name = name.strip()
        if name and name not in names:
            names.append(name)
    return names


def _set_communities(node: Node, communities, new_names) -> bool:
    """Set the communities covered, creating new names in the node's street. True when it changed."""
    if communities is None and not new_names:
        return False
    chosen = list(communities) if communities is not None else list(node.communities.all())
    if chosen or new_names:
        if node.kind not in (Node.Kind.STATION, Node.Kind.POINT):
            raise ValidationError({"communities": [_("Only stations and contact points cover communities.")]})
        if any(c.street_id != node.street_id for c in chosen):
            raise ValidationError({"communities": [_("Choose communities of the street this node belongs to.")]})
        for name in new_names:
            if len(name) > Community._meta.get_field("name").max_length:
                raise ValidationError(
                    {"new_communities": [_("A community name is too long: %(name)s") % {"name": name}]}
                )
            community = community_get_or_create(street=node.street, name=name)
            if community not in chosen:
                chosen.append(community)
    before = set(node.communities.values_list("pk", flat=True))
    if before == {c.pk for c in chosen}:
        return False
    node.communities.set(chosen)
    return True


@transaction.atomic
def node_create(*, by, kind: str, parent: Node | None, communities=(), new_communities=(), **fields) -> Node:
    """Create a node under `parent`; `new_communities` are names created in its street if missing."""
    check_parent(kind, parent)
    node = Node(kind=kind, parent=parent, **{k: v for k, v in fields.items() if k in NODE_FIELDS})
    if kind != Node.Kind.POINT:
        node.point_kind = ""
    _validate(node)
    _save(node)
    for column, value in _ancestors(node).items():
        setattr(node, column, value)
    node.save(update_fields=["district", "street", "station"])
    _set_communities(node, communities or [], list(new_communities))
    record_change(by=by, obj=node, action=ADDED, message=_("Created %(kind)s") % {"kind": node.get_kind_display()})
    return node


@transaction.atomic
def node_update(*, by, node: Node, parent: Node | None = None, communities=None, new_communities=(), **fields) -> Node:
    """Edit a node; moving it re-points every node below it in one UPDATE per tier."""
    changed = []
    for key, value in fields.items():
        if key in NODE_FIELDS and getattr(node, key) != value:
            setattr(node, key, value)
            changed.append(key)
    moved = parent is not None and parent.pk != node.parent_id
    if moved:
        check_parent(node.kind, parent)
        node.parent = parent
        changed.append("parent")
    if node.kind != Node.Kind.POINT:
        node.point_kind = ""
    _validate(node)
    if moved:
        for column, value in _ancestors(node).items():
            setattr(node, column, value)
        changed += ["district", "street", "station"]
    if changed:
        _save(node, update_fields=[*changed, "updated_at"])
    if moved:
        if node.kind == Node.Kind.STATION:
            below = Node.objects.filter(station_id=node.pk).exclude(pk=node.pk)
            below.update(street_id=node.street_id, district_id=node.district_id)
        elif node.kind == Node.Kind.STREET:
            Node.objects.filter(street_id=node.pk).exclude(pk=node.pk).update(district_id=node.district_id)
    if moved and communities is None and node.kind in (Node.Kind.STATION, Node.Kind.POINT):
        # Communities belong to a street: after a move, keep only those of the new street.
        communities = list(node.communities.filter(street_id=node.street_id))
    if _set_communities(node, communities, list(new_communities)):
        changed.append("communities")
    if changed:
        record_change(
            by=by, obj=node, action=CHANGED, message=changed_fields_message(node, changed)
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
    if street is None or street.kind != Node.Kind.STREET:
        raise ValidationError({"street": _("A community belongs to a street.")})
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
    if not active and by.pk == user.pk:
        # Nobody locks themself out; another manager must do it.
        raise ValidationError(_("You cannot disable your own account."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_change(by=by, obj=user, action=CHANGED, message=_("Account enabled") if active else _("Account disabled"))


@transaction.atomic
def user_set_password(*, by, user, password: str) -> None:
    """Set a new password (validated by the caller's form with Django's validators) and lift any
    log-in lockout on the account, so the district office can unlock a locked-out clerk."""
    from axes.utils import reset as axes_reset  # axes reads settings at import: keep it out of app loading

    user.set_password(password)
    user.save(update_fields=["password"])
    axes_reset(username=user.get_username())
    record_change(by=by, obj=user, action=CHANGED, message=_("Password reset"))
