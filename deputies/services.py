"""Writes to deputies and their assignments. Views, imports and seed_demo all come through here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from deputies.models import Assignment, Deputy, Specialty, VoterContact
from liaison.audit import ADDED, CHANGED, DELETED, record_change
from stations.models import Node

DEPUTY_FIELDS = (
    "name",
    "gender",
    "level",
    "district",
    "street",
    "electoral_district",
    "profession",
    "is_leader",
    "phone",
    "bio",
    "photo",
    "term_start",
    "term_end",
    "is_active",
    "user",
)


def _check_street(deputy: Deputy) -> None:
    if deputy.street_id and deputy.street.district_id != deputy.district_id:
        raise ValidationError({"street": _("The street must belong to the deputy's district.")})


def specialties_from_names(names) -> list[Specialty]:
    return [Specialty.objects.get_or_create(name=n.strip())[0] for n in names if n and n.strip()]


@transaction.atomic
def deputy_create(*, by, specialties=(), **fields) -> Deputy:
    deputy = Deputy(**{k: v for k, v in fields.items() if k in DEPUTY_FIELDS})
    deputy.full_clean()
    _check_street(deputy)
    deputy.save()
    if specialties:
        deputy.specialties.set(specialties)
    record_change(by=by, obj=deputy, action=ADDED, message=_("Deputy added"))
    return deputy


@transaction.atomic
def deputy_update(*, by, deputy: Deputy, specialties=None, **fields) -> Deputy:
    changed = [k for k, v in fields.items() if k in DEPUTY_FIELDS and getattr(deputy, k) != v]
    for key in changed:
        setattr(deputy, key, fields[key])
    deputy.full_clean()
    _check_street(deputy)
    if changed:
        deputy.save(update_fields=[*changed, "updated_at"])
    if specialties is not None:
        before = set(deputy.specialties.values_list("pk", flat=True))
        if before != {s.pk for s in specialties}:
            deputy.specialties.set(specialties)
            changed.append("specialties")
    if changed:
        record_change(
            by=by, obj=deputy, action=CHANGED, message=_("Changed: %(fields)s") % {"fields": ", ".join(changed)}
        )
    return deputy


@transaction.atomic
def assignment_add(*, by, deputy: Deputy, node: Node, role: str = Assignment.Role.RESIDENT, since=None) -> Assignment:
    """Place a deputy at a station, home or point. A node has at most one head: naming a new head
    turns the old one into a resident deputy, in the same transaction."""
    if node.kind == Node.Kind.DISTRICT:
        raise ValidationError({"node": _("Deputies are assigned to a deputies' home, a station or a point.")})
    if node.district_id != deputy.district_id:
        raise ValidationError({"node": _("This station is in another district.")})
    if role == Assignment.Role.HEAD:
        Assignment.objects.select_for_update().filter(node=node, role=Assignment.Role.HEAD).exclude(
            deputy=deputy
        ).update(role=Assignment.Role.RESIDENT)
    try:
        with transaction.atomic():
            assignment, created = Assignment.objects.update_or_create(
                deputy=deputy, node=node, defaults={"role": role, "since": since}
            )
    except IntegrityError as exc:  # two heads named at the same instant
        raise ValidationError(_("Someone else changed this station's head just now; please try again.")) from exc
    record_change(
        by=by,
        obj=deputy,
        action=CHANGED,
        message=_("Assigned to %(node)s as %(role)s") % {"node": node, "role": assignment.get_role_display()},
    )
    return assignment


@transaction.atomic
def assignment_remove(*, by, assignment: Assignment) -> None:
    record_change(
        by=by, obj=assignment.deputy, action=CHANGED, message=_("Removed from %(node)s") % {"node": assignment.node}
    )
    assignment.delete()


@transaction.atomic
def voter_contact_save(*, by, deputy: Deputy, contact: VoterContact | None = None, **fields) -> VoterContact:
    contact = contact or VoterContact(deputy=deputy)
    for key in ("name", "phone", "community", "note"):
        if key in fields:
            setattr(contact, key, fields[key])
    contact.full_clean()
    created = contact.pk is None
    contact.save()
    record_change(
        by=by, obj=deputy, action=CHANGED, message=_("Voter contact added") if created else _("Voter contact changed")
    )
    return contact


@transaction.atomic
def voter_contact_delete(*, by, contact: VoterContact) -> None:
    record_change(by=by, obj=contact.deputy, action=DELETED, message=_("Voter contact removed"))
    contact.delete()
