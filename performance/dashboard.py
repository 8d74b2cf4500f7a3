"""The staff dashboard's numbers: every one counted in the database, in a fixed number of queries.

Everything starts from `petitions_visible_to(user)` / `receptions_visible_to(user)`, so street staff
see their street and district staff the district; the page may narrow further to one street or
station. Each number carries the query string of the case list (/cases/) that shows exactly the
cases behind it (petitions/filters.py CaseFilter).

Definitions printed on the page:
- received: cases received in the period, except withdrawn and merged ones;
- resolution rate: of those, the share resolved directly or replied in writing (resolved, replied,
  informed, rated, closed); target 95%;
- median days to a written reply: from the day a case was received (Asia/Shanghai) to its first
  written reply, over the period's cases that have one;
- overdue now: awaiting a written reply past its due date, whenever received.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import connections
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.selectors import coverage_by_street
from petitions import workflow
from petitions.filters import COUNTED, RESOLVED, overdue_q
from petitions.models import Petition, Referral
from petitions.selectors import petitions_visible_to
from stations.models import Node, Reception
from stations.reception_selectors import receptions_visible_to
from stations.scope import scope_for

TARGET_RATE = 95
TOP = 10
MONTHS = 12
PERIODS = {
    "month": _("This month"),
    "quarter": _("This quarter"),
    "year": _("This year"),
    "all": _("All time"),
}


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date | None  # None: from the beginning
    end: dt.date  # inclusive: today for the current month, quarter or year
    last: dt.date | None = None  # the calendar end of the month, quarter or year (planned reception days)

    @property
    def label(self):
        return PERIODS[self.key]

    def q(self, field_name: str = "received_at") -> Q:
        """Instants from the start of `start` to the end of `end`, China time."""
        q = Q(**{f"{field_name}__lt": _day_start(self.end + dt.timedelta(days=1))})
        if self.start is not None:
            q &= Q(**{f"{field_name}__gte": _day_start(self.start)})
        return q

    def date_q(self, field_name: str = "date") -> Q:
        q = Q(**{f"{field_name}__lte": self.end})
        if self.start is not None:
            q &= Q(**{f"{field_name}__gte": self.start})
        return q

    def params(self, prefix: str = "received") -> dict:
        """The case list's date range for this period (django-filter's _after / _before)."""
        params = {f"{prefix}_before": self.end.isoformat()}
        if self.start is not None:
            params[f"{prefix}_after"] = self.start.isoformat()
        return params


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def period_for(key: str, today: dt.date) -> Period:
    """This month, quarter or year so far (to today), or all time."""
    if key == "month":
        return Period(key, today.replace(day=1), today, _month_end(today.year, today.month))
    if key == "quarter":
        first = 3 * ((today.month - 1) // 3) + 1
        return Period(key, today.replace(month=first, day=1), today, _month_end(today.year, first + 2))
    if key == "all":
        return Period(key, None, today, today)
    return Period("year", today.replace(month=1, day=1), today, dt.date(today.year, 12, 31))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def cases_url(params: dict) -> str:
    """/cases/ with the filters that show exactly the cases behind a number."""
    return f"{reverse('petitions:list')}?{urlencode(params, doseq=True)}"


@dataclass
class Where:
    """The part of the user's scope the page looks at: everything, one street or one station."""

    street: Node | None = None
    station: Node | None = None
    district_wide: bool = False

    def params(self) -> dict:
        if self.station is not None:
            return {"station": self.station.pk}
        if self.street is not None:
            return {"street": self.street.pk}
        return {}

    def cases(self, queryset: QuerySet) -> QuerySet:
        if self.station is not None:
            return queryset.filter(station=self.station)
        if self.street is not None:
            return queryset.filter(street=self.street)
        return queryset

    @property
    def level(self) -> str:
        """The breakdown below this: by street, by station, or by station and point."""
        if self.station is not None:
            return "node"
        if self.street is not None or not self.district_wide:
            return "station"
        return "street"


def where_for(user, *, street: Node | None = None, station: Node | None = None) -> Where:
    scope = scope_for(user)
    if station is not None and street is not None and station.street_id != street.pk:
        street = None
    return Where(street=street, station=station, district_wide=bool(scope.is_admin or scope.district_ids))


@dataclass
class Number:
    value: int | float | None
    url: str = ""


@dataclass
class Row:
    label: str
    key: object
    received: Number
    resolved: Number
    overdue: Number
    rate: float | None = None
    drill: str = ""  # the dashboard narrowed to this row (streets and stations)
    extra: dict = field(default_factory=dict)


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _totals(cases: QuerySet[Petition], period: Period, today: dt.date) -> dict:
    """Query 1: the period's counts by status and rating, and received this month / quarter / year, in
    one pass of conditional counts over the cases received since the earliest of those starts."""
    counted, resolved = sorted(COUNTED), sorted(RESOLVED)
    in_period = period.q()
    aggregates = {
        "received": Count("pk", filter=in_period & Q(status__in=counted)),
        "resolved": Count("pk", filter=in_period & Q(status__in=resolved)),
    }
    for key in ("month", "quarter", "year"):
        aggregates[f"received_{key}"] = Count("pk", filter=period_for(key, today).q() & Q(status__in=counted))
    for status in Petition.Status:
        aggregates[f"status_{status.value}"] = Count("pk", filter=in_period & Q(status=status))
    for rating in Petition.Rating:
        aggregates[f"rating_{rating.value}"] = Count("pk", filter=in_period & Q(rating=rating))
    starts = [period.start, today.replace(month=1, day=1)]
    since = None if period.start is None else min(starts)
    scanned = cases if since is None else cases.filter(received_at__gte=_day_start(since))
    return scanned.aggregate(**aggregates)


def _open_count(cases: QuerySet[Petition]) -> int:
    """Query 2: open cases now, whenever received (on the (street|district, status) indexes)."""
    return cases.filter(status__in=sorted(workflow.OPEN)).count()


def median_reply_days(cases: QuerySet[Petition]) -> float | None:
    """Query 3: the median of (first written reply − day received), in days. One grouped join of the
    referrals with a reply and their cases; PostgreSQL takes the median with percentile_cont, elsewhere
    the database sends the two dates per case and Python takes it (SQLite has no percentile)."""
    rows = (
        Referral.objects.filter(replied_on__isnull=False, petition__in=cases.order_by().values("pk"))
        .annotate(received_day=TruncDate("petition__received_at"))
        .values("petition_id", "received_day")
        .annotate(first_reply=Min("replied_on"))
        .order_by()
    )
    connection = connections[rows.db]
    if connection.vendor == "postgresql":
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            # The inner SQL is Django's own, its values passed separately as parameters.
            median = "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY first_reply - received_day) FROM ({}) AS r"
            cursor.execute(median.format(sql), params)
            value = cursor.fetchone()[0]
        return None if value is None else round(float(value), 1)
    days = [(row["first_reply"] - row["received_day"]).days for row in rows]
    return round(float(statistics.median(days)), 1) if days else None


def _by_node(cases: QuerySet[Petition], period: Period, today: dt.date) -> tuple[list[dict], list[dict]]:
    """Queries 4 and 5: the period's counts, and overdue now, grouped by (street, station, node) in the
    database; rolled up to the breakdown's level in Python (a row per node at most)."""
    keys = ("street_id", "station_id", "node_id")
    period_rows = list(
        cases.filter(period.q())
        .values(*keys)
        .annotate(
            received=Count("pk", filter=Q(status__in=sorted(COUNTED))),
            resolved=Count("pk", filter=Q(status__in=sorted(RESOLVED))),
        )
        .order_by()
    )
    overdue_rows = list(cases.filter(overdue_q(today)).values(*keys).annotate(overdue=Count("pk")).order_by())
    return period_rows, overdue_rows


def _row_key(level: str, row: dict):
    if level == "street":
        return ("street", row["street_id"])
    if level == "station":
        return ("station", row["station_id"]) if row["station_id"] else ("node", row["node_id"])
    return ("node", row["node_id"])


def _breakdown(level: str, period_rows, overdue_rows, names: dict, base: dict, period: Period) -> list[Row]:
    sums: dict = {}
    for row in period_rows:
        entry = sums.setdefault(_row_key(level, row), {"received": 0, "resolved": 0, "overdue": 0})
        entry["received"] += row["received"]
        entry["resolved"] += row["resolved"]
    for row in overdue_rows:
        entry = sums.setdefault(_row_key(level, row), {"received": 0, "resolved": 0, "overdue": 0})
        entry["overdue"] += row["overdue"]
    rows = []
    for (kind, pk), entry in sums.items():
        node = names.get(pk)
        params = {**base, kind: pk} if pk else dict(base)
        received_params = {**params, **period.params(), "state": "counted"}
        resolved_params = {**params, **period.params(), "state": "resolved"}
        drill = ""
        if kind in ("street", "station") and pk:
            drill = f"?{urlencode({kind: pk, 'period': period.key})}"
        rows.append(
            Row(
                label=node.display_name if node else "—",
                key=(kind, pk),
                received=Number(entry["received"], cases_url(received_params)),
                resolved=Number(entry["resolved"], cases_url(resolved_params)),
                overdue=Number(entry["overdue"], cases_url({**params, "overdue": "on"})),
                rate=_rate(entry["resolved"], entry["received"]),
                drill=drill,
                extra={"code": node.code if node else ""},
            )
        )
    rows.sort(key=lambda r: (r.extra["code"], r.label))
    return rows


def _monthly(cases: QuerySet[Petition], period: Period, base: dict) -> list[dict]:
    """Query 7: received and resolved per month, for the twelve months ending with the period."""
    index = period.end.year * 12 + period.end.month - 1 - (MONTHS - 1)
    first = dt.date(index // 12, index % 12 + 1, 1)
    window = Period("all", first, period.end)
    counts = {
        (row["month"].year, row["month"].month): row
        for row in cases.filter(window.q())
        .annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(
            received=Count("pk", filter=Q(status__in=sorted(COUNTED))),
            resolved=Count("pk", filter=Q(status__in=sorted(RESOLVED))),
        )
        .order_by()
    }
    months = []
    year, month = first.year, first.month
    for _i in range(MONTHS):
        start = dt.date(year, month, 1)
        next_start = dt.date(year + month // 12, month % 12 + 1, 1)
        end = min(next_start - dt.timedelta(days=1), period.end)
        row = counts.get((year, month), {"received": 0, "resolved": 0})
        span = Period("all", start, end).params()
        months.append(
            {
                "month": start,
                "received": Number(row["received"], cases_url({**base, **span, "state": "counted"})),
                "resolved": Number(row["resolved"], cases_url({**base, **span, "state": "resolved"})),
            }
        )
        year, month = next_start.year, next_start.month
    return months


def _top(cases: QuerySet[Petition], period: Period, base: dict, column: str, param: str) -> list[dict]:
    """Queries 8 and 9: the period's ten commonest categories / communities (hot topics)."""
    rows = (
        cases.filter(period.q(), status__in=sorted(COUNTED), **{f"{column}__isnull": False})
        .values(column, f"{column}__name")
        .annotate(n=Count("pk"))
        .order_by("-n", f"{column}__name")[:TOP]
    )
    return [
        {
            "label": row[f"{column}__name"],
            "count": Number(row["n"], cases_url({**base, **period.params(), "state": "counted", param: row[column]})),
        }
        for row in rows
    ]


def _overdue_by_unit(cases: QuerySet[Petition], base: dict, today: dt.date) -> list[dict]:
    """Query 10: overdue cases by the handling unit holding them now (the current referral)."""
    rows = (
        Referral.objects.filter(is_current=True, petition__in=cases.filter(overdue_q(today)).values("pk"))
        .values("unit_id", "unit__name")
        .annotate(n=Count("petition", distinct=True))
        .order_by("-n", "unit__name")
    )
    return [
        {
            "label": row["unit__name"],
            "count": Number(row["n"], cases_url({**base, "overdue": "on", "with_unit": row["unit_id"]})),
        }
        for row in rows
    ]


def _receptions(user, where: Where, period: Period, today: dt.date) -> dict:
    """Query 11: reception days in the period (to its calendar end) by status: held against those due."""
    whole = Period(period.key, period.start, period.last or period.end)
    receptions = receptions_visible_to(user).filter(whole.date_q("date"))
    if where.station is not None:
        receptions = receptions.filter(station=where.station)
    elif where.street is not None:
        receptions = receptions.filter(street=where.street)
    S = Reception.Status
    counts = receptions.aggregate(
        held=Count("pk", filter=Q(status=S.HELD)),
        missed=Count("pk", filter=Q(status=S.MISSED)),
        cancelled=Count("pk", filter=Q(status=S.CANCELLED)),
        to_log=Count("pk", filter=Q(status=S.PLANNED, date__lt=today)),
        upcoming=Count("pk", filter=Q(status=S.PLANNED, date__gte=today)),
    )
    # Due so far: every day that is not cancelled and not still ahead.
    counts["due"] = counts["held"] + counts["missed"] + counts["to_log"]
    counts["rate"] = _rate(counts["held"], counts["due"])
    return counts


def _coverage(user, where: Where) -> dict:
    """Query 12: deputies on the rolls in scope and how many are assigned somewhere (by street)."""
    rows, total = coverage_by_street(user)
    street_id = where.station.street_id if where.station is not None else getattr(where.street, "pk", None)
    if street_id is not None:
        total = next((r for r in rows if r["street_id"] == street_id), None) or {
            "total": 0,
            "assigned": 0,
            "unassigned": 0,
            "rate": None,
        }
    params = {"unassigned": "on", "active": "yes"}
    if street_id is not None:
        params["street"] = street_id
    return {**total, "url": f"{reverse('deputies:list')}?{urlencode(params)}"}


def dashboard_for(user, *, period: Period, where: Where, today: dt.date | None = None) -> dict:
    """Every number of the dashboard, in twelve queries however many cases: totals, open now, median,
    by node, overdue by node, node names, by month, top categories, top communities, overdue by unit,
    receptions, coverage."""
    today = today or timezone.localdate()
    cases = where.cases(petitions_visible_to(user))
    base = where.params()
    totals = _totals(cases, period, today)
    period_rows, overdue_rows = _by_node(cases, period, today)
    node_ids = {r[k] for r in [*period_rows, *overdue_rows] for k in ("street_id", "station_id", "node_id")}
    names = {
        n.pk: n for n in Node.objects.filter(pk__in=sorted(i for i in node_ids if i)).only("name", "code", "home_name")
    }
    in_period = {**base, **period.params()}

    def link(value, **params) -> Number:
        return Number(value, cases_url({**in_period, **params}))

    statuses = [
        {"status": status, "label": status.label, "count": link(totals[f"status_{status.value}"], status=status.value)}
        for status in Petition.Status
    ]
    ratings = [
        {"rating": rating, "label": rating.label, "count": link(totals[f"rating_{rating.value}"], rating=rating.value)}
        for rating in Petition.Rating
    ]
    rated = sum(r["count"].value for r in ratings)
    for r in ratings:
        r["share"] = _rate(r["count"].value, rated)
    received_in = {}
    for key in ("month", "quarter", "year"):
        span = period_for(key, today)
        received_in[key] = Number(totals[f"received_{key}"], cases_url({**base, **span.params(), "state": "counted"}))
    by_station = _breakdown("station", period_rows, overdue_rows, names, base, period)
    return {
        "period": period,
        "where": where,
        "today": today,
        "target": TARGET_RATE,
        "received_in": received_in,
        "received": link(totals["received"], state="counted"),
        "resolved": link(totals["resolved"], state="resolved"),
        "rate": _rate(totals["resolved"], totals["received"]),
        "open": Number(_open_count(cases), cases_url({**base, "state": "open"})),
        "overdue": Number(sum(r["overdue"] for r in overdue_rows), cases_url({**base, "overdue": "on"})),
        "median_days": median_reply_days(cases.filter(period.q(), status__in=sorted(COUNTED))),
        "statuses": statuses,
        "ratings": ratings,
        "rated": rated,
        "breakdown": _breakdown(where.level, period_rows, overdue_rows, names, base, period),
        "overdue_by_station": sorted(
            (r for r in by_station if r.overdue.value), key=lambda r: (-r.overdue.value, r.label)
        ),
        "overdue_by_unit": _overdue_by_unit(cases, base, today),
        "months": _monthly(cases, period, base),
        "top_categories": _top(cases, period, base, "category", "category"),
        "top_communities": _top(cases, period, base, "community", "community"),
        "receptions": _receptions(user, where, period, today),
        "coverage": _coverage(user, where),
    }
