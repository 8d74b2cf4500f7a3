"""Adding photos and PDFs to a case: each batch belongs to the event that added it (the intake, or
an "attach" event on the timeline)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from petitions.attachments import prepare_uploads, store
from petitions.models import Attachment, Petition, PetitionEvent
from petitions.services.core import check_allowed, record


def checked_files(files) -> list:
    """The files checked (photos re-encoded), or ValidationError({"attachments": [...]}) naming each bad one."""
    try:
        return prepare_uploads(files)
    except ValidationError as exc:
        raise ValidationError({"attachments": exc.messages}) from exc


def attachments_add(*, petition: Petition, event: PetitionEvent, by, files) -> list[Attachment]:
    """Store already checked `files` (see checked_files) for `event`; call inside transaction.atomic."""
    return store(petition=petition, event=event, by=by, prepared=checked_files(files))


@transaction.atomic
def petition_attach(*, petition: Petition, by, files, note: str = "") -> list[Attachment]:
    """Add files to a case at any stage, as one "attach" event on the timeline.

    The case's version is not bumped: adding a photo does not make someone else's open form stale.
    """
    check_allowed(by, "attach", petition)
    prepared = checked_files(files)
    if not prepared:
        raise ValidationError({"attachments": _("Choose at least one file.")})
    event = record(petition, by=by, action="attach", note=note.strip(), data={"files": len(prepared)})
    return store(petition=petition, event=event, by=by, prepared=prepared)
