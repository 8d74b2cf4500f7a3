"""Scorecards for a set of deputies and years, in a constant number of queries:

1. the deputies' rows (one query, `.values()`);
2. every count, grouped by deputy and year (counts.count_records: eight queries);
3. the rules and quotas in force (one query each).
Points = Σ count × points of the rule in force for the deputy's district that year.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import QuerySet

from performance.models.scorecard import Metric, Source
from performance.scorecard import counts as c
from performance.scorecard.rules import QuotaInForce, RuleInForce, quotas_in_force, rules_in_force

# How each quota metric is made of counts.
METRIC_PARTS: dict[str, tuple[str, ...]] = {
    # Visits to stations and points: reception duties attended, and activities held at a station or point.
    Metric.VISITS: (Source.DUTY_ATTENDED, c.AT_STATION),
    Metric.VOTER_CONTACTS: (Source.VOTER_CONTACT,),
    Metric.CASES_SOLVED: (Source.CASE_SOLVED,),
    Metric.SUGGESTIONS: (Source.SUGGESTION,),
    Metric.ACTIVITIES: (Source.MEETING_ATTENDED, Source.RESEARCH_ATTENDED),
    # "Followed" a suggestion: a case in their charge referred to a unit and answered in writing.
    Metric.SUGGESTIONS_FOLLOWED: (Source.SUGGESTION_FOLLOWED,),
}


@dataclass(frozen=True)
class PointLine:
    rule: RuleInForce
    count: int

    @property
    def source(self) -> str:
        return self.rule.source

    @property
    def subtotal(self) -> int:
        return self.count * self.rule.effective_points


@dataclass(frozen=True)
class QuotaProgress:
    quota: QuotaInForce
    value: int

    @property
    def metric(self) -> str:
        return self.quota.metric

    @property
    def met(self) -> bool:
        return self.value >= self.quota.minimum

    @property
    def over(self) -> bool:
        return self.quota.maximum is not None and self.value > self.quota.maximum

    @property
    def percent(self) -> int:
        """The progress bar's width: the share of the minimum reached, at most 100."""
        if self.quota.minimum <= 0:
            return 100
        return min(100, self.value * 100 // self.quota.minimum)


class Scorecard:
    """One deputy's year. Points and "behind" are plain arithmetic on the counts (cheap for 50,000
    cards); the per-source lines and quota bars are built only when a page shows them."""

    __slots__ = ("deputy_id", "year", "deputy", "counts", "_rules", "_quotas", "points", "__dict__")

    def __init__(self, *, deputy: dict, year: int, counts, rules: dict[str, RuleInForce],
                 quotas: dict[str, QuotaInForce]):
        self.deputy_id = deputy["id"]
        self.year = year
        self.deputy = deputy  # the deputy's row: id, name, district_id and any extra fields asked for
        self.counts = counts
        self._rules = rules
        self._quotas = quotas
        self.points = sum(counts[source] * rule.effective_points for source, rule in rules.items())

    @property
    def name(self) -> str:
        return self.deputy.get("name", "")

    @cached_property
    def lines(self) -> list[PointLine]:
        return [PointLine(rule, self.counts[source]) for source, rule in self._rules.items()]

    @cached_property
    def quotas(self) -> list[QuotaProgress]:
        return [QuotaProgress(quota, self.metric(metric)) for metric, quota in self._quotas.items()]

    @property
    def caseload(self) -> int:
        return self.counts[c.CASELOAD]

    @property
    def solved(self) -> int:
        return self.counts[Source.CASE_SOLVED]

    @property
    def raised(self) -> int:
        """Issues raised: cases in their charge, and their snapshot reports handled by someone else."""
        return self.counts[c.CASELOAD] + self.counts[c.REPORTED_ELSEWHERE]

    @property
    def solve_rate(self) -> int | None:
        """Solved cases as a percentage of the caseload (None with no caseload)."""
        return self.solved * 100 // self.caseload if self.caseload else None

    def metric(self, metric: str) -> int:
        return sum(self.counts[key] for key in METRIC_PARTS[metric])

    @property
    def activities(self) -> int:
        return self.metric(Metric.ACTIVITIES)

    @property
    def visits(self) -> int:
        return self.metric(Metric.VISITS)

    @cached_property
    def is_behind(self) -> bool:
        return any(self.metric(metric) < quota.minimum for metric, quota in self._quotas.items())

    @property
    def behind(self) -> list[QuotaProgress]:
        return [q for q in self.quotas if not q.met]


def scorecards(deputies: QuerySet, *, first: int, last: int, fields: tuple[str, ...] = ()) -> list[Scorecard]:
    """One scorecard per deputy and year (first..last), in the deputies' order, years ascending.

    `deputies` is a Deputy queryset (already scoped); `fields` are extra `.values()` columns to carry
    (e.g. "street__name") for the page. Eleven queries, whatever the number of deputies.
    """
    rows = list(deputies.values("id", "name", "district_id", *fields))
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    counted = c.count_records(deputies=ids if len(ids) <= c.ID_LIST_MAX else deputies, first=first, last=last)
    years = range(first, last + 1)
    districts = {row["district_id"] for row in rows}
    rules = rules_in_force(districts, years)
    quotas = quotas_in_force(districts, years)
    return [
        Scorecard(
            deputy=row, year=year, counts=counted[row["id"]][year],
            rules=rules[(row["district_id"], year)], quotas=quotas[(row["district_id"], year)],
        )
        for row in rows
        for year in years
    ]


SORTS = {
    "name": lambda card: card.name,
    "points": lambda card: card.points,
    "raised": lambda card: card.raised,
    "solved": lambda card: card.solved,
    "rate": lambda card: -1 if card.solve_rate is None else card.solve_rate,
    "caseload": lambda card: card.caseload,
    "activities": lambda card: card.activities,
    "visits": lambda card: card.visits,
}


def sort_cards(cards: list[Scorecard], key: str) -> list[Scorecard]:
    """Sort by a column (`-` for descending); ties by name, then id, so pages are stable."""
    desc = key.startswith("-")
    column = key.lstrip("-")
    if column not in SORTS:
        column, desc = "points", True
    ordered = sorted(cards, key=lambda card: (card.name, card.deputy_id))
    return sorted(ordered, key=SORTS[column], reverse=desc)
