"""The uploaded file's bytes → a header row and data rows, numbered as Excel shows them.

Only two formats, recognised by content, not by name: an XLSX workbook that openpyxl opens, or CSV
text in UTF-8 (with or without BOM) or GB18030 (what Excel on Chinese Windows saves as "CSV").
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from deputies.importing.columns import normalize_header

XLSX, CSV = "xlsx", "csv"
MAX_ROWS = 10_000
# An XLSX is a zip: refuse one that would unpack to more than this (a decompression bomb).
XLSX_MAX_UNPACKED = 256 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FileError(Exception):
    """The file as a whole cannot be read; the message is translated."""


@dataclass
class Table:
    headers: list[str]  # normalised, in file order
    header_row: int
    rows: list[tuple[int, dict]]  # (row number as Excel shows it, {header: raw cell})


def sniff(data: bytes) -> str:
    """XLSX or CSV, by content; raises FileError for anything else."""
    if data[:4] == b"PK\x03\x04":
        _open_workbook(data)
        return XLSX
    decode_csv(data)
    return CSV


def decode_csv(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(content):
            break  # binary data that happens to decode
        return content
    raise FileError(_("This is neither an XLSX workbook nor a CSV text file (UTF-8 or GB18030)."))


def _open_workbook(data: bytes):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > XLSX_MAX_UNPACKED:
                raise FileError(_("The workbook is too large once unpacked."))
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise FileError(_("The file could not be opened as an XLSX workbook. Save it from Excel as .xlsx.")) from exc


def read_table(data: bytes, file_format: str) -> Table:
    """The first non-empty row is the header row; empty rows are skipped but keep their numbers."""
    numbered = _xlsx_rows(data) if file_format == XLSX else _csv_rows(data)
    header_row, headers, rows = 0, [], []
    for number, cells in numbered:
        if not any(_filled(c) for c in cells):
            continue
        if not headers:
            header_row, headers = number, [normalize_header(c) for c in cells]
            continue
        if len(rows) >= MAX_ROWS:
            raise FileError(_("The file has more than %(max)d rows; split it into smaller files.") % {"max": MAX_ROWS})
        rows.append((number, {h: c for h, c in zip(headers, cells, strict=False) if h}))
    return Table(headers=headers, header_row=header_row, rows=rows)


def _filled(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _xlsx_rows(data: bytes):
    workbook = _open_workbook(data)
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        workbook.close()


def _csv_rows(data: bytes):
    content = decode_csv(data)
    first_line = content.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    # Each record is one row in Excel, even when a quoted cell spans several lines.
    yield from enumerate(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter), start=1)
