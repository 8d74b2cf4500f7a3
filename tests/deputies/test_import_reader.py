"""Reading uploads: XLSX and CSV (UTF-8 with or without BOM, GB18030), accepted by content only."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from deputies.importing import values
from deputies.importing.reader import CSV, XLSX, FileError, read_table, sniff
from deputies.models import ImportJob
from tests.deputies import import_helpers as h

ROWS = [["姓名", "联系电话", "任期开始"], ["王芳", "13800138001", "2021-10-01"], ["李强", "13800138002", ""]]


def test_xlsx_rows_keep_the_numbers_excel_shows_even_after_blank_rows():
    data = h.xlsx_bytes(
        [
            ["姓名*", "联系电话", "任期开始"],
            ["王芳", 13800138001, dt.datetime(2021, 10, 1)],
            [None, None, None],
            ["李强", "13800138002", None],
        ]
    )

    table = read_table(data, sniff(data))

    assert table.headers == ["姓名", "联系电话", "任期开始"]  # the asterisk of a required column is dropped
    assert [number for number, _cells in table.rows] == [2, 4]
    cells = table.rows[0][1]
    assert values.mobile(cells["联系电话"]) == "13800138001"  # typed as a number in Excel
    assert values.date(cells["任期开始"]) == dt.date(2021, 10, 1)  # an Excel date cell


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_in_gb18030(encoding):
    data = h.csv_bytes(ROWS, encoding=encoding)

    assert sniff(data) == CSV
    table = read_table(data, CSV)

    assert table.headers == ["姓名", "联系电话", "任期开始"]
    assert [(n, c["姓名"]) for n, c in table.rows] == [(2, "王芳"), (3, "李强")]


def test_a_quoted_cell_spanning_lines_is_still_one_excel_row():
    data = '姓名,简介\r\n王芳,"第一行\n第二行"\r\n李强,律师\r\n'.encode()

    table = read_table(data, CSV)

    assert [(n, c["姓名"]) for n, c in table.rows] == [(2, "王芳"), (3, "李强")]


def test_xlsx_is_recognised_by_content():
    assert sniff(h.xlsx_bytes(ROWS)) == XLSX


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",  # an image
        b"\xff\xfe\x00\x00binary",  # not text in either encoding
        b"PK\x03\x04not really a zip",  # a broken zip
    ],
    ids=["png", "binary", "broken-zip"],
)
def test_anything_else_is_refused(data):
    with pytest.raises(FileError):
        sniff(data)


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")

    with pytest.raises(FileError):
        sniff(out.getvalue())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-01-31", dt.date(2026, 1, 31)),
        ("2026/1/31", dt.date(2026, 1, 31)),
        ("2026年1月31日", dt.date(2026, 1, 31)),
        (46053, dt.date(2026, 1, 31)),  # Excel's day number
        (dt.date(2024, 2, 29), dt.date(2024, 2, 29)),
    ],
)
def test_dates(raw, expected):
    assert values.date(raw) == expected


@pytest.mark.parametrize("raw", ["2026-02-30", "31/01/2026", "明年"])
def test_not_dates(raw):
    with pytest.raises(values.CellError):
        values.date(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("138 0013 8000", "13800138000"), ("+8613800138000", "13800138000"), ("138-0013-8000", "13800138000")],
)
def test_mobile_numbers_are_normalised(raw, expected):
    assert values.mobile(raw) == expected


@pytest.mark.parametrize("raw", ["1380013800", "23800138000", "0755-28900001"])
def test_not_mobile_numbers(raw):
    with pytest.raises(values.CellError):
        values.mobile(raw)


def test_landlines_are_phones():
    assert values.phone("0755-28900001") == "0755-28900001"


def test_items_split_on_chinese_and_latin_separators():
    assert values.items("法律、医疗；教育,法律") == ["法律", "医疗", "教育"]


class TestUpload:
    """The service refuses by name suffix, size and content before a job exists."""

    def test_old_xls_gets_a_helpful_message(self, world):
        with translation.override("en"), pytest.raises(ValidationError) as exc:
            h.start(
                by=world.district_staff,
                kind=ImportJob.Kind.DEPUTIES,
                district=world.district,
                data=h.xlsx_bytes(ROWS),
                name="代表.xls",
            )

        assert exc.value.message_dict["file"] == ["Old .xls workbooks cannot be read: save the file as .xlsx in Excel."]
        assert ImportJob.objects.count() == 0

    def test_double_extension_is_refused(self, world):
        with pytest.raises(ValidationError):
            h.start(
                by=world.district_staff,
                kind=ImportJob.Kind.DEPUTIES,
                district=world.district,
                data=h.csv_bytes(ROWS),
                name="代表.csv.exe",
            )

    def test_an_image_named_csv_is_refused(self, world):
        with translation.override("en"), pytest.raises(ValidationError) as exc:
            h.start(
                by=world.district_staff,
                kind=ImportJob.Kind.DEPUTIES,
                district=world.district,
                data=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                name="代表.csv",
            )

        assert "neither an XLSX workbook nor a CSV" in exc.value.message_dict["file"][0]

    def test_size_cap(self, world, settings):
        settings.LIAISON_IMPORT_MAX_BYTES = 100

        with translation.override("en"), pytest.raises(ValidationError) as exc:
            h.start(
                by=world.district_staff,
                kind=ImportJob.Kind.DEPUTIES,
                district=world.district,
                data=h.csv_bytes(ROWS * 10),
                name="代表.csv",
            )

        assert exc.value.message_dict["file"] == ["The file is larger than 100\xa0bytes."]

    def test_stored_under_a_random_name_in_private_storage(self, world, tmp_path):
        job = h.start(
            by=world.district_staff,
            kind=ImportJob.Kind.DEPUTIES,
            district=world.district,
            data=h.csv_bytes(ROWS),
            name="../../代表名单.csv",
        )

        assert job.file.name.startswith("imports/") and job.file.name.endswith(".csv")
        assert "代表" not in job.file.name
        assert (tmp_path / job.file.name).exists()
        assert job.original_name == "代表名单.csv"  # only shown, never used as a path
        assert (job.status, job.file_format) == (ImportJob.Status.PENDING, CSV)
