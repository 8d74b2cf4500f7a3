"""One spreadsheet cell → a clean value. Each parser raises CellError with a message in the active language.

Cells arrive as openpyxl gives them (str, int, float, bool, datetime) or as CSV text.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# 0755-12345678, 075512345678, 12345678, 0755-12345678-801
_LANDLINE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")
_SEPARATORS = re.compile(r"[、,，;；/\n]+")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")

YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", "×"}


class CellError(Exception):
    """What is wrong with one cell, already translated (validation runs in the uploader's language)."""


def text(raw) -> str:
    """Any cell as trimmed text; 13800138000.0 (a phone typed as a number) → "13800138000"."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).replace("\u3000", " ").strip()


def bounded(value: str, max_length: int) -> str:
    if len(value) > max_length:
        raise CellError(_("Too long: at most %(max)d characters.") % {"max": max_length})
    return value


def mobile(raw) -> str:
    phone = _compact_phone(text(raw))
    if not _MOBILE.match(phone):
        raise CellError(_("Not a valid mobile phone number (11 digits starting with 1)."))
    return phone


def phone(raw) -> str:
    """A mobile or a landline number."""
    value = _compact_phone(text(raw))
    if _MOBILE.match(value) or _LANDLINE.match(value):
        return value
    raise CellError(_("Not a valid phone number: write a mobile number or a landline such as 0755-12345678."))


def _compact_phone(value: str) -> str:
    value = re.sub(r"[\s()（）]", "", value)
    if value.startswith("+86"):
        value = value[3:]
    if re.fullmatch(r"1\d{2}-?\d{4}-?\d{4}", value):
        value = value.replace("-", "")
    return value


def date(raw) -> dt.date | None:
    """2026-01-31, 2026/1/31, 2026年1月31日, an Excel date cell, or Excel's day number."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2_958_466:
        return from_excel(raw).date()
    match = _DATE_TEXT.match(text(raw))
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(_("Not a valid date: write it like 2026-01-31."))


def yes_no(raw) -> bool | None:
    """是/否 (or Y/N, 1/0, an Excel TRUE/FALSE); empty → None."""
    if isinstance(raw, bool):
        return raw
    value = text(raw).lower()
    if not value:
        return None
    if value in YES:
        return True
    if value in NO:
        return False
    raise CellError(_("Write 是 or 否."))


def choice(raw, mapping: dict[str, str], shown: list[str]) -> str:
    """A Chinese label → the stored value; `shown` lists the labels the message suggests."""
    value = text(raw)
    if value in mapping:
        return mapping[value]
    raise CellError(
        _("Unknown value “%(value)s”: use one of %(choices)s.") % {"value": value, "choices": "、".join(shown)}
    )


def items(raw) -> list[str]:
    """ "律师、医生；教育" → ["律师", "医生", "教育"]: 、 , ， ; ； / or new lines; no repeats."""
    parts = (p.strip() for p in _SEPARATORS.split(text(raw)))
    return list(dict.fromkeys(p for p in parts if p))
