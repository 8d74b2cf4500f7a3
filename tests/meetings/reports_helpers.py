"""Helpers for the reports-to-voters tests: plans, reports at each stage, codes and ratings, all made
through the services (so every row is as the portal writes it)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from meetings.models.reports import Report, ReportPlan
from meetings.services import reports as services

SHANGHAI = ZoneInfo("Asia/Shanghai")
MEETING_AT = dt.datetime(2026, 12, 1, 14, 30, tzinfo=SHANGHAI)


def plan_with(*, by, node, year: int, deputies, confirm: bool = True) -> ReportPlan:
    """A plan of exactly `deputies` (the suggestion replaced), confirmed unless told otherwise."""
    plan = services.plan_create(by=by, node=node, year=year)
    services.plan_set_deputies(by=by, plan=plan, deputies=deputies)
    if confirm:
        services.plan_confirm(by=by, plan=plan)
    plan.refresh_from_db()
    return plan


def report_for(world, *, year: int = 2026, deputy=None, schedule: bool = True) -> Report:
    """world.deputy's report in street_a's plan, held at station_a (by street staff)."""
    deputy = deputy or world.deputy
    plan = plan_with(by=world.street_staff, node=world.street_a, year=year, deputies=[deputy])
    report = plan.reports.get(deputy=deputy)
    if schedule:
        services.report_schedule(
            by=world.street_staff, report=report, node=world.station_a, starts_at=MEETING_AT, place="站内会议室"
        )
    report.refresh_from_db()
    return report


def issue(world, report: Report, count: int) -> list[str]:
    return services.report_codes_issue(by=world.street_staff, report=report, count=count)


def rated(world, report: Report, levels: list[str], *, comments=None, unused: int = 0, close: bool = True,
          publish: bool = False) -> Report:
    """Issue len(levels) + unused codes, cast one rating per level, then close (and publish)."""
    codes = issue(world, report, len(levels) + unused)
    comments = comments or [""] * len(levels)
    for code, level, comment in zip(codes, levels, comments, strict=False):
        services.rating_cast(code=code, level=level, comment=comment)
    if close:
        services.report_close(by=world.street_staff, report=report)
    if publish:
        services.report_publish(by=world.street_staff, report=report, public=True)
    report.refresh_from_db()
    return report
