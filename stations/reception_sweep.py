"""The missed-reception sweep: a planned reception day whose date passed more than N days ago
(settings.LIAISON_RECEPTION_MISSED_AFTER_DAYS) without being logged becomes `missed`, and the
station's clerks and its street's committee staff are told.

Safe to run twice or concurrently: each flip is a conditional update (planned → missed), and the
notification carries one key per reception, so a repeated run changes and notifies nothing twice.
The Celery task (stations.tasks) and the management command call the same function.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import notify
from stations.models import Reception
from stations.scope import scope_for

NOTIFY_KIND = "reception_missed"


@dataclass
class SweepResult:
    due: list[int] = field(default_factory=list)  # receptions found overdue (all of them on a dry run)
    flipped: list[int] = field(default_factory=list)  # those this run marked missed


def missed_cutoff(now: dt.datetime) -> dt.date:
    """Receptions dated before this day are overdue: the date passed by more than N days."""
    return timezone.localdate(now) - dt.timedelta(days=settings.LIAISON_RECEPTION_MISSED_AFTER_DAYS)


def overdue_receptions(now: dt.datetime) -> QuerySet[Reception]:
    return Reception.objects.filter(status=Reception.Status.PLANNED, date__lt=missed_cutoff(now))


def _recipients(reception: Reception) -> list:
    """The clerks of its station and the staff of its street (active accounts only)."""
    nodes = Q(positions__node_id=reception.station_id) if reception.station_id else Q(pk__in=[])
    if reception.street_id:
        nodes |= Q(positions__node_id=reception.street_id)
    return list(get_user_model().objects.filter(nodes, is_active=True).distinct())


def _link(reception: Reception) -> str:
    try:
        return reverse("stations:reception_detail", args=[reception.pk])
    except NoReverseMatch:  # the reception pages are not installed
        return ""


def _notify(reception: Reception) -> None:
    # Stored as written: in the portal's language, that of its users.
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Reception not logged: %(place)s, %(date)s") % {
            "place": reception.node.display_name,
            "date": reception.date.isoformat(),
        }
        body = _(
            "The reception day of %(date)s has not been logged %(days)d days later and is now marked as missed. "
            "If it was held, log it now; otherwise note why it was not."
        ) % {"date": reception.date.isoformat(), "days": settings.LIAISON_RECEPTION_MISSED_AFTER_DAYS}
    notify(
        users=_recipients(reception),
        kind=NOTIFY_KIND,
        title=title,
        body=body,
        url=_link(reception),
        key=f"reception:{reception.pk}:missed",
    )


def sweep_missed_receptions(*, now: dt.datetime, dry_run: bool = False) -> SweepResult:
    """Flag overdue reception days as missed and tell the people who should have logged them.

    1. Find planned receptions dated before today − N days (indexed on status, date).
    2. For each, in its own transaction: flip planned → missed with a conditional update; only the
       run whose update changed the row goes on (another run, or a clerk logging it meanwhile, wins).
    3. Notify its station's clerks and street staff with the key reception:<pk>:missed (at most once).
    With `dry_run`, only report what would be flagged.
    """
    result = SweepResult()
    for reception in overdue_receptions(now).select_related("node").order_by("date", "pk"):
        result.due.append(reception.pk)
        if dry_run:
            continue
        with transaction.atomic():
            changed = Reception.objects.filter(pk=reception.pk, status=Reception.Status.PLANNED).update(
                status=Reception.Status.MISSED, updated_at=now
            )
            if not changed:
                continue
            reception.status = Reception.Status.MISSED
            _notify(reception)
        result.flipped.append(reception.pk)
    return result


def missed_receptions_for(user, *, limit: int = 10) -> tuple[list[Reception], int]:
    """Missed reception days in the user's clerk or staff positions, newest first, and how many."""
    scope = scope_for(user)
    if scope.role in ("none", "deputy"):
        return [], 0
    missed = Reception.objects.filter(scope.positions_q(), status=Reception.Status.MISSED)
    items = list(missed.select_related("node").order_by("-date", "-pk")[:limit])
    # One query on a home page, a second only when the list is full.
    return items, (missed.count() if len(items) == limit else len(items))
