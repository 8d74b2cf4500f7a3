"""Yearly activity targets per station, and each station's held meetings counted against them.

Targets are data (performance.models.assessment.Target): per district and year, a name, the meeting
kinds counted together, and the minimum per station. DEFAULT_TARGETS are DOMAIN §5's figures.
Only meetings with status "held" count, by their start in China time, at the station or any of its points.

`station_activity(*, stations, year)` is the read the dashboards use: two queries however many stations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.audit import ADDED, CHANGED, DELETED, record_change
from meetings.models import Meeting
from performance.assessment import can_keep_checklist
from performance.models.assessment import Target
from stations.models import Node

K = Meeting.Kind
# (name, kinds, minimum): names are data shown as typed; the defaults are in Chinese like the checklist.
DEFAULT_TARGETS = [
    ("代表议事会", [K.DELIBERATION], 2),  # Longgang: at least 2 a year
    ("议事类活动", [K.DELIBERATION, K.HEARING, K.LEGISLATIVE, K.VOTER_MEETING], 30),  # Longtian: at least 30 a year
    ("学习培训", [K.TRAINING], 1),
    ("自主选题调研", [K.RESEARCH], 1),
]
KIND_LABELS = dict(Meeting.Kind.choices)
NO_KINDS = gettext_lazy("Choose at least one kind of meeting.")


@dataclass
class TargetResult:
    target: Target
    count: int

    @property
    def met(self) -> bool:
        return self.count >= self.target.minimum

    @property
    def missing(self) -> int:
        return max(self.target.minimum - self.count, 0)


@dataclass
class StationActivity:
    station: Node
    counts: dict[str, int] = field(default_factory=dict)  # Meeting.Kind value → held meetings
    results: list[TargetResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def behind(self) -> bool:
        return any(not r.met for r in self.results)


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_default_timezone()
    return datetime.datetime(year, 1, 1, tzinfo=tz), datetime.datetime(year + 1, 1, 1, tzinfo=tz)


def targets_for(*, district_ids, year: int) -> list[Target]:
    return list(Target.objects.filter(district_id__in=sorted(set(district_ids)), year=year))


def station_activity(*, stations, year: int) -> list[StationActivity]:
    """Each station's held meetings of the year by kind, and its district's targets met or not.

    Queries: 1. held meetings grouped by (station, kind); 2. the targets of the stations' districts.
    (Plus one to list `stations` if it is a queryset.)
    """
    stations = list(stations)
    start, end = year_bounds(year)
    counts: dict[int, dict[str, int]] = {}
    grouped = (
        Meeting.objects.filter(
            station_id__in=[s.pk for s in stations], status=Meeting.Status.HELD, starts_at__gte=start,
            starts_at__lt=end,
        )
        .values("station_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped:
        counts.setdefault(row["station_id"], {})[row["kind"]] = row["n"]
    targets: dict[int, list[Target]] = {}
    for target in targets_for(district_ids=[s.district_id for s in stations], year=year):
        targets.setdefault(target.district_id, []).append(target)
    rows = []
    for station in stations:
        got = counts.get(station.pk, {})
        results = [
            TargetResult(target=t, count=sum(got.get(kind, 0) for kind in t.kinds))
            for t in targets.get(station.district_id, [])
        ]
        rows.append(StationActivity(station=station, counts=got, results=results))
    return rows


# --- services -----------------------------------------------------------------------------------


def _check(by, district: Node) -> None:
    if district.kind != Node.Kind.DISTRICT or not can_keep_checklist(by, district.pk):
        raise PermissionDenied


def _clean_kinds(kinds) -> list[str]:
    kinds = [k for k in dict.fromkeys(kinds) if k]
    if not kinds:
        raise ValidationError({"kinds": NO_KINDS})
    for kind in kinds:
        if kind not in KIND_LABELS:
            raise ValidationError({"kinds": _("Unknown kind of meeting: %(kind)s") % {"kind": kind}})
    return kinds


@transaction.atomic
def target_set(*, by, district: Node, year: int, name: str, kinds, minimum: int) -> Target:
    """Add a target, or change the one of that name (district staff of the district)."""
    _check(by, district)
    kinds = _clean_kinds(kinds)
    name = name.strip()
    target = Target.objects.select_for_update().filter(district=district, year=year, name=name).first()
    created = target is None
    if created:
        last = Target.objects.filter(district=district, year=year).order_by("-order").values_list("order", flat=True)
        target = Target(district=district, year=year, name=name, order=(last.first() or 0) + 1)
    target.kinds, target.minimum = kinds, minimum
    target.full_clean(validate_unique=False)
    target.save()
    record_change(
        by=by, obj=target, action=ADDED if created else CHANGED,
        message=_("Target: %(name)s at least %(minimum)d") % {"name": name, "minimum": minimum},
    )
    return target


@transaction.atomic
def target_delete(*, by, target: Target) -> None:
    _check(by, target.district)
    record_change(by=by, obj=target, action=DELETED, message=_("Target removed"))
    target.delete()


@transaction.atomic
def targets_set_defaults(*, by, district: Node, year: int) -> int:
    """DOMAIN §5's targets for a year that has none; returns how many were added (0 if any existed)."""
    _check(by, district)
    if Target.objects.filter(district=district, year=year).exists():
        return 0
    for name, kinds, minimum in DEFAULT_TARGETS:
        target_set(by=by, district=district, year=year, name=name, kinds=list(kinds), minimum=minimum)
    return len(DEFAULT_TARGETS)
