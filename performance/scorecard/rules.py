"""The point rules and quotas in force for a district in a year.

A row (district, source, from year) replaces the built-in default from that year on, until a row
with a later year; so history stays computable: a year is always scored by the rules of that year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from performance.models.scorecard import Metric, PointRule, Quota, Source
from performance.scorecard.defaults import DEFAULT_POINTS, DEFAULT_QUOTAS


@dataclass(frozen=True)
class RuleInForce:
    source: str
    points: int
    active: bool
    since: int | None  # the row's year; None: the built-in default

    @property
    def label(self) -> str:
        return Source(self.source).label

    @property
    def effective_points(self) -> int:
        return self.points if self.active else 0


@dataclass(frozen=True)
class QuotaInForce:
    metric: str
    minimum: int
    maximum: int | None
    since: int | None

    @property
    def label(self) -> str:
        return Metric(self.metric).label


def _defaults_rules() -> dict[str, RuleInForce]:
    return {s: RuleInForce(s, DEFAULT_POINTS[s], True, None) for s in Source.values}


def _defaults_quotas() -> dict[str, QuotaInForce]:
    return {m: QuotaInForce(m, *DEFAULT_QUOTAS[m], None) for m in Metric.values}


def rules_in_force(district_ids: Iterable[int], years: Iterable[int]) -> dict[tuple[int, int], dict[str, RuleInForce]]:
    """{(district id, year): {source: rule}} in one query."""
    district_ids, years = sorted(set(district_ids)), sorted(set(years))
    rows = list(
        PointRule.objects.filter(district_id__in=district_ids, valid_from__lte=years[-1] if years else 0)
        .order_by("valid_from")
        .values_list("district_id", "source", "points", "active", "valid_from")
    )
    table = {}
    for district_id in district_ids:
        mine = [r for r in rows if r[0] == district_id]
        for year in years:
            rules = _defaults_rules()
            for _d, source, points, active, since in mine:
                if since <= year and source in rules:
                    rules[source] = RuleInForce(source, points, active, since)
            table[(district_id, year)] = rules
    return table


def quotas_in_force(
    district_ids: Iterable[int], years: Iterable[int]
) -> dict[tuple[int, int], dict[str, QuotaInForce]]:
    """{(district id, year): {metric: quota}} in one query."""
    district_ids, years = sorted(set(district_ids)), sorted(set(years))
    rows = list(
        Quota.objects.filter(district_id__in=district_ids, valid_from__lte=years[-1] if years else 0)
        .order_by("valid_from")
        .values_list("district_id", "metric", "minimum", "maximum", "valid_from")
    )
    table = {}
    for district_id in district_ids:
        mine = [r for r in rows if r[0] == district_id]
        for year in years:
            quotas = _defaults_quotas()
            for _d, metric, minimum, maximum, since in mine:
                if since <= year and metric in quotas:
                    quotas[metric] = QuotaInForce(metric, minimum, maximum, since)
            table[(district_id, year)] = quotas
    return table
