"""Row-level checks: every error names the row as Excel shows it and the column as the file writes it,
and nothing is written while any row is wrong."""

import pytest
from django.contrib.admin.models import LogEntry

from deputies.importing.columns import COLUMNS
from deputies.models import Assignment, Deputy, ImportJob, VoterContact
from liaison.errors import DomainError
from stations.models import Node
from tests import factories as f
from tests.deputies import import_helpers as h

DEPUTIES, STATIONS, POINTS = ImportJob.Kind.DEPUTIES, ImportJob.Kind.STATIONS, ImportJob.Kind.POINTS


@pytest.fixture
def run(world):
    """Upload rows as XLSX (or CSV) and check them; returns the job."""

    def go(kind, rows, *, fmt="xlsx", raw=None):
        if raw is not None:
            data = raw
        elif fmt == "xlsx":
            data = h.xlsx_bytes(h.table(kind, rows))
        else:  # "csv" (UTF-8 with BOM) or "gb18030" (Excel's CSV on Chinese Windows)
            data = h.csv_bytes(h.table(kind, rows), encoding="gb18030" if fmt == "gb18030" else "utf-8-sig")
            fmt = "csv"
        job = h.start(by=world.district_staff, kind=kind, district=world.district, data=data, name=f"f.{fmt}")
        return h.check(job)

    return go


def _counts():
    return (
        Deputy.objects.count(),
        Assignment.objects.count(),
        VoterContact.objects.count(),
        Node.objects.count(),
        LogEntry.objects.count(),
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "gb18030"])
def test_each_error_names_its_row_and_column_and_nothing_is_written(run, fmt):
    before = _counts()
    job = run(
        DEPUTIES,
        [
            h.deputy(),
            h.deputy(姓名="李强", 联系电话="1380013"),
            h.deputy(姓名="陈明", 联系电话="13800138003", 代表层级="县级"),
            h.deputy(姓名="赵敏", 联系电话="13800138004", 编组站点编码="XX99"),
            h.deputy(姓名="", 联系电话="13800138005"),
        ],
        fmt=fmt,
    )

    assert job.status == ImportJob.Status.INVALID
    assert h.errors_of(job) == [
        (3, "联系电话", "Not a valid mobile phone number (11 digits starting with 1)."),
        (4, "代表层级", "Unknown value “县级”: use one of 全国、省、市、区县、乡镇."),
        (5, "编组站点编码", "No station or point with code “XX99” in this district."),
        (6, "姓名", "A value is required."),
    ]
    assert _counts() == before


def test_a_code_twice_in_one_file(run):
    job = run(
        STATIONS,
        [
            {"站点名称": "龙田二站", "站点编码": "LT02", "所属街道": "LT"},
            {"站点名称": "龙田三站", "站点编码": "LT02", "所属街道": "LT"},
        ],
    )

    assert h.errors_of(job) == [(3, "站点编码", "Code “LT02” is already used in row 2 of this file.")]


def test_codes_taken_in_another_district_or_by_another_tier(run, world):
    other = f.DistrictFactory(code="FT", by=world.admin)
    f.StationFactory(code="FT01", parent=f.StreetFactory(code="FTS", parent=other, by=world.admin), by=world.admin)

    job = run(
        STATIONS,
        [
            {"站点名称": "外区站", "站点编码": "FT01", "所属街道": "LT"},
            {"站点名称": "错层站", "站点编码": "LT01P1", "所属街道": "LT"},
            {"站点名称": "无街道站", "站点编码": "LT09", "所属街道": "不存在街道"},
        ],
    )

    assert h.errors_of(job) == [
        (2, "站点编码", "Code “FT01” is already used in another district."),
        (3, "站点编码", "Code “LT01P1” is already used by a Contact point."),
        (4, "所属街道", "No street “不存在街道” in this district or in this file."),
    ]


def test_a_point_needs_a_station_of_this_district_and_a_known_kind(run, world):
    job = run(
        POINTS,
        [
            {"联系点名称": "外区点", "编码": "LT01P2", "所属站点编码": "NOPE", "类型": "园区"},
            {"联系点名称": "怪点", "编码": "LT01P3", "所属站点编码": "LT01", "类型": "商场"},
        ],
    )

    assert h.errors_of(job) == [
        (2, "所属站点编码", "No station with code “NOPE” in this district."),
        (3, "类型", "Unknown value “商场”: use one of 社区、园区、产业、青年、其他."),
    ]


def test_the_same_deputy_twice_and_two_heads_for_one_station(run):
    job = run(
        DEPUTIES,
        [
            h.deputy(站内角色="站长"),
            h.deputy(姓名="李强", 联系电话="13800138002", 站内角色="站长"),
            h.deputy(站内角色=""),
        ],
    )

    assert h.errors_of(job) == [
        (3, "站内角色", "“LT01” already has a station head in row 2."),
        (4, "姓名", "The same deputy (name and phone) is already in row 2."),
    ]


def test_term_roles_and_voters_are_checked(run):
    job = run(
        DEPUTIES,
        [
            h.deputy(任期开始="2026-01-31", 任期结束="2021-01-31"),
            h.deputy(
                姓名="李强", 联系电话="13800138002", 编组站点编码="LT01、LT01P1", 站内角色="站长、驻站代表、联系点主持"
            ),
            h.deputy(姓名="陈明", 联系电话="13800138003", 联系选民="王五 12345"),
        ],
    )

    assert h.errors_of(job) == [
        (2, "任期结束", "The term must end after it starts."),
        (3, "站内角色", "Give one role for all stations, or one role for each of the 2 codes."),
        (4, "联系选民", "王五 12345: Write each voter as a name and a phone number, e.g. 王五 13900000001."),
    ]


def test_the_templates_example_row_is_refused(run):
    example = {c.header: c.example for c in COLUMNS[DEPUTIES]}

    job = run(DEPUTIES, [example, h.deputy()])

    assert h.errors_of(job) == [(2, "姓名", "This is the template's example row: delete it before importing.")]


def test_a_missing_required_column_is_reported_on_the_header_row(run):
    data = h.csv_bytes([["姓名", "性别", "代表层级"], ["王芳", "女", "区县"]])

    job = run(DEPUTIES, [], raw=data)

    assert h.errors_of(job) == [(1, "联系电话", "This required column is missing.")]


def test_a_file_with_headers_only(run):
    job = run(DEPUTIES, [])

    assert h.errors_of(job) == [(1, "", "The file has no data rows.")]


def test_a_damaged_stored_file_makes_the_job_invalid_not_a_crash(world, tmp_path):
    job = h.start(by=world.district_staff, kind=DEPUTIES, district=world.district, data=h.xlsx_bytes([["姓名"]]))
    (tmp_path / job.file.name).write_bytes(b"PK\x03\x04damaged on disk")

    job = h.check(job)

    assert job.status == ImportJob.Status.INVALID
    assert h.errors_of(job) == [
        (0, "", "The file could not be opened as an XLSX workbook. Save it from Excel as .xlsx.")
    ]


def test_an_invalid_file_cannot_be_confirmed(run, world):
    job = run(DEPUTIES, [h.deputy(联系电话="123")])

    with pytest.raises(DomainError):
        h.confirm_and_apply(job, world.district_staff)
    assert Deputy.objects.filter(name="王芳").count() == 0
