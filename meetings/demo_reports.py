"""Demo data for reports to voters (述职评议): `seed(district=..., now=...)`.

For the demo deputy's street (or the district's first street):
- last year's plan, confirmed, its deputies reporting in groups of five at December meetings, rated
  with one-time codes, closed and published;
- this year's plan, confirmed, drawn from those who did not report last year (the suggestion's rule),
  with the demo deputy's report waiting for its text, a few texts written, and one meeting whose
  rating is open.
Everything goes through meetings.services.reports, so audit rows and notifications are as in real use.

Deterministic (random.Random(2026)) and idempotent: a plan that exists for (street, year) is left as
it is, so a second run creates nothing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from deputies.models import Deputy
from meetings.models.reports import Report, ReportPlan
from meetings.services import reports as services
from stations.models import Node, Position

DEMO_DEPUTY_USERNAME = "deputy"
LEVELS = ["satisfied"] * 13 + ["mostly"] * 5 + ["not"] * 2
COMMENTS = [
    "讲得实在,接待日也常见到您。",
    "希望多关注老旧小区加装电梯。",
    "停车难的问题还没有解决。",
    "对学校门口交通整治很满意。",
    "建议多公开建议的办理结果。",
    "",
    "",
    "",
]
TEXT = (
    "一年来,我按时参加联络站接待日,接待群众{visits}人次,收集意见建议{cases}件,"
    "已办结{solved}件;参加集中视察和专题调研{surveys}次,提出代表建议{suggestions}件。"
    "下一步,我将继续围绕社区停车、加装电梯和学校周边交通等群众关心的问题开展调研。"
)


def _acting_user(district: Node):
    """District staff if there are any, otherwise a superuser."""
    position = Position.objects.filter(node=district, user__is_active=True).select_related("user").first()
    if position is not None:
        return position.user
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _text(rng: random.Random) -> str:
    solved = rng.randint(8, 20)
    return TEXT.format(
        visits=rng.randint(30, 90),
        cases=solved + rng.randint(1, 6),
        solved=solved,
        surveys=rng.randint(2, 6),
        suggestions=rng.randint(2, 5),
    )


def _stations(street: Node) -> list[Node]:
    return list(Node.objects.filter(street=street, kind=Node.Kind.STATION, is_active=True).order_by("code")) or [street]


def seed(*, district: Node, now: datetime) -> list[str]:
    """Seed the district's first street; returns what was done, one line per plan."""
    by = _acting_user(district)
    streets = Node.objects.filter(district=district, kind=Node.Kind.STREET, is_active=True).order_by("code")
    # The demo deputy's street, so that the `deputy` account has a report to write; else the first street.
    demo_street = (
        Deputy.objects.filter(user__username=DEMO_DEPUTY_USERNAME, district=district).values("street_id").first()
    )
    street = streets.filter(pk=demo_street["street_id"]).first() if demo_street else None
    street = street or streets.first()
    if by is None or street is None:
        return ["reports to voters: no street or no staff to act, nothing seeded"]
    rng = random.Random(2026)
    year = timezone.localtime(now).year
    lines = []
    with transaction.atomic():
        lines.append(_last_year(by=by, street=street, year=year - 1, rng=rng))
        lines.append(_this_year(by=by, street=street, year=year, now=now, rng=rng))
    return lines


def _last_year(*, by, street: Node, year: int, rng: random.Random) -> str:
    if ReportPlan.objects.filter(node=street, year=year).exists():
        return f"reports to voters {year}: exists"
    plan = services.plan_create(by=by, node=street, year=year)
    # The demo deputy reports this year, not last year: their account then has a report to write.
    suggested = [r.deputy for r in plan.reports.select_related("deputy__user")]
    if any(d.user_id and d.user.username == DEMO_DEPUTY_USERNAME for d in suggested):
        keep = [d for d in suggested if not (d.user_id and d.user.username == DEMO_DEPUTY_USERNAME)]
        services.plan_set_deputies(by=by, plan=plan, deputies=keep)
    services.plan_confirm(by=by, plan=plan)
    reports = list(plan.reports.select_related("deputy").order_by("deputy__name"))
    stations = _stations(street)
    day = date(year, 12, 10)
    meeting = None
    ratings = 0
    for n, report in enumerate(reports):
        # Four or five deputies report at each meeting (述职评议会), a week apart.
        group = n // 5
        if n % 5 == 0:
            meeting = services.report_schedule(
                by=by,
                report=report,
                node=stations[group % len(stations)],
                starts_at=_at(day + timedelta(7 * group), 14),
                place="联络站会议室",
            )
        else:
            services.report_schedule(by=by, report=report, meeting=meeting)
        services.report_text_submit(by=by, report=report, text=_text(rng))
        codes = services.report_codes_issue(by=by, report=report, count=rng.randint(25, 40))
        for code in codes[: len(codes) - rng.randint(2, 8)]:
            services.rating_cast(code=code, level=rng.choice(LEVELS), comment=rng.choice(COMMENTS))
            ratings += 1
        services.report_close(by=by, report=report)
        services.report_publish(by=by, report=report, public=True)
    return f"reports to voters {year}: {len(reports)} deputies rated and published ({ratings} ratings)"


def _this_year(*, by, street: Node, year: int, now: datetime, rng: random.Random) -> str:
    if ReportPlan.objects.filter(node=street, year=year).exists():
        return f"reports to voters {year}: exists"
    plan = services.plan_create(by=by, node=street, year=year)
    reports = list(plan.reports.select_related("deputy").order_by("deputy__name"))
    demo = Deputy.objects.filter(user__username=DEMO_DEPUTY_USERNAME, street=street, is_active=True).first()
    if demo is not None and not Report.objects.filter(deputy=demo).exists():
        services.plan_set_deputies(by=by, plan=plan, deputies=[r.deputy for r in reports] + [demo])
    services.plan_confirm(by=by, plan=plan)
    reports = list(plan.reports.select_related("deputy").order_by("deputy__name"))
    stations = _stations(street)
    soon = timezone.localtime(now).date() + timedelta(days=14)
    meeting = None
    for n, report in enumerate(reports):
        if demo is not None and report.deputy_id == demo.pk:
            continue  # the demo deputy's report waits for its text
        if n < 5:
            if meeting is None:
                meeting = services.report_schedule(
                    by=by,
                    report=report,
                    node=stations[0],
                    starts_at=_at(timezone.localtime(now).date(), 9),
                    place="联络站会议室",
                )
            else:
                services.report_schedule(by=by, report=report, meeting=meeting)
            services.report_text_submit(by=by, report=report, text=_text(rng))
        elif n < 10:
            services.report_schedule(
                by=by, report=report, node=stations[n % len(stations)], starts_at=_at(soon, 14), place="联络站会议室"
            )
    # The first meeting is under way: its first report's rating is open, a few voters have rated.
    opened = 0
    if meeting is not None:
        first = Report.objects.filter(meeting=meeting).order_by("deputy__name").first()
        codes = services.report_codes_issue(by=by, report=first, count=30)
        for code in codes[:12]:
            services.rating_cast(code=code, level=rng.choice(LEVELS), comment=rng.choice(COMMENTS))
            opened += 1
    return f"reports to voters {year}: {len(reports)} deputies planned ({opened} ratings so far)"
