"""The work ledger (工作台账): per station per month, what the reception days gave.

Counted in the database, a fixed handful of queries however many stations: 1. the stations in
scope; 2. receptions by status and residents received; 3. deputy attendance; 4. cases collected;
5. visits held in the quarter (the "三个一" cadence); 6. only when a deputies' home (a street)
held receptions itself, its name. Rows are "units": a station, or a street's home for receptions
held at the home itself (no station).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from deputies.models import Duty
from petitions.models import Petition
from stations.models import Node, Reception, ReceptionMode
from stations.scope import scope_for

MET, NOT_MET, PENDING, NOT_TRACKED = "met", "not_met", "pending", "not_tracked"
CADENCE_LABELS = {
    MET: _("Met"),
    NOT_MET: _("Not met"),
    PENDING: _("Period not over"),
    NOT_TRACKED: _("Not tracked yet"),
}
# The exported file is an official form: its headers and values are always in Chinese.
CADENCE_ZH = {MET: "达标", NOT_MET: "未达标", PENDING: "期内未完成", NOT_TRACKED: "暂未统计"}
EXPORT_COLUMNS = [
    ("month", "月份"),
    ("street", "街道"),
    ("unit", "联络站"),
    ("scheduled", "计划接待次数"),
    ("held", "已接待次数"),
    ("missed", "未接待次数"),
    ("cancelled", "取消次数"),
    ("pending", "待记录次数"),
    ("present", "代表到场人次"),
    ("late", "代表迟到人次"),
    ("absent", "代表缺席人次"),
    ("attendance_rate", "出勤率(%)"),
    ("residents", "接待群众人次"),
    ("cases_reception", "接待日收集意见数"),
    ("cases_all", "本月收集意见总数"),
    ("month_reception", "每月一次接待"),
    ("quarter_visit", "每季度一次走访"),
    ("half_year_deliberation", "每半年一次议事"),
]
COUNTS = (
    "scheduled",
    "held",
    "missed",
    "cancelled",
    "pending",
    "present",
    "late",
    "absent",
    "residents",
    "cases_reception",
    "cases_all",
)


@dataclass
class LedgerRow:
    unit: Node | None  # None for the total row
    street_name: str = ""
    scheduled: int = 0
    held: int = 0
    missed: int = 0
    cancelled: int = 0
    pending: int = 0
    present: int = 0
    late: int = 0
    absent: int = 0
    residents: int = 0
    cases_reception: int = 0
    cases_all: int = 0
    visits_in_quarter: int = 0
    month_reception: str = PENDING
    quarter_visit: str = PENDING
    half_year_deliberation: str = NOT_TRACKED
    met_counts: dict = field(default_factory=dict)  # total row: cadence → units that met it

    @property
    def attendance_rate(self) -> float | None:
        marked = self.present + self.late + self.absent
        return round(100 * (self.present + self.late) / marked, 1) if marked else None

    @property
    def unit_name(self) -> str:
        return self.unit.display_name if self.unit else ""


@dataclass
class Ledger:
    month: dt.date  # the first day
    rows: list[LedgerRow]
    total: LedgerRow


# The half-yearly deliberation (每半年一次议事) is reported by the meetings app, which petitions may not
# import: each provider(unit_ids, first, last) returns the ids of the units (stations, or streets'
# homes) that held a deliberation between those dates, in one query. meetings registers its provider
# from MeetingsConfig.ready(); with none registered the column stays "not tracked".
HALF_YEAR_DELIBERATION_PROVIDERS: list = []


def half_year_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    start = dt.date(month.year, 1 if month.month <= 6 else 7, 1)
    return start, month_bounds(dt.date(start.year, start.month + 5, 1))[1]


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def quarter_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    start = dt.date(month.year, 3 * ((month.month - 1) // 3) + 1, 1)
    return start, month_bounds(dt.date(start.year, start.month + 2, 1))[1]


def parse_month(value: str | None, *, today: dt.date) -> dt.date:
    """ "2026-03" → 2026-03-01; anything else → this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def stations_for_ledger(user):
    """The stations a user's ledger covers: a clerk's stations, a street's, a district's."""
    scope = scope_for(user)
    return Node.objects.filter(
        scope.positions_q(district="district_id", street="street_id", station="id"), kind=Node.Kind.STATION
    )


def streets_for_ledger(user):
    """Streets whose whole ledger the user may read: theirs, their district's, their stations' streets."""
    scope = scope_for(user)
    q = Q(pk__in=stations_for_ledger(user).values("street_id"))
    if scope.is_admin:
        q = Q()
    if scope.street_ids:
        q |= Q(pk__in=sorted(scope.street_ids))
    if scope.district_ids:
        q |= Q(district_id__in=sorted(scope.district_ids))
    return Node.objects.filter(q, kind=Node.Kind.STREET)


def _cadence(count: int, period_end: dt.date, today: dt.date) -> str:
    if count:
        return MET
    return NOT_MET if period_end < today else PENDING


def build_ledger(
    user, *, month: dt.date, street: Node | None = None, station: Node | None = None, today=None
) -> Ledger:
    """The ledger rows for one month, scoped to `user`, optionally to one street or one station."""
    today = today or timezone.localdate()
    first, last = month_bounds(month)
    q_start, q_end = quarter_bounds(month)
    scope = scope_for(user)
    where = scope.positions_q()
    stations = stations_for_ledger(user).filter(is_active=True)
    if street is not None:
        where &= Q(street_id=street.pk)
        stations = stations.filter(street_id=street.pk)
    if station is not None:
        where &= Q(station_id=station.pk)
        stations = stations.filter(pk=station.pk)
    units = {s.pk: s for s in stations.select_related("street").order_by("code")}
    unit_of = Coalesce("station_id", "street_id")

    receptions = Reception.objects.filter(where, date__range=(first, last))
    S = Reception.Status
    by_status = (
        receptions.annotate(unit=unit_of)
        .values("unit")
        .annotate(
            scheduled=Count("pk", filter=~Q(status=S.CANCELLED)),
            held=Count("pk", filter=Q(status=S.HELD)),
            missed=Count("pk", filter=Q(status=S.MISSED)),
            cancelled=Count("pk", filter=Q(status=S.CANCELLED)),
            pending=Count("pk", filter=Q(status=S.PLANNED)),
            residents=Sum("log__residents_received", filter=Q(status=S.HELD)),
        )
        .order_by()
    )
    A = Duty.Attendance
    attendance = (
        Duty.objects.filter(reception__in=receptions.filter(status=S.HELD))
        .annotate(unit=Coalesce("reception__station_id", "reception__street_id"))
        .values("unit")
        .annotate(
            present=Count("pk", filter=Q(attendance=A.PRESENT)),
            late=Count("pk", filter=Q(attendance=A.LATE)),
            absent=Count("pk", filter=Q(attendance=A.ABSENT)),
        )
        .order_by()
    )
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    cases = (
        Petition.objects.filter(where, received_at__gte=start, received_at__lt=end)
        .annotate(unit=unit_of)
        .values("unit")
        .annotate(cases_all=Count("pk"), cases_reception=Count("pk", filter=Q(reception__isnull=False)))
        .order_by()
    )
    visits = (
        Reception.objects.filter(where, date__range=(q_start, q_end), status=S.HELD, mode=ReceptionMode.VISIT)
        .annotate(unit=unit_of)
        .values("unit")
        .annotate(visits_in_quarter=Count("pk"))
        .order_by()
    )

    figures: dict[int, dict] = {}
    for result in (by_status, attendance, cases, visits):
        for entry in result:
            if entry["unit"] is not None:
                figures.setdefault(entry["unit"], {}).update({k: v or 0 for k, v in entry.items() if k != "unit"})
    homes = set(figures) - set(units)
    if homes:  # receptions held at a street's deputies' home itself
        for home in Node.objects.filter(pk__in=sorted(homes), kind=Node.Kind.STREET).order_by("code"):
            units[home.pk] = home

    rows = []
    for unit in units.values():
        row = LedgerRow(unit=unit, street_name=(unit.street.name if unit.street_id and unit.street else ""))
        for key, value in figures.get(unit.pk, {}).items():
            setattr(row, key, value)
        row.month_reception = _cadence(row.held, last, today)
        row.quarter_visit = _cadence(row.visits_in_quarter, q_end, today)
        rows.append(row)

    if HALF_YEAR_DELIBERATION_PROVIDERS:
        h_start, h_end = half_year_bounds(month)
        held: set[int] = set()
        for provider in HALF_YEAR_DELIBERATION_PROVIDERS:
            held |= set(provider(sorted(units), h_start, h_end))
        for row in rows:
            row.half_year_deliberation = MET if row.unit.pk in held else _cadence(0, h_end, today)

    total = LedgerRow(unit=None)
    for key in (*COUNTS, "visits_in_quarter"):
        setattr(total, key, sum(getattr(r, key) for r in rows))
    total.met_counts = {
        "month_reception": sum(r.month_reception == MET for r in rows),
        "quarter_visit": sum(r.quarter_visit == MET for r in rows),
    }
    if HALF_YEAR_DELIBERATION_PROVIDERS:
        total.met_counts["half_year_deliberation"] = sum(r.half_year_deliberation == MET for r in rows)
    return Ledger(month=first, rows=rows, total=total)


# Exports ----------------------------------------------------------------------------------------


def _export_values(ledger: Ledger, row: LedgerRow) -> list:
    month = f"{ledger.month:%Y-%m}"
    if row.unit is None:
        n = len(ledger.rows)
        met = row.met_counts
        half = f"{met['half_year_deliberation']}/{n}" if "half_year_deliberation" in met else CADENCE_ZH[NOT_TRACKED]
        cadence = [f"{met['month_reception']}/{n}", f"{met['quarter_visit']}/{n}", half]
        head = [month, "", "合计"]
    else:
        cadence = [
            CADENCE_ZH[row.month_reception],
            CADENCE_ZH[row.quarter_visit],
            CADENCE_ZH[row.half_year_deliberation],
        ]
        head = [month, row.street_name, row.unit_name]
    counts = [getattr(row, key) for key in COUNTS[:8]]
    rate = row.attendance_rate
    return [*head, *counts, "" if rate is None else rate, row.residents, row.cases_reception, row.cases_all, *cadence]


def export_table(ledger: Ledger) -> list[list]:
    """The header row (Chinese) and one row per unit, then the total."""
    return [
        [zh for _key, zh in EXPORT_COLUMNS],
        *(_export_values(ledger, r) for r in ledger.rows),
        _export_values(ledger, ledger.total),
    ]


def to_csv(ledger: Ledger) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(export_table(ledger))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(ledger: Ledger) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "工作台账"
    for values in export_table(ledger):
        sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "D2"
    for index, (_key, zh) in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, 2 * len(zh) + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
