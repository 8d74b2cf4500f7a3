"""Demo data of legislative consultation: two drafts for the district through the portal's own services.

- one closed draft (opinions were taken 90 to 45 days ago) with opinions from the first stations and
  their deputies, most decided: some adopted, with certificates, one not adopted, one still pending;
- one draft open today, with a few opinions and one from a resident online.

Idempotent: a draft is found by (district, title); an existing one gets no more opinions.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from deputies.models import Deputy
from meetings.models.consultation import DraftRegulation, Opinion
from meetings.services import consultation as services
from stations.models import Node, Position

CLOSED_TITLE = "《电动自行车管理条例（草案征求意见稿）》"
OPEN_TITLE = "《城市养犬管理条例（修订草案）》"
ISSUER = "市人大常委会法制工作委员会"

CLOSED_TEXT = (
    "第一条　为了加强电动自行车管理，保障道路交通安全，根据有关法律、行政法规，结合本市实际，制定本条例。\n"
    "第十二条　电动自行车应当在指定地点停放、充电，不得在楼道、安全出口、疏散通道停放或者充电。\n"
    "第二十条　驾驶电动自行车应当佩戴安全头盔。"
)
OPEN_TEXT = (
    "第一条　为了规范养犬行为，保障公民健康和人身安全，维护市容环境卫生和社会秩序，制定本条例。\n"
    "第九条　携犬出户时，应当束犬链，犬链长度不得超过一点五米。\n"
    "第十五条　犬只在公共场所排泄粪便的，携犬人应当立即清除。"
)
NOT_ADOPTED_REASON = "补贴属于政府年度政策，不宜写入条例，已转有关部门参考。"
# (article, text, with the station's deputy?, decision, reason)
CLOSED_OPINIONS = [
    ("第十二条", "建议明确小区物业应当配套建设集中充电设施，否则禁止楼道充电难以落实。", True, "adopted", ""),
    ("第十二条", "老旧小区无地面停车位，建议街道统筹设置临时停放点。", True, "adopted", ""),
    ("第二十条", "建议对外卖、快递骑手由企业统一配发头盔并承担检查责任。", False, "adopted", ""),
    ("第一条", "建议增加以旧换新补贴的规定。", True, "not_adopted", NOT_ADOPTED_REASON),
    ("", "建议罚款额度按违法次数递增。", False, "pending", ""),
]
OPEN_OPINIONS = [
    ("第九条", "犬链长度一点五米在电梯内仍偏长，建议电梯内应当收短牵引绳或怀抱。", True),
    ("第十五条", "建议在公园和小区增设犬只便袋投放点。", False),
]


def _staff_user(district: Node):
    position = Position.objects.filter(node=district).select_related("user").order_by("id").first()
    if position is not None:
        return position.user
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("id").first()


def _stations(district: Node) -> list[Node]:
    return list(Node.objects.filter(district=district, kind=Node.Kind.STATION, is_active=True).order_by("code")[:3])


def _deputy_at(station: Node) -> Deputy | None:
    return Deputy.objects.filter(assignments__node=station, is_active=True).order_by("id").first()


def seed(*, district: Node, now: datetime) -> dict[str, int]:
    """Create the demo drafts and opinions; returns how many drafts and opinions were added."""
    by = _staff_user(district)
    stations = _stations(district)
    added = {"drafts": 0, "opinions": 0}
    if by is None or not stations:
        return added
    today = timezone.localdate(now)

    if not DraftRegulation.objects.filter(district=district, title=CLOSED_TITLE).exists():
        draft = services.draft_create(
            by=by, scope_node=district, title=CLOSED_TITLE, issuing_body=ISSUER, text=CLOSED_TEXT,
            opinions_open_from=today - timedelta(days=90), opinions_due=today - timedelta(days=45),
        )
        added["drafts"] += 1
        for i, (article, text, with_deputy, decision, reason) in enumerate(CLOSED_OPINIONS):
            station = stations[i % len(stations)]
            opinion = services.opinion_create(
                by=by, draft=draft, node=station, text=text, article=article,
                deputy=_deputy_at(station) if with_deputy else None,
                contributor_name="" if with_deputy else "居民代表座谈会",
                now=now - timedelta(days=80 - i * 5),
            )
            added["opinions"] += 1
            if decision != Opinion.Decision.PENDING:
                services.opinion_decide(
                    by=by, opinion=opinion, decision=decision, reason=reason, now=now - timedelta(days=30 - i)
                )

    if not DraftRegulation.objects.filter(district=district, title=OPEN_TITLE).exists():
        draft = services.draft_create(
            by=by, scope_node=district, title=OPEN_TITLE, issuing_body=ISSUER, text=OPEN_TEXT,
            opinions_open_from=today - timedelta(days=10), opinions_due=today + timedelta(days=20),
        )
        added["drafts"] += 1
        for i, (article, text, with_deputy) in enumerate(OPEN_OPINIONS):
            station = stations[i % len(stations)]
            services.opinion_create(
                by=by, draft=draft, node=station, text=text, article=article,
                deputy=_deputy_at(station) if with_deputy else None, now=now - timedelta(days=5 - i),
            )
            added["opinions"] += 1
        services.opinion_submit_online(
            draft=draft, text="建议明确禁止饲养的烈性犬名录并向社会公布。", name="王先生", phone="13800138000",
            now=now - timedelta(days=2),
        )
        added["opinions"] += 1
    return added
