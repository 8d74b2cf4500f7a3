"""Writes of the reception rota (轮值): who is on duty, swaps, and the iCal feed tokens.

Attendance (present / late / absent) is marked when the reception is logged (issue 3 part 2).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from deputies.duty_selectors import eligible_deputies
from deputies.models import CalendarFeedToken, Deputy, Duty
from liaison.audit import CHANGED, record_change
from liaison.errors import DomainError
from stations.models import Node, Reception


def _lock_planned(reception: Reception) -> Reception:
    locked = Reception.objects.select_for_update().select_related("node").get(pk=reception.pk)
    if locked.status != Reception.Status.PLANNED:
        raise DomainError(_("The rota of a reception that is not planned cannot change."))
    return locked


def _names(duties) -> str:
    return "、".join(sorted(str(duty.deputy) for duty in duties)) or "—"


@transaction.atomic
def duty_assign(*, reception: Reception, deputies, by) -> list[Duty]:
    """Set the rota to exactly `deputies`: add the missing ones, remove the others. One audit row."""
    reception = _lock_planned(reception)
    wanted = {d.pk: d for d in deputies}
    eligible = set(eligible_deputies(reception).filter(pk__in=list(wanted)).values_list("pk", flat=True))
    strangers = [str(d) for pk, d in wanted.items() if pk not in eligible]
    if strangers:
        raise ValidationError(
            {"deputies": _("Not assigned to this station: %(names)s.") % {"names": "、".join(strangers)}}
        )
    current = {duty.deputy_id: duty for duty in reception.duties.select_related("deputy")}
    removed = [duty for pk, duty in current.items() if pk not in wanted]
    added = [Duty(reception=reception, deputy=d) for pk, d in wanted.items() if pk not in current]
    if not removed and not added:
        return list(current.values())
    Duty.objects.filter(pk__in=[duty.pk for duty in removed]).delete()
    Duty.objects.bulk_create(added)
    record_change(
        by=by,
        obj=reception,
        action=CHANGED,
        message=_("Rota: added %(added)s; removed %(removed)s.") % {"added": _names(added), "removed": _names(removed)},
    )
    return list(reception.duties.select_related("deputy").order_by("deputy__name"))


@transaction.atomic
def duty_swap(*, duty: Duty, with_deputy: Deputy, reason: str, by) -> Duty:
    """Hand a duty to another deputy of the station; the duty remembers whom it came from and why."""
    reason = (reason or "").strip()[:500]
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    reception = _lock_planned(duty.reception)
    duty = Duty.objects.select_for_update().select_related("deputy").get(pk=duty.pk)
    if with_deputy.pk == duty.deputy_id:
        raise ValidationError({"with_deputy": _("Choose another deputy.")})
    if not eligible_deputies(reception).filter(pk=with_deputy.pk).exists():
        raise ValidationError({"with_deputy": _("This deputy is not assigned to this station.")})
    if reception.duties.filter(deputy=with_deputy).exists():
        raise ValidationError({"with_deputy": _("This deputy is already on duty at this reception.")})
    previous = duty.deputy
    duty.swapped_with, duty.deputy, duty.swap_reason = previous, with_deputy, reason
    duty.save(update_fields=["swapped_with", "deputy", "swap_reason", "updated_at"])
    record_change(
        by=by,
        obj=reception,
        action=CHANGED,
        message=_("Duty swapped from %(old)s to %(new)s: %(reason)s")
        % {"old": previous, "new": with_deputy, "reason": reason},
    )
    return duty


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def feed_token_for(*, deputy: Deputy | None = None, node: Node | None = None) -> CalendarFeedToken:
    """The owner's feed token, created on first use."""
    owner = {"deputy": deputy} if deputy is not None else {"node": node}
    token, _created = CalendarFeedToken.objects.get_or_create(**owner, defaults={"token": _new_token()})
    return token


@transaction.atomic
def feed_token_regenerate(*, by, deputy: Deputy | None = None, node: Node | None = None) -> CalendarFeedToken:
    """A new secret: the old feed URL stops working (a phone lost, a link shared too widely)."""
    token = feed_token_for(deputy=deputy, node=node)
    token.token = _new_token()
    token.save(update_fields=["token"])
    record_change(by=by, obj=token, action=CHANGED, message=_("Calendar feed link renewed."))
    return token
