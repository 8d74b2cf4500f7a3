"""Shared builders for the export tests: a handful of cases, reading CSV and XLSX answers back."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import time_machine

from petitions import services
from petitions.models import Petition
from tests.petitions.case_helpers import category, new_case

CN = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 5, 20, 10, 0, tzinfo=CN)
S = Petition.Status


def make_cases(world) -> dict:
    """lamp (station_a, referred, 2 days overdue), noise (point_a, name withheld from the deputy),
    bus (station_b, another street), school (station_a, newest)."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=CN), tick=False):
        lamp = new_case(world, content="小区门口路灯坏了两个月。")
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0, tzinfo=CN), tick=False):
        noise = new_case(
            world,
            node=world.point_a,
            category=category("环境卫生"),
            grade=Petition.Grade.URGENT,
            resident_name="李四",
            resident_phone="13900001111",
            hide_name_from_deputy=True,
            content="夜间施工噪音扰民。",
        )
    with time_machine.travel(dt.datetime(2026, 4, 8, 9, 0, tzinfo=CN), tick=False):
        bus = new_case(
            world,
            by=world.other_clerk,
            node=world.station_b,
            category=category("交通出行"),
            resident_phone="0755-12345678",
            content="公交站台没有遮雨棚。",
        )
    with time_machine.travel(dt.datetime(2026, 5, 10, 9, 0, tzinfo=CN), tick=False):
        school = new_case(world, category=category("教育卫生"), content="学校门口道路拥堵。")
    for case in (lamp, noise):
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    Petition.objects.filter(pk=lamp.pk).update(status=S.REFERRED, due_on=dt.date(2026, 5, 18))
    Petition.objects.filter(pk=noise.pk).update(status=S.ACKNOWLEDGED, due_on=dt.date(2026, 5, 30))
    return {"lamp": lamp, "noise": noise, "bus": bus, "school": school}


def get(client, url: str):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
        if response.status_code == 200 and response.streaming:
            response.body = b"".join(response.streaming_content)
        elif response.status_code == 200:
            response.body = response.content
    return response


def csv_table(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_table(data: bytes) -> tuple[str, list[list]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    return sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]


def list_rows(client, url: str) -> list:
    """Every row the list page shows for these filters, across all its pages."""
    rows, page = [], 1
    while True:
        sep = "&" if "?" in url else "?"
        with time_machine.travel(NOW, tick=False):
            response = client.get(f"{url}{sep}page={page}")
        page_obj = response.context["page_obj"]
        rows += list(page_obj)
        if not page_obj.has_next():
            return rows
        page += 1
