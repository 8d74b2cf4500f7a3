"""Department compliance (承办单位办理情况): per handling unit, the cases referred to it in a period and
how its written replies went. Counted in the database in one grouped query (plus the units list).

A case counts once per unit however many letters it got from that unit's side. Definitions (printed
on the page):
- referred: cases with a referral letter sent to the unit in the period;
- replied on time / late: the unit's written reply dated on or before / after its deadline (three
  months from receipt, or an approved extension when later);
- open: the case still awaits the unit's first written reply; overdue: open and past the deadline.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from performance.dashboard import Number, Period, Where, cases_url
from petitions.filters import referral_deadline, reply_q
from petitions.models import Referral
from petitions.selectors import handling_units_visible_to, petitions_visible_to

COLUMNS = ("referred", "on_time", "late", "open", "overdue")
SORTS = {
    "name": _("Handling unit"),
    "referred": _("Referred"),
    "on_time": _("Replied on time"),
    "late": _("Replied late"),
    "open": _("Open"),
    "overdue": _("Overdue now"),
    "rate": _("On-time rate"),
}


def compliance_for(user, *, period: Period, where: Where, sort: str = "", today: dt.date | None = None) -> dict:
    """Rows per handling unit visible to the user, with links to the cases behind each number.
    Queries: 1. the units; 2. the counts grouped by unit."""
    today = today or timezone.localdate()
    cases = where.cases(petitions_visible_to(user))
    referrals = (
        Referral.objects.filter(period.q("sent_at"), petition__in=cases.values("pk"))
        .annotate(deadline=referral_deadline())
        .values("unit_id")
        .annotate(
            referred=Count("petition", distinct=True),
            **{key: Count("petition", filter=reply_q(key, today), distinct=True) for key in COLUMNS[1:]},
        )
        .order_by()
    )
    counts = {row["unit_id"]: row for row in referrals}
    base = {**where.params(), **period.params("referred")}
    rows = []
    for unit in handling_units_visible_to(user).order_by("kind", "name"):
        row = counts.get(unit.pk)
        if row is None and not unit.is_active:
            continue
        numbers = {}
        for key in COLUMNS:
            value = row[key] if row else 0
            params = {**base, "unit": unit.pk} if key == "referred" else {**base, "unit": unit.pk, "reply": key}
            numbers[key] = Number(value, cases_url(params))
        replied = numbers["on_time"].value + numbers["late"].value
        rows.append(
            {
                "unit": unit,
                **numbers,
                "rate": round(100 * numbers["on_time"].value / replied, 1) if replied else None,
            }
        )
    rows = _sorted(rows, sort)
    totals = {key: sum(r[key].value for r in rows) for key in COLUMNS}
    replied = totals["on_time"] + totals["late"]
    totals["rate"] = round(100 * totals["on_time"] / replied, 1) if replied else None
    return {"rows": rows, "totals": totals, "period": period, "where": where, "sort": sort}


def _sorted(rows: list[dict], sort: str) -> list[dict]:
    """By a column header's key ("-" for descending); by default the most overdue first."""
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key == "name":
        return sorted(rows, key=lambda r: r["unit"].name, reverse=descending)
    if key == "rate":
        # Units with no reply yet sort last either way.
        filled = sorted((r for r in rows if r["rate"] is not None), key=lambda r: r["rate"], reverse=descending)
        return filled + [r for r in rows if r["rate"] is None]
    if key in COLUMNS:
        return sorted(
            rows, key=lambda r: (r[key].value, r["unit"].name) if not descending else (-r[key].value, r["unit"].name)
        )
    return sorted(rows, key=lambda r: (-r["overdue"].value, -r["open"].value, -r["referred"].value, r["unit"].name))
