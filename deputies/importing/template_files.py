"""The downloadable templates: a header row in Chinese and one example row (its name begins with
示例, and a file uploaded with it still in place is refused). The XLSX has a second sheet, 说明,
that explains every column.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from deputies.importing.columns import COLUMNS, EXAMPLE_PREFIX

_TEXT_COLUMNS = {"phone", "code", "parent", "nodes", "voters"}  # kept as text, so Excel keeps leading zeros


def template_csv(kind: str) -> bytes:
    """UTF-8 with a BOM: Excel on Windows then opens the Chinese headers correctly."""
    columns = COLUMNS[kind]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    writer.writerow([c.example for c in columns])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str) -> bytes:
    columns = COLUMNS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "导入"
    required_font, header_font = Font(bold=True, color="9C0006"), Font(bold=True)
    grey = Font(italic=True, color="808080")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = required_font if column.required else header_font
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        if column.note or column.required:
            cell.comment = Comment(("必填。" if column.required else "") + column.note, "模板")
        example = sheet.cell(row=2, column=index, value=column.example or None)
        example.font = grey
        if column.key in _TEXT_COLUMNS:
            example.number_format = "@"
            sheet.column_dimensions[letter].number_format = "@"
        sheet.column_dimensions[letter].width = max(12, min(40, 2 * max(len(column.header), len(column.example))))
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("说明")
    notes.append(["列名", "是否必填", "说明"])
    for cell in notes[1]:
        cell.font = header_font
    for column in columns:
        notes.append([column.header, "必填" if column.required else "", column.note])
    notes.append([])
    notes.append([f"第一行是列名，请勿修改；第二行是示例（名称以“{EXAMPLE_PREFIX}”开头），导入前请删除。"])
    notes.append(["日期写作 2026-01-31，或使用 Excel 日期；是/否 列填“是”或“否”；多个值用顿号（、）分隔。"])
    notes.append(["再次导入同一文件只会更新，不会重复添加：站点和联系点按编码识别，代表按姓名和手机号识别。"])
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 80

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
