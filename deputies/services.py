"""Writes to deputies and their assignments. Views, imports and seed_demo all come through here."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from deputies.models import Assignment, Deputy, Specialty, VoterContact
from liaison import uploads
from liaison.audit import ADDED, CHANGED, DELETED, changed_fields_message, record_change
from liaison.uploads import reencode_image
from stations.models import Node

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
# Stored photos are re-encoded at most this size: enough for a profile, small on disk.
PHOTO_MAX_SIDE = 1600

_MOBILE = re.compile(r"^1\d{10}$")
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")
_SPECIALTY_SEPARATORS = re.compile(r"[,，、;；\n]+")

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


def split_specialties(text: str) -> list[str]:
    """ "律师、医生, 教育" → ["律师", "医生", "教育"]: commas (either width), 、 or semicolons; no repeats."""
    names = [n.strip() for n in _SPECIALTY_SEPARATORS.split(text or "")]
    return list(dict.fromkeys(n for n in names if n))


def normalize_phone(value: str) -> str:
    """A mainland mobile (11 digits starting with 1) or a landline (0755-12345678, 12345678,
    0755-12345678-801); spaces are dropped. Raises ValidationError otherwise."""
    phone = re.sub(r"\s+", "", value or "")
    if _MOBILE.match(phone) or _LANDLINE.match(phone):
        return phone
    raise ValidationError(
        _("Enter a mobile number (11 digits starting with 1) or a landline number such as 0755-12345678."),
        code="invalid_phone",
    )


def photo_prepare(upload) -> ContentFile:
    """Check an uploaded photo by its content and re-encode it as a plain JPEG without EXIF/GPS
    (liaison.uploads.reencode_image: at most PHOTO_MAX_BYTES and PHOTO_MAX_PIXELS, JPEG/PNG/WebP only,
    shrunk to PHOTO_MAX_SIDE). The stored name is random (the model's upload_to)."""
    try:
        data = reencode_image(upload, max_bytes=PHOTO_MAX_BYTES, max_pixels=PHOTO_MAX_PIXELS, max_side=PHOTO_MAX_SIDE)
    except ValidationError as exc:
        messages = {
            uploads.TOO_LARGE: _("The photo is larger than 5 MB."),
            uploads.TOO_MANY_PIXELS: _("The photo has more than 40 megapixels."),
        }
        raise ValidationError({"photo": messages.get(exc.code, _("Upload a JPEG, PNG or WebP photo."))}) from exc
    return ContentFile(data, name="photo.jpg")


def _prepare_fields(fields: dict) -> dict:
    """photo: a fresh upload is checked and re-encoded here, whoever calls (form, admin, import);
    False (the form's "clear" box) removes the photo; None leaves it as it is."""
    if "photo" not in fields:
        return fields
    photo = fields["photo"]
    if photo is None:
        return {k: v for k, v in fields.items() if k != "photo"}
    if photo is False:
        return {**fields, "photo": ""}
    if isinstance(photo, UploadedFile):
        return {**fields, "photo": photo_prepare(photo)}
    return fields


@transaction.atomic
def deputy_create(*, by, specialties=(), specialty_names=None, **fields) -> Deputy:
    """`specialties`: Specialty rows; or `specialty_names`: names, new ones created in the same transaction."""
    fields = _prepare_fields(fields)
    deputy = Deputy(**{k: v for k, v in fields.items() if k in DEPUTY_FIELDS})
    deputy.full_clean()
    _check_street(deputy)
    deputy.save()
    if specialty_names is not None:
        specialties = specialties_from_names(specialty_names)
    if specialties:
        deputy.specialties.set(specialties)
    record_change(by=by, obj=deputy, action=ADDED, message=_("Deputy added"))
    return deputy


@transaction.atomic
def deputy_update(*, by, deputy: Deputy, specialties=None, specialty_names=None, **fields) -> Deputy:
    fields = _prepare_fields(fields)
    changed = [k for k, v in fields.items() if k in DEPUTY_FIELDS and getattr(deputy, k) != v]
    old_photo = deputy.photo.name if "photo" in changed else ""
    for key in changed:
        setattr(deputy, key, fields[key])
    deputy.full_clean()
    _check_street(deputy)
    if changed:
        deputy.save(update_fields=[*changed, "updated_at"])
    if old_photo:
        # The replaced file goes once the new one is committed; a rollback keeps it.
        storage = deputy.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    if specialty_names is not None:
        specialties = specialties_from_names(specialty_names)
    if specialties is not None:
        before = set(deputy.specialties.values_list("pk", flat=True))
        if before != {s.pk for s in specialties}:
            deputy.specialties.set(specialties)
            changed.append("specialties")
    if changed:
        record_change(by=by, obj=deputy, action=CHANGED, message=changed_fields_message(deputy, changed))
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
    try:
        contact.phone = normalize_phone(contact.phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from exc
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
