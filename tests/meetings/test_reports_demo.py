"""The reports-to-voters demo: last year rated and published, this year planned with the demo
deputy's report waiting for its text; a second run creates nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from meetings import demo_reports
from meetings.models import Meeting
from meetings.models.reports import Rating, RatingCredential, Report, ReportPlan
from tests import factories as f

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_seed_is_idempotent_and_shows_every_stage(world, monkeypatch):
    monkeypatch.setattr(demo_reports, "DEMO_DEPUTY_USERNAME", "deputy_user")
    for i in range(1, 8):
        # Named after 张代表 (the demo deputy) in code-point order, so the plain suggestion would pick 张代表 last year.
        f.DeputyFactory(name=f"郑代表0{i}", district=world.district, street=world.street_a)

    lines = demo_reports.seed(district=world.district, now=NOW)
    counts = [m.objects.count() for m in (ReportPlan, Report, RatingCredential, Rating, Meeting)]
    assert demo_reports.seed(district=world.district, now=NOW) == [
        "reports to voters 2025: exists", "reports to voters 2026: exists"]
    assert [m.objects.count() for m in (ReportPlan, Report, RatingCredential, Rating, Meeting)] == counts

    # ceil(8 / 3) = 3 suggested, the demo deputy kept for this year.
    assert lines[0].startswith("reports to voters 2025: 2 deputies rated and published")
    last = Report.objects.filter(year=2025)
    assert sorted(last.values_list("deputy__name", flat=True)) == ["郑代表01", "郑代表02"]
    assert all(r.status == Report.Status.RATING_CLOSED and r.is_public for r in last)
    assert Rating.objects.filter(report__year=2025).count() > 0

    # This year: those who did not report last year, and the demo deputy, whose report waits for its text.
    this = Report.objects.filter(year=2026)
    assert sorted(this.values_list("deputy__name", flat=True)) == ["张代表", "郑代表03", "郑代表04"]
    assert ReportPlan.objects.get(year=2026).status == ReportPlan.Status.CONFIRMED
    mine = this.get(deputy=world.deputy)
    assert (mine.status, mine.text) == (Report.Status.PLANNED, "")
    assert this.filter(status=Report.Status.RATING_OPEN).count() == 1
    assert Rating.objects.filter(report__year=2026).count() == 12
