"""The template columns of each import kind. Headers are Chinese, as district staff write them;
a few common alternatives are accepted too. Example values begin with 示例 so that a template
uploaded unchanged is recognised and refused row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deputies.models import Assignment, Deputy, ImportJob
from stations.models import Node

EXAMPLE_PREFIX = "示例"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    example: str = ""
    note: str = ""  # shown in the template's instructions sheet (说明)
    aliases: tuple[str, ...] = field(default_factory=tuple)


TIERS = {"街道": Node.Kind.STREET, "代表之家": Node.Kind.STREET, "联络站": Node.Kind.STATION, "站点": Node.Kind.STATION}
TIER_LABELS = ["街道", "联络站"]

POINT_KINDS = {
    "社区": Node.PointKind.COMMUNITY,
    "园区": Node.PointKind.PARK,
    "产业": Node.PointKind.INDUSTRY,
    "青年": Node.PointKind.YOUTH,
    "高校": Node.PointKind.YOUTH,
    "其他": Node.PointKind.OTHER,
}
POINT_KIND_LABELS = ["社区", "园区", "产业", "青年", "其他"]

GENDERS = {"男": Deputy.Gender.MALE, "女": Deputy.Gender.FEMALE}
LEVELS = {
    "全国": Deputy.Level.NATIONAL,
    "省": Deputy.Level.PROVINCIAL,
    "省级": Deputy.Level.PROVINCIAL,
    "市": Deputy.Level.CITY,
    "市级": Deputy.Level.CITY,
    "区县": Deputy.Level.COUNTY,
    "区": Deputy.Level.COUNTY,
    "县": Deputy.Level.COUNTY,
    "区/县": Deputy.Level.COUNTY,
    "乡镇": Deputy.Level.TOWNSHIP,
    "乡": Deputy.Level.TOWNSHIP,
    "镇": Deputy.Level.TOWNSHIP,
}
LEVEL_LABELS = ["全国", "省", "市", "区县", "乡镇"]
ROLES = {
    "站长": Assignment.Role.HEAD,
    "驻站代表": Assignment.Role.RESIDENT,
    "进站代表": Assignment.Role.RESIDENT,
    "联系点主持": Assignment.Role.HOST,
    "主持代表": Assignment.Role.HOST,
}
ROLE_LABELS = ["站长", "驻站代表", "联系点主持"]

_YES_NO = "是 / 否"

STATION_COLUMNS = [
    Column("tier", "类型", example="联络站", note="街道（人大代表之家）或 联络站；空白即联络站", aliases=("层级",)),
    Column("name", "站点名称", required=True, example="示例社区联络站", aliases=("名称",)),
    Column("code", "站点编码", required=True, example="SL01", note="全区唯一，再次导入时按编码更新", aliases=("编码",)),
    Column("street", "所属街道", example="龙田街道", note="街道的名称或编码；联络站必填，街道留空"),
    Column("home_name", "代表之家名称", note="仅街道填写，如 龙田街道人大代表之家"),
    Column("address", "地址", example="龙田街道南岭社区文化广场2楼"),
    Column("phone", "联系电话", example="0755-28900001", note="手机号或座机号"),
    Column("opening_hours", "开放时间", example="周一至周五 9:00-17:30"),
    Column("communities", "覆盖社区", example="南岭社区、沙背坜社区", note="多个用顿号（、）或分号分隔"),
    Column("vice_heads", "副站长", example="王芳、李强"),
    Column("is_active", "是否启用", example="是", note=f"{_YES_NO}；空白即是"),
]

POINT_COLUMNS = [
    Column("name", "联系点名称", required=True, example="示例产业园联系点", aliases=("名称",)),
    Column(
        "code", "编码", required=True, example="SL01P1", note="全区唯一，再次导入时按编码更新", aliases=("联系点编码",)
    ),
    Column("parent", "所属站点编码", required=True, example="SL01", note="联络站（或街道）的编码"),
    Column("point_kind", "类型", required=True, example="园区", note=" / ".join(POINT_KIND_LABELS)),
    Column("address", "地址", example="南岭产业园A栋1楼"),
    Column("phone", "联系电话", example="13800000001", note="手机号或座机号"),
    Column("opening_hours", "开放时间", example="每月15日 9:00-12:00"),
    Column("is_active", "是否启用", example="是", note=f"{_YES_NO}；空白即是"),
]

DEPUTY_COLUMNS = [
    Column("name", "姓名", required=True, example="示例代表"),
    Column("gender", "性别", required=True, example="女", note="男 / 女"),
    Column("level", "代表层级", required=True, example="区县", note=" / ".join(LEVEL_LABELS), aliases=("层级",)),
    Column("street", "所属街道", example="龙田街道", note="选区所在街道的名称或编码"),
    Column("electoral_district", "选区", example="第3选区"),
    Column("profession", "职业", example="律师"),
    Column("specialties", "专业特长", example="法律、社区治理", note="多个用顿号（、）分隔"),
    Column("is_leader", "是否职务代表", example="否", note=f"{_YES_NO}；空白即否"),
    Column(
        "phone",
        "联系电话",
        required=True,
        example="13800138000",
        note="11 位手机号；与姓名一起识别同一位代表",
        aliases=("手机号", "手机"),
    ),
    Column("bio", "简介", example="执业律师，长期参与社区法律服务。"),
    Column("term_start", "任期开始", example="2021-10-01", note="日期，如 2026-01-31"),
    Column("term_end", "任期结束", example="2026-09-30", note="日期，如 2026-01-31"),
    Column("nodes", "编组站点编码", example="SL01、SL01P1", note="一个或多个站点/联系点编码，用顿号分隔"),
    Column(
        "roles",
        "站内角色",
        example="站长、联系点主持",
        note="站长 / 驻站代表 / 联系点主持；一个（适用于全部编码）或与编码一一对应；空白即驻站代表（联系点为主持）",
    ),
    Column(
        "voters", "联系选民", example="王五 13900000001；赵六 13900000002", note="姓名 电话，多位用分号分隔；只增不删"
    ),
]

COLUMNS = {
    ImportJob.Kind.STATIONS: STATION_COLUMNS,
    ImportJob.Kind.POINTS: POINT_COLUMNS,
    ImportJob.Kind.DEPUTIES: DEPUTY_COLUMNS,
}

# The template's file name (without extension) per kind.
TEMPLATE_NAMES = {
    ImportJob.Kind.STATIONS: "街道和联络站导入模板",
    ImportJob.Kind.POINTS: "联系点导入模板",
    ImportJob.Kind.DEPUTIES: "代表导入模板",
}


def normalize_header(value) -> str:
    """ "姓名*", " 姓名（必填）" → "姓名"."""
    header = str(value or "").replace("\u3000", " ").strip()
    for suffix in ("（必填）", "(必填)", "*", "＊"):
        header = header.removesuffix(suffix).strip()
    return header


def header_map(kind: str) -> dict[str, Column]:
    """Every accepted header (and alias) → its column."""
    mapping = {}
    for column in COLUMNS[kind]:
        for header in (column.header, *column.aliases):
            mapping.setdefault(header, column)
    return mapping
