"""Spreadsheets built in memory for the import tests, and a way to run an import start to finish."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from deputies.importing import runner, services
from deputies.importing.columns import COLUMNS
from deputies.models import ImportJob


def headers(kind: str) -> list[str]:
    return [c.header for c in COLUMNS[kind]]


def table(kind: str, rows: list[dict]) -> list[list]:
    """The header row of `kind`, then one list per row dict (keyed by Chinese header)."""
    names = headers(kind)
    unknown = {k for row in rows for k in row} - set(names)
    assert not unknown, f"not a column of {kind}: {unknown}"
    return [names, *[[row.get(h, "") for h in names] for row in rows]]


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def upload(data: bytes, name: str = "导入.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def deputy(**overrides) -> dict:
    """A valid deputies row for the `world` district (station LT01, point LT01P1, street 龙田街道)."""
    row = {
        "姓名": "王芳",
        "性别": "女",
        "代表层级": "区县",
        "所属街道": "龙田街道",
        "选区": "第3选区",
        "职业": "律师",
        "专业特长": "法律、社区治理",
        "是否职务代表": "否",
        "联系电话": "13800138001",
        "简介": "执业律师",
        "任期开始": "2021-10-01",
        "任期结束": "2026-09-30",
        "编组站点编码": "LT01",
        "站内角色": "驻站代表",
        "联系选民": "",
    }
    row.update(overrides)
    return row


def start(*, by, kind: str, district, data: bytes, name: str = "导入.xlsx", language: str = "en") -> ImportJob:
    """Upload and check, the way the page does (tasks run after commit; callers capture on-commit)."""
    return services.import_job_create(by=by, kind=kind, district=district, upload=upload(data, name), language=language)


def check(job: ImportJob, batch: int = 25) -> ImportJob:
    runner.run_validation(job.pk, batch=batch)
    job.refresh_from_db()
    return job


def confirm_and_apply(job: ImportJob, by, batch: int = 25) -> ImportJob:
    services.import_job_confirm(by=by, job=job)
    runner.run_apply(job.pk, batch=batch)
    job.refresh_from_db()
    return job


def errors_of(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]
