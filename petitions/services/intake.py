"""Taking a case in, from any channel: reception day, station entry, a deputy's snapshot, online."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petitions import notify
from petitions.models import Petition
from petitions.services.attachments import attachments_add, checked_files
from petitions.services.core import NotAllowed, record
from stations.models import Node
from stations.scope import scope_for

TRACKING_ATTEMPTS = 5


def _may_take_in(by, node: Node, channel: str) -> bool:
    """Clerks and committee staff take cases in at nodes they oversee; a deputy reports at a node
    they are placed at. Online cases come from residents (no user)."""
    if by is None:
        return channel == Petition.Channel.ONLINE
    scope = scope_for(by)
    if scope.is_admin or node.district_id in scope.district_ids or node.street_id in scope.street_ids:
        return True
    if node.station_id and node.station_id in scope.clerk_station_ids:
        return True
    return (
        channel == Petition.Channel.DEPUTY
        and scope.deputy_id is not None
        and (node.pk in scope.node_ids or (node.station_id and node.station_id in scope.station_ids))
    )


def _tracking_prefix(node: Node, day) -> str:
    station_code = node.station.code if node.station_id and node.station_id != node.pk else node.code
    return f"{station_code}-{day:%Y%m%d}-"


def _next_tracking_no(prefix: str) -> str:
    last = (
        Petition.objects.filter(tracking_no__startswith=prefix)
        .order_by("-tracking_no")
        .values_list("tracking_no", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def petition_create(
    *,
    by,
    node: Node,
    channel: str,
    resident_name: str,
    resident_phone: str,
    category,
    content: str,
    grade: str = Petition.Grade.NORMAL,
    community=None,
    place: str = "",
    hide_name_from_deputy: bool = False,
    reported_by=None,
    received_at=None,
    note: str = "",
    attachments=(),
) -> Petition:
    """Create a case with its tracking number (station code + date + sequence, e.g. LT01-20261126-0003).

    `by` is the user entering it, or None for a resident's online submission. `attachments`: uploaded
    photos/PDFs (checked here, all before anything is saved), kept with the "create" event. On a
    deputy's own snapshot report (channel "deputy") the resident's name and phone may be empty: the
    reporting deputy (`reported_by`) is who to ask.
    """
    if node.kind == Node.Kind.DISTRICT:
        raise ValidationError({"node": _("A case belongs to a deputies' home, a station or a point.")})
    if not _may_take_in(by, node, channel):
        raise NotAllowed(_("You cannot take in cases for this station."))
    received_at = received_at or timezone.now()
    petition = Petition(
        channel=channel,
        node=node,
        district_id=node.district_id,
        street_id=node.street_id,
        station_id=node.station_id,
        resident_name=resident_name.strip(),
        resident_phone=resident_phone.strip(),
        hide_name_from_deputy=hide_name_from_deputy,
        community=community,
        place=place.strip(),
        category=category,
        grade=grade,
        content=content.strip(),
        reported_by=reported_by,
        received_at=received_at,
        created_by=by,
        tracking_no="pending",
    )
    optional = ["resident_name", "resident_phone"] if channel == Petition.Channel.DEPUTY else []
    petition.full_clean(exclude=["tracking_no", *[f for f in optional if not getattr(petition, f)]])
    files = checked_files(attachments)
    prefix = _tracking_prefix(node, timezone.localdate(received_at))
    # Two clerks saving at the same instant may pick the same number: the unique index refuses
    # the second, which simply takes the next one.
    for _attempt in range(TRACKING_ATTEMPTS):
        petition.tracking_no = _next_tracking_no(prefix)
        try:
            with transaction.atomic():
                petition.save()
                event = record(
                    petition,
                    by=by,
                    action="create",
                    to_status=petition.status,
                    note=note,
                    actor_label="" if by else "resident",
                    at=received_at,
                    data={"channel": channel},
                )
                if files:
                    attachments_add(petition=petition, event=event, by=by, files=files)
            if channel != Petition.Channel.DEPUTY:
                transaction.on_commit(lambda: notify.resident_received(petition), robust=True)
            return petition
        except IntegrityError:
            petition.pk = None
            continue
    raise ValidationError(_("The case could not be numbered; please save again."))
