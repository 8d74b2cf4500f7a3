"""The reception-days half of the demo plan (see petitions/demo_data.py for the cases): one rule per
station, the rota of each day, what became of each past day, and what its log says.

Pure functions of the network plan, the anchor date and the receptions the rules produced.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from dateutil.relativedelta import relativedelta

from deputies.demo_data import SEED, Plan, _pick
from petitions.demo_texts import NOTES

MONTHS_BACK = 3  # reception days are generated from three months before the anchor…
MONTHS_AHEAD = 3  # …to three months after it
ATTENDANCE = [("present", 86), ("late", 9), ("absent", 5)]
LEFT_UNLOGGED_SHARE = 0.08  # past reception days nobody logged: the missed-reception sweep flags them


@dataclass
class RulePlan:
    station_code: str
    fields: dict


@dataclass
class ReceptionRow:
    """A reception the rules produced, as read back: the input of reception_outcomes()."""

    pk: int
    station_code: str
    rule_date: date
    date: date
    start_time: time
    end_time: time


@dataclass
class LogPlan:
    residents_received: int
    notes: str
    attendance: list[str]  # one mark per deputy on duty, in rota order


def window(anchor: date) -> tuple[date, date]:
    """The days reception days are generated for: three months either side of the anchor."""
    return anchor - relativedelta(months=MONTHS_BACK), anchor + relativedelta(months=MONTHS_AHEAD)


def rule_plans(plan: Plan, anchor: date) -> list[RulePlan]:
    """One rule per station, in a mix: the second Tuesday, the 15th, every Wednesday, explicit dates
    (three a month); mostly at the station (候访), every seventh by appointment, every ninth visits."""
    start, end = window(anchor)
    explicit = []
    for months in range(-MONTHS_BACK, MONTHS_AHEAD + 1):
        first = (anchor + relativedelta(months=months)).replace(day=1)
        for day in (6, 16, 26):
            d = first.replace(day=day)
            d += timedelta(days=(7 - d.weekday()) % 7 if d.weekday() >= 5 else 0)  # a weekend → Monday
            if start <= d <= end:
                explicit.append(d.isoformat())
    patterns = [
        {"kind": "nth_weekday", "nth": 2, "weekday": 1},
        {"kind": "month_day", "day_of_month": 15},
        {"kind": "weekly", "weekday": 2},
        {"kind": "month_day", "day_of_month": 15},
        {"kind": "nth_weekday", "nth": 2, "weekday": 1},
        {"kind": "dates", "dates": explicit},
    ]
    rules = []
    for i, station in enumerate(plan.stations):
        morning = i % 2 == 0
        fields = {
            **patterns[i % len(patterns)],
            "start_time": time(9, 0) if morning else time(14, 30),
            "end_time": time(11, 30) if morning else time(17, 30),
            "place": f"{station.name}接待室",
            "mode": "station",
            "valid_from": start,
        }
        if i % 7 == 4:
            fields |= {"mode": "appointment", "slot_minutes": 30, "slot_capacity": 3}
        elif i % 9 == 6:
            fields |= {"mode": "visit", "place": f"{station.communities[0]}入户走访"}
        rules.append(RulePlan(station.code, fields))
    return rules


def station_deputies(plan: Plan) -> dict[str, list[int]]:
    """Deputy indices per station: assigned to it or to one of its points (its head first)."""
    parent = {p.code: p.parent_code for p in plan.points}
    found: dict[str, list[int]] = {s.code: [] for s in plan.stations}
    for i, deputy in enumerate(plan.deputies):
        for code, role in deputy.assignments:
            station = code if code in found else parent.get(code)
            if station and i not in found[station]:
                found[station].insert(0, i) if role == "head" else found[station].append(i)
    return found


def rota(plan: Plan, station_code: str, k: int, deputies: list[int]) -> list[int]:
    """Who is on duty at the station's k-th reception day: 2–3 deputies, taking turns. At the
    `clerk` account's station its head (the `deputy` account) is always on duty."""
    if not deputies:
        return []
    size = min(len(deputies), 3 if k % 3 == 0 else 2)
    if station_code == plan.stations[0].code:
        others = deputies[1:] or deputies
        return [deputies[0], *dict.fromkeys(others[(k + j) % len(others)] for j in range(size - 1))]
    return list(dict.fromkeys(deputies[(2 * k + j) % len(deputies)] for j in range(size)))


def reception_outcomes(rows: list[ReceptionRow], anchor: date, plan: Plan) -> dict[int, str]:
    """What became of each reception day: "held" (logged), "left" (past but never logged),
    "cancel" (one at the clerk's station, with a reason) or "planned" (the anchor day and later)."""
    outcomes = {}
    past = sorted((r for r in rows if r.date < anchor), key=lambda r: (r.date, r.station_code, r.pk))
    for row in rows:
        rng = random.Random(f"{SEED}:reception:{row.station_code}:{row.rule_date}")
        if row.date >= anchor:
            outcomes[row.pk] = "planned"
        elif (anchor - row.date).days > 3 and rng.random() < LEFT_UNLOGGED_SHARE:
            outcomes[row.pk] = "left"
        else:
            outcomes[row.pk] = "held"
    clerk_past = [r for r in past if r.station_code == plan.stations[0].code]
    if len(clerk_past) >= 2:
        outcomes[clerk_past[1].pk] = "cancel"
    other = [r for r in past if r.station_code != plan.stations[0].code and (anchor - r.date).days > 3]
    if other and "left" not in outcomes.values():
        outcomes[other[0].pk] = "left"  # at least one, however small the district
    return outcomes


def log_plan(row: ReceptionRow, duties: int, issues: int) -> LogPlan:
    rng = random.Random(f"{SEED}:log:{row.station_code}:{row.rule_date}")
    marks = [_pick(rng, ATTENDANCE) for _ in range(duties)]
    if marks and "present" not in marks:
        marks[0] = "present"
    residents = issues + rng.randint(1, 9)
    notes = rng.choice(NOTES["log"]).format(residents=residents, issues=issues)
    return LogPlan(residents, notes, marks)
