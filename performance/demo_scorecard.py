"""Demo data of the scorecard area: the district's point rules and quotas, written as rows so the
rules page shows them as the district's own (the built-in defaults apply anyway). Idempotent."""

from __future__ import annotations

from performance.models.scorecard import PointRule, Quota
from performance.scorecard.defaults import DEFAULT_POINTS, DEFAULT_QUOTAS

HISTORY = 2  # rows from two years back, so the demo's earlier years are scored by them too


def seed(*, district, now) -> None:
    since = now.year - HISTORY
    for source, points in DEFAULT_POINTS.items():
        PointRule.objects.get_or_create(district=district, source=source, valid_from=since, defaults={"points": points})
    for metric, (minimum, maximum) in DEFAULT_QUOTAS.items():
        Quota.objects.get_or_create(
            district=district, metric=metric, valid_from=since, defaults={"minimum": minimum, "maximum": maximum}
        )
