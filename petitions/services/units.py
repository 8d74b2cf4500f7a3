"""Handling units (承办单位): the records referrals are addressed to. District staff keep them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, changed_fields_message, record_change
from petitions.models import HandlingUnit
from petitions.services.core import NotAllowed
from stations.models import Node
from stations.scope import scope_for

UNIT_FIELDS = ("name", "kind", "street", "contact_person", "phone", "email", "is_active")


def _check_manager(by, district: Node) -> None:
    scope = scope_for(by)
    if not (scope.is_admin or (scope.can_manage and district.pk in scope.district_ids)):
        raise NotAllowed(_("Only the district's staff may change its handling units."))


def _validate(unit: HandlingUnit) -> None:
    """full_clean() plus the street rule: a street office names its street, of the same district;
    other kinds have none. Names are unique in a district ignoring case."""
    errors: dict = {}
    try:
        unit.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if unit.kind == HandlingUnit.Kind.STREET_OFFICE:
        if unit.street is None:
            errors.setdefault("street", []).append(_("A street office needs its street."))
        elif unit.street.kind != Node.Kind.STREET or unit.street.district_id != unit.district_id:
            errors.setdefault("street", []).append(_("Choose a street of this district."))
    same_name = HandlingUnit.objects.filter(district_id=unit.district_id, name__iexact=unit.name.strip())
    if unit.name and same_name.exclude(pk=unit.pk).exists():
        errors.setdefault("name", []).append(_("This district already has a unit of that name."))
    if errors:
        raise ValidationError(errors)


def _save(unit: HandlingUnit, **kwargs) -> None:
    # A savepoint: two people adding the same name at once get a form error, not a 500.
    try:
        with transaction.atomic():
            unit.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError({"name": [_("This district already has a unit of that name.")]}) from error


def _normalise(unit: HandlingUnit) -> None:
    unit.name = unit.name.strip()
    if unit.kind != HandlingUnit.Kind.STREET_OFFICE:
        unit.street = None


@transaction.atomic
def unit_create(
    *,
    by,
    district: Node,
    name: str,
    kind: str,
    street: Node | None = None,
    contact_person: str = "",
    phone: str = "",
    email: str = "",
    is_active: bool = True,
) -> HandlingUnit:
    _check_manager(by, district)
    unit = HandlingUnit(
        district=district,
        name=name,
        kind=kind,
        street=street,
        contact_person=contact_person.strip(),
        phone=phone.strip(),
        email=email.strip(),
        is_active=is_active,
    )
    _normalise(unit)
    _validate(unit)
    _save(unit)
    record_change(by=by, obj=unit, action=ADDED)
    return unit


@transaction.atomic
def unit_update(*, by, unit: HandlingUnit, **fields) -> HandlingUnit:
    """Change any of UNIT_FIELDS; the district is fixed. Records which fields changed."""
    _check_manager(by, unit.district)
    unknown = set(fields) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unit_update: unknown fields {sorted(unknown)}")
    before = {name: getattr(unit, name) for name in UNIT_FIELDS}
    for name, value in fields.items():
        setattr(unit, name, value.strip() if isinstance(value, str) and name != "kind" else value)
    _normalise(unit)
    changed = [name for name in UNIT_FIELDS if getattr(unit, name) != before[name]]
    if not changed:
        return unit
    _validate(unit)
    _save(unit, update_fields=changed)
    record_change(by=by, obj=unit, action=CHANGED, message=changed_fields_message(unit, changed))
    return unit
