"""Station assessments: the sample checklist, quarters, and who may do what."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from stations.models import Node
from stations.scope import Role, scope_for

ZERO = Decimal("0")

# A realistic sample to start from (DOMAIN §1, §6: "六个有", "五公开", reception, opinions, activities).
# Data, not interface text: it stays in Chinese. 19 items, 100 points.
DEFAULT_CHECKLIST = [
    ("阵地建设", [
        ("有固定场所、标识牌和代表公示栏", 5, "现场查看场所与标识"),
        ("接待室、会议室等功能分区齐全", 5, "现场查看"),
        ("办公设备和网络满足接待需要", 3, "设备清单"),
    ]),
    ("制度建设", [
        ("接待、学习、议事等工作制度上墙", 4, "制度上墙照片"),
        ("代表编组进站，值班表按月公布", 4, "值班表"),
        ("工作台账完整规范", 5, "工作台账"),
    ]),
    ("接待活动", [
        ("每月至少一次固定接待日并按时开展", 8, "接待日签到表"),
        ("接待日前3天发布接待公告", 4, "公告截图"),
        ("进站代表每年接待选民不少于4次", 6, "接待记录"),
    ]),
    ("意见处理", [
        ("群众意见10日内交办", 6, "交办记录"),
        ("转办意见3个月内书面答复", 8, "答复函"),
        ("答复后回访群众并记录满意度", 5, "回访记录"),
        ("群众满意率达到90%以上", 5, "满意度统计"),
    ]),
    ("履职活动", [
        ("每年至少召开2次代表议事会", 8, "议事会记录"),
        ("组织代表学习培训不少于1次", 4, "培训签到表"),
        ("开展自主选题调研不少于1次", 4, "调研报告"),
    ]),
    ("宣传公开", [
        ("落实“五公开”并及时更新", 6, "公开栏照片"),
        ("通过公众号、网站等宣传代表履职", 5, "宣传链接"),
        ("按季度公开群众意见办理结果", 5, "公开记录"),
    ]),
]


class ChecklistFrozen(ValidationError):
    pass


# --- periods ------------------------------------------------------------------------------------


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def default_quarter(today: datetime.date | None = None) -> tuple[int, int]:
    """The last finished quarter: assessments score a quarter once it is over."""
    return previous_quarter(*quarter_of(today or timezone.localdate()))


# --- who may do what ----------------------------------------------------------------------------


def can_keep_checklist(user, district_id: int) -> bool:
    scope = scope_for(user)
    return scope.is_admin or (Role.DISTRICT_STAFF in scope.roles and district_id in scope.district_ids)


def can_assess(user, station: Node) -> bool:
    """District staff assess every station of their district; street staff those of their street."""
    if station.kind != Node.Kind.STATION:
        return False
    scope = scope_for(user)
    if scope.is_admin:
        return True
    if Role.DISTRICT_STAFF in scope.roles and station.district_id in scope.district_ids:
        return True
    return Role.STREET_STAFF in scope.roles and station.street_id in scope.street_ids


def districts_visible_to(user) -> QuerySet[Node]:
    """The districts a user works in (a district staff's own, the district of a street or station)."""
    scope = scope_for(user)
    districts = Node.objects.filter(kind=Node.Kind.DISTRICT, is_active=True)
    if scope.is_admin:
        return districts
    under = Node.objects.filter(scope.nodes_q()).values("district_id")
    return districts.filter(pk__in=under)
