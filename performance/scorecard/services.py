"""District staff change point rules and quotas. Each change is a row from a year on (earlier years
keep the rules they were scored by) and one audit entry."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, record_change
from performance.models.scorecard import Metric, PointRule, Quota, Source
from performance.scorecard.rules import quotas_in_force, rules_in_force
from performance.scorecard.selectors import may_change_rules
from stations.models import Node


def editable_years(today=None) -> list[int]:
    """Rules change from this year or next: a past year stays scored by the rules it had."""
    year = (today or timezone.localdate()).year
    return [year, year + 1]


def _check(by, district: Node, year: int) -> None:
    if district.kind != Node.Kind.DISTRICT or not may_change_rules(by, district):
        raise PermissionDenied
    if year not in editable_years():
        raise ValidationError({"year": _("Rules can change from this year or next year only.")})


@transaction.atomic
def point_rules_set(*, by, district: Node, year: int, values: dict[str, tuple[int, bool]]) -> int:
    """Set the points (and whether they count) for each source from `year` on. Only sources whose
    value differs from what is in force get a row. Returns the number of rules changed."""
    _check(by, district, year)
    in_force = rules_in_force([district.pk], [year])[(district.pk, year)]
    changed = 0
    for source, (points, active) in values.items():
        Source(source)
        if not -100 <= points <= 100:
            raise ValidationError({f"points_{source}": _("Points must be between -100 and 100.")})
        current = in_force[source]
        if (current.points, current.active) == (points, active):
            continue
        rule, created = PointRule.objects.update_or_create(
            district=district, source=source, valid_from=year,
            defaults={"points": points, "active": active, "updated_by": by},
        )
        record_change(
            by=by, obj=rule, action=ADDED if created else CHANGED,
            message=_("%(source)s: %(old)+d → %(new)+d points%(off)s from %(year)d")
            % {
                "source": Source(source).label, "old": current.effective_points, "new": points,
                "off": "" if active else _(" (not counted)"), "year": year,
            },
        )
        changed += 1
    return changed


@transaction.atomic
def quotas_set(*, by, district: Node, year: int, values: dict[str, tuple[int, int | None]]) -> int:
    """Set each metric's minimum (and maximum) from `year` on; returns the number changed."""
    _check(by, district, year)
    in_force = quotas_in_force([district.pk], [year])[(district.pk, year)]
    changed = 0
    for metric, (minimum, maximum) in values.items():
        Metric(metric)
        if not 0 <= minimum <= 1000 or (maximum is not None and not 0 <= maximum <= 1000):
            raise ValidationError({f"min_{metric}": _("Quotas must be between 0 and 1000.")})
        if maximum is not None and maximum < minimum:
            raise ValidationError({f"max_{metric}": _("The maximum cannot be below the minimum.")})
        current = in_force[metric]
        if (current.minimum, current.maximum) == (minimum, maximum):
            continue
        quota, created = Quota.objects.update_or_create(
            district=district, metric=metric, valid_from=year,
            defaults={"minimum": minimum, "maximum": maximum, "updated_by": by},
        )
        record_change(
            by=by, obj=quota, action=ADDED if created else CHANGED,
            message=_("%(metric)s: at least %(min)d%(max)s from %(year)d")
            % {
                "metric": Metric(metric).label, "min": minimum,
                "max": _(", at most %(n)d") % {"n": maximum} if maximum is not None else "", "year": year,
            },
        )
        changed += 1
    return changed
