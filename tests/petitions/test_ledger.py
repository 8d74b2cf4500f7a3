"""The ledger (工作台账) on a month with every kind of day, its scoping, and its XLSX / CSV exports."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine

from deputies.models import Duty
from petitions import services
from petitions.ledger import EXPORT_COLUMNS, MET, NOT_MET, PENDING, build_ledger
from petitions.models import Petition
from petitions.reception_log import IssueInput, reception_attendance_set, reception_log_submit
from stations import reception_services as rs
from stations.models import ReceptionMode
from stations.reception_sweep import sweep_missed_receptions
from stations.scope import scope_for
from tests import factories as f
from tests.petitions.reception_fixtures import category, make_reception

CN = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 4, 2, 10, 0, tzinfo=CN)  # March and the first quarter are over
HEADERS = [zh for _key, zh in EXPORT_COLUMNS]
A = Duty.Attendance


def _held(world, day, *, residents, issues=0, marks=(), mode=ReceptionMode.STATION, node=None, deputies=()):
    reception = make_reception(world, day, mode=mode, node=node, deputies=deputies)
    for deputy, mark in marks:
        reception_attendance_set(duty=reception.duties.get(deputy=deputy), attendance=mark, by=world.admin)
    kind = category("城市管理")
    rows = [IssueInput(f"居民{i}", f"1381234{i:04d}", kind, "路灯坏了。") for i in range(issues)]
    reception_log_submit(reception=reception, by=world.admin, residents_received=residents, issues=rows, now=NOW)
    return reception


@pytest.fixture
def march(world):
    """station_a in March 2026: held ×2 (one a visit), missed, cancelled, still to log; station_b: held ×1."""
    with time_machine.travel(NOW, tick=False):
        wang = f.DeputyFactory(name="王代表", district=world.district, street=world.street_a)
        f.AssignmentFactory(deputy=wang, node=world.station_a)
        both = [world.deputy, wang]
        _held(
            world,
            dt.date(2026, 3, 3),
            residents=5,
            issues=2,
            deputies=both,
            marks=[(world.deputy, A.PRESENT), (wang, A.LATE)],
        )
        _held(
            world,
            dt.date(2026, 3, 10),
            residents=3,
            issues=1,
            mode=ReceptionMode.VISIT,
            deputies=both,
            marks=[(world.deputy, A.ABSENT), (wang, A.PRESENT)],
        )
        make_reception(world, dt.date(2026, 3, 17))  # never logged: the sweep marks it missed
        cancelled = make_reception(world, dt.date(2026, 3, 24))
        rs.reception_cancel(reception=cancelled, reason="台风预警", by=world.admin)
        make_reception(world, dt.date(2026, 3, 31))  # passed by two days only: still to log
        _held(world, dt.date(2026, 2, 24), residents=9, issues=1)  # another month
        _held(world, dt.date(2026, 3, 5), residents=2, node=world.station_b)
        # A case entered at the station counts among all cases collected, not the reception's.
        services.petition_create(
            by=world.clerk,
            node=world.station_a,
            channel=Petition.Channel.STATION,
            resident_name="赵女士",
            resident_phone="13800001111",
            category=category("城市管理"),
            content="楼道灯不亮。",
            received_at=dt.datetime(2026, 3, 15, 10, 0, tzinfo=CN),
        )
        sweep_missed_receptions(now=NOW)
        yield world


def _figures(row):
    keys = ("scheduled", "held", "missed", "cancelled", "pending", "present", "late", "absent", "residents")
    return {k: getattr(row, k) for k in keys} | {"cases": (row.cases_reception, row.cases_all)}


def test_the_numbers_of_a_month(march, django_assert_max_num_queries):
    scope_for(march.district_staff)
    # stations, receptions by status, attendance, cases, visits in the quarter, deliberations in the half-year
    with django_assert_max_num_queries(6):
        ledger = build_ledger(march.district_staff, month=dt.date(2026, 3, 1), today=NOW.date())
    a, b = ledger.rows
    assert (a.unit, b.unit) == (march.station_a, march.station_b)
    assert _figures(a) == {
        "scheduled": 4,
        "held": 2,
        "missed": 1,
        "cancelled": 1,
        "pending": 1,
        "present": 2,
        "late": 1,
        "absent": 1,
        "residents": 8,
        "cases": (3, 4),
    }
    assert a.attendance_rate == 75.0
    assert (a.month_reception, a.quarter_visit) == (MET, MET)
    assert _figures(b) == {
        "scheduled": 1,
        "held": 1,
        "missed": 0,
        "cancelled": 0,
        "pending": 0,
        "present": 0,
        "late": 0,
        "absent": 0,
        "residents": 2,
        "cases": (0, 0),
    }
    assert b.attendance_rate is None
    assert (b.month_reception, b.quarter_visit) == (MET, NOT_MET)
    assert (ledger.total.held, ledger.total.residents, ledger.total.cases_all) == (3, 10, 4)
    assert ledger.total.met_counts == {"month_reception": 2, "quarter_visit": 1, "half_year_deliberation": 0}


def test_a_month_under_way_is_pending_not_failed(march):
    ledger = build_ledger(march.district_staff, month=dt.date(2026, 4, 1), today=NOW.date())
    assert {(r.month_reception, r.quarter_visit) for r in ledger.rows} == {(PENDING, PENDING)}
    assert sum(r.scheduled for r in ledger.rows) == 0


@pytest.mark.parametrize(
    "persona,stations",
    [("clerk", ["LT01"]), ("other_clerk", ["NW01"]), ("street_staff", ["LT01"]), ("district_staff", ["LT01", "NW01"])],
)
def test_each_role_reads_its_own_stations(march, persona, stations):
    ledger = build_ledger(march.user(persona), month=dt.date(2026, 3, 1), today=NOW.date())
    assert [r.unit.code for r in ledger.rows] == stations


def test_the_page_filters_by_street(march, client_for):
    response = client_for("district_staff").get(f"/cases/ledger/?month=2026-03&street={march.street_b.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="ledger-row"') == 1 and "沙湾社区联络站" in html
    assert client_for("street_staff").get(f"/cases/ledger/?street={march.street_b.pk}").status_code == 404


def test_xlsx_export_has_chinese_headers_and_the_right_values(march, client_for):
    response = client_for("district_staff").get(f"/cases/ledger/export.xlsx?month=2026-03&street={march.street_a.pk}")
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert sheet.title == "工作台账"
    assert rows[0] == HEADERS
    assert rows[1] == [
        "2026-03", "龙田街道", "南岭社区联络站", 4, 2, 1, 1, 1, 2, 1, 1, 75, 8, 3, 4, "达标", "达标", "期内未完成",
    ]  # fmt: skip
    # No deliberation meeting in the first half of 2026 yet (tests/meetings/test_meetings_counts.py).
    assert rows[2][:5] == ["2026-03", None, "合计", 4, 2] and rows[2][-3:] == ["1/1", "1/1", "0/1"]
    assert len(rows) == 3


def test_csv_export_opens_in_excel_with_chinese_headers(march, client_for):
    response = client_for("clerk").get(f"/cases/ledger/export.csv?month=2026-03&station={march.station_a.pk}")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert rows[1][:5] == ["2026-03", "龙田街道", "南岭社区联络站", "4", "2"]
    assert rows[1][11:] == ["75.0", "8", "3", "4", "达标", "达标", "期内未完成"]
    # The other station's clerk cannot export it.
    assert client_for("other_clerk").get(f"/cases/ledger/export.csv?station={march.station_a.pk}").status_code == 404


def test_receptions_held_at_a_street_home_get_their_own_row(march):
    with time_machine.travel(NOW, tick=False):
        _held(march, dt.date(2026, 3, 12), residents=6, node=march.street_a)
    ledger = build_ledger(march.street_staff, month=dt.date(2026, 3, 1), today=NOW.date())
    assert [(r.unit_name, r.held, r.residents) for r in ledger.rows] == [
        ("南岭社区联络站", 2, 8),
        ("龙田街道人大代表之家", 1, 6),
    ]
    # A station's clerk reads their station only.
    clerk = build_ledger(march.clerk, month=dt.date(2026, 3, 1), today=NOW.date())
    assert [r.unit_name for r in clerk.rows] == ["南岭社区联络站"]
