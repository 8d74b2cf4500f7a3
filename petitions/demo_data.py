"""The cases half of the `manage.py seed_demo` plan (the network and deputies are planned in
deputies/demo_data.py, reception days in petitions/demo_receptions.py): handling units, category ↔
specialty links, and ~300 residents' cases with the path each one walks through the workflow.

Everything here is a pure function of its arguments (the network plan, the anchor date, the held
reception days): no database, no clock. `anchor` is the day the demo was first
seeded; all planned times lie before it, so a later run plans exactly the same rows.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from deputies.demo_data import DISTRICT, ROADS, SEED, Plan, _mobile, _person, _pick
from petitions.demo_receptions import ReceptionRow, station_deputies
from petitions.demo_texts import (
    CATEGORY_SPECIALTIES,
    CATEGORY_WEIGHTS,
    CONTENTS,
    DEPARTMENTS,
    DISTRICT_OFFICE,
    NOTES,
    REPLIES,
)

CHINA = ZoneInfo("Asia/Shanghai")
CHANNELS = [("reception", 35), ("station", 30), ("deputy", 15), ("online", 20)]
GRADES = [("normal", 85), ("urgent", 12), ("major", 3)]
REPLY_CLASSES = [("A", 70), ("B", 20), ("C", 7), ("D", 3)]

# What happened to a case after it was taken in ("create"), and when its last step was, in days
# before the anchor. Tokens: "rate" is a satisfied or mostly-satisfied rating, "rate_unsat" opens a
# review, "rereply" is the unit's second reply during one. Special scenarios are pinned to a date.
REFER = ["assign", "refer", "acknowledge", "reply"]
SCENARIOS: dict[str, tuple[int, str, list[str] | None, tuple[int, int]]] = {
    "new": (12, "received", [], (1, 6)),
    "assigned": (18, "assigned", ["assign"], (1, 12)),
    "resolved": (8, "resolved", ["assign", "resolve"], (1, 10)),
    "referred": (12, "referred", ["assign", "refer"], (1, 12)),
    "acknowledged": (24, "acknowledged", ["assign", "refer", "acknowledge"], (8, 75)),
    "due_soon": (6, "acknowledged", None, (1, 6)),  # the reply is due in 1–6 days
    "overdue": (12, "acknowledged", None, (2, 50)),  # the reply was due 2–50 days ago (LATENESS)
    "referred_overdue": (3, "referred", None, (2, 20)),  # never acknowledged, due from the sending
    "extended": (0, "acknowledged", None, (4, 4)),  # an approved extension: just the one
    "replied": (12, "replied", REFER, (1, 10)),
    "informed": (10, "informed", None, (1, 10)),
    "rated": (10, "rated", None, (1, 7)),
    "review": (8, "review", [*REFER, "inform", "rate_unsat"], (3, 20)),
    "closed_resolved": (60, "closed", ["assign", "resolve", "inform", "rate", "close"], (1, 260)),
    "closed_referred": (66, "closed", [*REFER, "inform", "rate", "close"], (1, 220)),
    "closed_review": (
        5,
        "closed",
        [*REFER, "inform", "rate_unsat", "rereply", "inform", "rate", "close"],
        (1, 150),
    ),
    "withdrawn": (8, "withdrawn", ["assign", "withdraw"], (1, 150)),
    "merged": (6, "merged", ["merge"], (0, 0)),  # a duplicate, merged into an earlier case (并案)
    "escalated": (6, "escalated", ["assign", "escalate"], (1, 150)),
}
# Days between a step and the one before it.
GAPS = {
    "assign": (0, 3),
    "resolve": (2, 20),
    "refer": (1, 6),
    "acknowledge": (0, 4),
    "reply": (15, 70),
    "rereply": (7, 25),
    "inform": (0, 4),
    "rate": (0, 5),
    "rate_unsat": (0, 5),
    "close": (0, 3),
    "withdraw": (2, 15),
    "merge": (1, 4),
    "escalate": (5, 30),
}
# The demo `deputy` account's own cases, in this order of preference: something in every state.
DEPUTY_SCENARIOS = [
    "acknowledged",
    "overdue",
    "assigned",
    "due_soon",
    "review",
    "replied",
    "closed_referred",
    "closed_resolved",
]
# Days late of the overdue cases in turn: each step of the escalation ladder (overdue, +15 days to
# the district, +30 days to a supervision meeting) shows even in a small demo.
LATENESS = [40, 18, 5, 25, 9, 33, 3, 12, 45, 21, 7, 50]
CLERK_STATION_SHARE = 15  # the `clerk` account's station gets one case in 15 (20 of 300)
DEPUTY_SHARE = 37.5  # the `deputy` account gets one case in 37.5 (8 of 300)


@dataclass
class UnitPlan:
    name: str
    kind: str
    street_code: str | None
    contact_person: str
    phone: str


@dataclass
class CasePlan:
    key: int
    scenario: str
    status: str
    node_code: str
    station_code: str
    street_code: str
    channel: str
    category: str
    grade: str
    content: str
    place: str
    community: str
    resident_name: str
    resident_phone: str
    hide_name: bool
    received_at: datetime
    steps: list[tuple[str, datetime]]
    deputy_index: int | None = None
    reported_by_index: int | None = None
    route: str = "street"
    unit_name: str = ""  # on the district route
    reply_class: str = "A"
    rating: str = "satisfied"
    texts: dict[str, str] = field(default_factory=dict)
    twin: int | None = None  # merged into this case's key
    reception_pk: int | None = None  # raised at this logged reception day


# Handling units and specialties -----------------------------------------------------------


def unit_plans(plan: Plan) -> list[UnitPlan]:
    rng = random.Random(f"{SEED}:units")
    units = [
        UnitPlan(f"{s.name}办事处", "street_office", s.code, _person(rng, "m"), _landline(rng)) for s in plan.streets
    ]
    units.append(UnitPlan(district_office_name(), "district_office", None, _person(rng, "f"), _landline(rng)))
    units += [UnitPlan(name, "department", None, _person(rng, "m"), _landline(rng)) for name, _c in DEPARTMENTS]
    return units


def district_office_name() -> str:
    return f"{DISTRICT[0]}人民政府办公室"


def category_specialties() -> dict[str, list[str]]:
    return CATEGORY_SPECIALTIES


def _landline(rng: random.Random) -> str:
    return f"0755-{rng.randint(2800, 2899)}{rng.randint(0, 9999):04d}"


# Cases ----------------------------------------------------------------------------------------


def quotas(count: int) -> Counter:
    """How many cases follow each scenario: in proportion to the weights, at least one of each
    when `count` allows it (so every status shows in a small demo too)."""
    names = list(SCENARIOS)
    if count <= 0:
        return Counter()
    floor = 1 if count >= len(names) else 0
    spare = count - floor * len(names)
    total = sum(SCENARIOS[n][0] for n in names)
    exact = {n: spare * SCENARIOS[n][0] / total for n in names}
    result = Counter({n: floor + int(exact[n]) for n in names})
    by_remainder = sorted(names, key=lambda n: (-(exact[n] - int(exact[n])), names.index(n)))
    for n in by_remainder[: count - sum(result.values())]:
        result[n] += 1
    return +result


def build_cases(plan: Plan, anchor: date, count: int, held: list[ReceptionRow]) -> list[CasePlan]:
    """`count` cases over the ~10 months before `anchor`, sorted by when they were received.

    1. Scenario quotas; the `deputy` account's cases first, then the rest of the `clerk` account's
       station, then the other stations (weighted by nothing: a uniform draw).
    2. Each case gets a category (weighted), a content line with its place, a resident, a
       channel, and step times built back from its last step (or a pinned deadline).
    3. Cases raised on a reception day are tied to a held reception of their station on or just
       before that day, and take its date and start time.
    4. Duplicates (merged) copy an earlier open case at the same node, a few days later.
    """
    rng = random.Random(f"{SEED}:cases:{count}")
    pool = quotas(count)
    by_station = station_deputies(plan)
    clerk_station = plan.stations[0].code
    head = by_station[clerk_station][0] if by_station[clerk_station] else None
    deputy_n = min(max(2, round(count / DEPUTY_SHARE)), count) if head is not None else 0
    clerk_n = max(deputy_n + 1, round(count / CLERK_STATION_SHARE))

    draws: list[tuple[str, str, bool]] = []  # (scenario, station code, for the deputy account)
    for name in DEPUTY_SCENARIOS:
        if len(draws) < deputy_n and pool[name]:
            pool[name] -= 1
            draws.append((name, clerk_station, True))
    rest = sorted(n for n in pool.elements() if n != "merged")
    rng.shuffle(rest)
    others = [s.code for s in plan.stations[1:]] or [clerk_station]
    for name in rest:
        station = clerk_station if len(draws) < clerk_n else rng.choice(others)
        draws.append((name, station, False))
    late = iter(LATENESS * (count // len(LATENESS) + 1))
    cases = [_case(rng, plan, anchor, key, *draw, by_station, head, late) for key, draw in enumerate(draws)]
    _attach_to_receptions(cases, held)
    cases += _duplicates(rng, plan, anchor, cases, pool["merged"])
    cases.sort(key=lambda c: (c.received_at, c.key))
    return cases


def _case(rng, plan, anchor, key, scenario, station_code, for_deputy, by_station, head, late) -> CasePlan:
    station = next(s for s in plan.stations if s.code == station_code)
    points = [p.code for p in plan.points if p.parent_code == station_code]
    node = rng.choice(points) if points and rng.random() < 0.15 else station_code
    category = _pick(rng, CATEGORY_WEIGHTS)
    unit, text, place_pattern = rng.choice(CONTENTS[category])
    community = rng.choice(station.communities)
    road, road2 = rng.sample(ROADS, 2)
    place = place_pattern.format(c=community, n=rng.randint(1, 30), road=road, road2=road2)
    content = f"{place}{text}。" if not text.startswith("希望") else f"{place}居民反映：{text}。"
    channel = _pick(rng, CHANNELS)
    received_at, steps = _timeline(rng, anchor, scenario, late)
    deputies = by_station.get(station_code) or []
    if for_deputy:
        deputy = head
    else:
        choices = [d for d in deputies if d != head] or deputies
        matching = [d for d in choices if set(plan.deputies[d].tags) & set(CATEGORY_SPECIALTIES.get(category, ()))]
        deputy = rng.choice(matching if matching and rng.random() < 0.6 else choices) if choices else None
    gender = rng.choice("mf")
    case = CasePlan(
        key=key,
        scenario=scenario,
        status=SCENARIOS[scenario][1],
        node_code=node,
        station_code=station_code,
        street_code=station.parent_code,
        channel=channel,
        category=category,
        grade=_pick(rng, GRADES),
        content=content,
        place=place,
        community=community,
        resident_name=_person(rng, gender),
        resident_phone=_mobile(key + 1, 17),
        hide_name=rng.random() < 0.05,
        received_at=received_at,
        steps=steps,
        deputy_index=deputy,
    )
    if channel == "deputy":
        case.reported_by_index = deputy
        if rng.random() < 0.5:  # the deputy saw it themself: nobody else to call back
            case.resident_name = case.resident_phone = ""
    if rng.random() < 0.45:  # beyond the street's powers: through the district to a department
        case.route = "district"
        case.unit_name = district_office_name() if unit == DISTRICT_OFFICE else unit
    case.reply_class = _pick(rng, REPLY_CLASSES)
    case.rating = "mostly" if rng.random() < 0.2 else "satisfied"
    case.texts = {name: rng.choice(options) for name, options in NOTES.items() if name != "log"}
    case.texts["reply"] = rng.choice(REPLIES[case.reply_class])
    case.texts["rereply"] = rng.choice(REPLIES["A"])
    case.texts["receiver"] = _person(rng, rng.choice("mf"))
    return case


def _timeline(rng, anchor: date, scenario: str, late) -> tuple[datetime, list[tuple[str, datetime]]]:
    """When the case came in, and (action, when) for every later step, all before the anchor."""
    _weight, _status, actions, (low, high) = SCENARIOS[scenario]
    if actions is None:
        actions, pinned, pinned_day = _pinned(rng, anchor, scenario, low, high, late)
    else:
        pinned, pinned_day = len(actions) - 1, anchor - timedelta(days=rng.randint(low, high))
    days: list[date] = [date.min] * (len(actions) + 1)  # days[0]: received; days[i + 1]: actions[i]
    days[pinned + 1] = pinned_day
    for i in range(pinned, -1, -1):  # back from the pinned step to the intake
        days[i] = days[i + 1] - timedelta(days=rng.randint(*GAPS[actions[i]]))
    for i in range(pinned + 1, len(actions)):  # forward (only the extension comes after a pin)
        days[i + 1] = anchor - timedelta(days=1)
    times = [_at(rng, days[0], (8, 20))]
    for day in days[1:]:
        times.append(max(_at(rng, day, (9, 17)), times[-1] + timedelta(minutes=rng.randint(10, 90))))
    return times[0], list(zip(actions, times[1:], strict=True))


def _pinned(rng, anchor, scenario, low, high, late) -> tuple[list[str], int, date]:
    """Scenarios pinned to a deadline: (actions, index of the pinned one, its day)."""
    months = relativedelta(months=3)
    if scenario == "due_soon":
        return ["assign", "refer", "acknowledge"], 2, anchor + timedelta(days=rng.randint(low, high)) - months
    if scenario == "overdue":
        return ["assign", "refer", "acknowledge"], 2, anchor - timedelta(days=next(late)) - months
    if scenario == "referred_overdue":
        return ["assign", "refer"], 1, anchor - timedelta(days=rng.randint(low, high)) - months
    if scenario == "extended":
        return ["assign", "refer", "acknowledge", "extend"], 2, anchor + timedelta(days=low) - months
    # informed / rated: after a direct resolution or a written reply
    path = ["assign", "resolve"] if rng.random() < 0.4 else REFER
    path = [*path, "inform"] + (["rate"] if scenario == "rated" else [])
    return path, len(path) - 1, anchor - timedelta(days=rng.randint(low, high))


def _at(rng, day: date, hours: tuple[int, int]) -> datetime:
    return datetime.combine(day, time(rng.randint(*hours), rng.randrange(0, 60, 5)), tzinfo=CHINA)


def _attach_to_receptions(cases: list[CasePlan], held: list[ReceptionRow]) -> None:
    """A reception-day case goes with a held reception of its station on or up to 20 days before
    the day planned, if any: it was raised there and is logged with it (assigned at once)."""
    by_station: dict[str, list[ReceptionRow]] = {}
    for row in sorted(held, key=lambda r: (r.date, r.pk)):
        by_station.setdefault(row.station_code, []).append(row)
    for case in cases:
        if case.channel != "reception" or not case.steps or case.steps[0][0] != "assign":
            continue
        day = case.received_at.date()
        fits = [r for r in by_station.get(case.station_code, ()) if 0 <= (day - r.date).days <= 20]
        if fits:
            row = fits[-1]
            case.reception_pk, case.node_code = row.pk, case.station_code
            case.received_at = datetime.combine(row.date, row.start_time, tzinfo=CHINA)


def _duplicates(rng, plan, anchor, cases: list[CasePlan], count: int) -> list[CasePlan]:
    """并案: another resident reports an open case's problem again a few days later; it is merged."""
    open_statuses = {"assigned", "referred", "acknowledged", "replied"}
    twins = [c for c in cases if c.status in open_statuses and (anchor - c.received_at.date()).days >= 10]
    twins = twins or [c for c in cases if (anchor - c.received_at.date()).days >= 10]
    result = []
    for n in range(count if twins else 0):
        twin = twins[(n * 7) % len(twins)]
        received_at = twin.received_at + timedelta(days=rng.randint(1, 4), minutes=rng.randint(5, 300))
        merged_at = received_at + timedelta(days=rng.randint(*GAPS["merge"]), minutes=rng.randint(5, 120))
        dup = CasePlan(
            key=len(cases) + n,
            scenario="merged",
            status="merged",
            node_code=twin.node_code,
            station_code=twin.station_code,
            street_code=twin.street_code,
            channel=rng.choice(["station", "online"]),
            category=twin.category,
            grade=twin.grade,
            content=f"又有居民反映：{twin.content}",
            place=twin.place,
            community=twin.community,
            resident_name=_person(rng, rng.choice("mf")),
            resident_phone=_mobile(len(cases) + n + 1, 17),
            hide_name=False,
            received_at=received_at,
            steps=[("merge", merged_at)],
            twin=twin.key,
        )
        result.append(dup)
    return result
