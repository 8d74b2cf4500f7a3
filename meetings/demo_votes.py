"""Demo data of the votes area: last year's published livelihood-project vote of the district, its
results and its chosen projects being delivered, supervised by deputies. Idempotent: a second run
adds nothing. No code is printed: codes exist only on the slips printed when a round opens."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from deputies.models import Deputy
from meetings.models.votes import VoteRound
from meetings.services import votes as svc
from stations.models import Node, Position

CANDIDATES = [
    ("老旧小区加装电梯", "为 6 个老旧小区的 20 栋楼加装电梯。", "12000000"),
    ("社区长者饭堂", "在 4 个社区开设长者饭堂,提供助餐服务。", "3600000"),
    ("口袋公园建设", "利用边角地建设 5 个口袋公园。", "5000000"),
    ("学校周边交通安全改造", "完善 8 所学校周边的斑马线、护栏和信号灯。", "2800000"),
    ("背街小巷路灯改造", "更换和增设背街小巷路灯 600 盏。", "1500000"),
    ("农贸市场升级改造", "改造 2 个农贸市场的排水、通风和摊位。", "4200000"),
    ("社区健康驿站", "在 6 个社区设立健康驿站,提供基础检测。", "1800000"),
    ("河道清淤与步道", "清淤 3 公里河道并修建滨河步道。", "9500000"),
    ("非机动车充电设施", "新增电动自行车集中充电桩 1,000 个。", "2000000"),
    ("社区托育点", "建设 3 个普惠托育点。", "3000000"),
    ("公共厕所提升", "改造 15 座公共厕所。", "1600000"),
    ("智慧停车改造", "改造 5 个片区的路内停车并接入诱导系统。", "6000000"),
]
PLACES = 10
REPRESENTATIVES = 24


def _staff_user(district: Node):
    position = Position.objects.filter(node=district).select_related("user").order_by("id").first()
    if position is not None:
        return position.user
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("id").first()


def seed(*, district: Node, now: datetime) -> dict[str, int]:
    """Create the demo round (published, counted) and its projects; returns what was added."""
    year = timezone.localdate(now).year
    title = f"{district.name}{year}年民生实事项目票决"
    added = {"rounds": 0, "ballots": 0, "projects": 0}
    by = _staff_user(district)
    if by is None or VoteRound.objects.filter(district=district, title=title).exists():
        return added
    rng = random.Random(year)  # noqa: S311  (demo picks, not security)

    round = svc.round_create(by=by, node=district, title=title, year=year, places=PLACES)
    for name, description, budget in CANDIDATES:
        svc.candidate_add(by=by, round=round, name=name, description=description, budget=Decimal(budget))
    deputies = list(Deputy.objects.filter(district=district, is_active=True).order_by("id")[:20])
    svc.voters_add_deputies(by=by, round=round, deputies=deputies)
    svc.voters_import(by=by, round=round, names=[f"选民代表{i:02d}" for i in range(1, REPRESENTATIVES + 1)])
    slips = svc.round_open(by=by, round=round, now=now - timedelta(days=300))
    ids = list(round.candidates.order_by("order").values_list("pk", flat=True))
    # Popular projects first, so the demo has clear winners and a spread of votes; 90% turnout.
    weights = [12, 11, 10, 9, 9, 8, 8, 7, 7, 6, 3, 2]
    for slip in slips[: int(len(slips) * 0.9)]:
        picks = set()
        while len(picks) < PLACES - rng.randint(0, 2):
            picks.add(rng.choices(ids, weights=weights)[0])
        svc.ballot_cast(code=slip.code, candidate_ids=sorted(picks))
        added["ballots"] += 1
    round = svc.round_close(by=by, round=round, now=now - timedelta(days=300))
    round = svc.round_publish(by=by, round=round, now=now - timedelta(days=299))
    added["rounds"] = 1

    today = timezone.localdate(now)
    for i, project in enumerate(round.projects.select_related("candidate").order_by("candidate__rank", "id")):
        added["projects"] += 1
        if not deputies:
            continue
        supervisors = [deputies[(2 * i) % len(deputies)], deputies[(2 * i + 1) % len(deputies)]]
        svc.project_set_supervisors(by=by, project=project, deputies=supervisors)
        svc.project_start(by=by, project=project)
        svc.milestone_add(by=by, project=project, title="方案设计", due_on=today - timedelta(days=240))
        svc.milestone_add(by=by, project=project, title="施工完成", due_on=today + timedelta(days=30 + 10 * i))
        first = project.milestones.order_by("due_on").first()
        svc.milestone_done(by=by, milestone=first, on=today - timedelta(days=245))
        percent = max(20, 95 - 8 * i)
        budget = project.candidate.budget or Decimal(0)
        spent = (budget * percent / 100).quantize(Decimal("1"))
        svc.progress_record(by=by, project=project, percent=percent, spent=spent, note="按计划推进。",
                            now=now - timedelta(days=20))
    return added
