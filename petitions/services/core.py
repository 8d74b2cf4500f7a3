"""The one way a case changes state: check who, update conditionally, write the event."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.errors import DomainError
from petitions import rules, workflow
from petitions.models import Petition, PetitionEvent


class NotAllowed(DomainError):
    """The user's role does not include this action on this case (views answer 403)."""


class StaleCase(DomainError):
    """Someone else changed the case since the form was opened (no lost update)."""


def check_allowed(by, rule: str, petition: Petition) -> None:
    if by is not None and not rules.can(by, rule, petition):
        raise NotAllowed(_("Your role does not allow this on this case."))


def record(
    petition: Petition,
    *,
    by,
    action: str,
    note: str = "",
    data: dict | None = None,
    from_status: str = "",
    to_status: str = "",
    actor_label: str = "",
    at=None,
) -> PetitionEvent:
    return PetitionEvent.objects.create(
        petition=petition,
        at=at or timezone.now(),
        actor=by,
        actor_label=actor_label,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
    )


def transition(
    petition: Petition,
    *,
    action: str,
    by,
    to_status: str | None = None,
    expected_version: int | None = None,
    note: str = "",
    data: dict | None = None,
    fields: dict | None = None,
    actor_label: str = "",
    now=None,
) -> PetitionEvent:
    """Move `petition` by `action`; call inside transaction.atomic.

    1. A conditional UPDATE on (pk, status in the action's sources[, version]) changes the row,
       so of two users acting at once exactly one wins.
    2. No row updated: the case moved meanwhile (StaleCase) or the action does not apply to its
       status (DomainError, with the status the user should see).
    3. The in-memory object is refreshed and one event row is written.
    """
    now = now or timezone.now()
    target = to_status or workflow.target_of(action)
    updates = dict(fields or {})
    if target:
        updates["status"] = target
    rows = Petition.objects.filter(pk=petition.pk, status__in=workflow.allowed_from(action))
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, updated_at=now, **updates):
        current = Petition.objects.get(pk=petition.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleCase(
                _(
                    "Someone else changed this case a moment ago (it is now “%(status)s”). "
                    "Reload the page and try again."
                )
                % {"status": current.get_status_display()}
            )
        raise DomainError(
            _("This cannot be done while the case is “%(status)s”.") % {"status": current.get_status_display()}
        )
    from_status = petition.status
    petition.refresh_from_db()
    return record(
        petition,
        by=by,
        action=action,
        note=note,
        data=data,
        from_status=from_status,
        to_status=target or "",
        actor_label=actor_label,
        at=now,
    )
