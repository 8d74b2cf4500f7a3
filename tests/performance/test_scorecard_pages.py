"""The scorecard pages in each role, with numbers from known records (test_scorecard_helpers.py)."""

import datetime as dt
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from deputies.models import Duty
from performance.models.scorecard import Metric, PointRule, Quota, Source
from tests import factories as f
from tests.performance import test_scorecard_helpers as h
from tests.performance.test_scorecard_helpers import EXPECTED_2026, make_case, make_duty

pytestmark = pytest.mark.django_db
clock, scored = h.clock, h.scored  # the shared fixtures


@pytest.fixture
def en(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def cell(html: str, row_attr: str, testid: str) -> str:
    """The text of the cell `testid` in the table row carrying `row_attr`."""
    row = re.search(rf"<tr [^>]*{re.escape(row_attr)}[^>]*>(.*?)</tr>", html, re.S).group(1)
    return re.search(rf'data-testid="{testid}"[^>]*>(.*?)</td>', row, re.S).group(1).strip()


def stat(html: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}"[^>]*>(.*?)</div>', html, re.S).group(1).strip()


# ---- the staff list ---------------------------------------------------------------------------------------


def test_staff_list_shows_each_deputys_numbers(scored, client_for, en):
    html = client_for("district_staff").get("/performance/scorecards/").content.decode()
    row = f'data-deputy="{scored.deputy.pk}"'
    assert cell(html, row, "points") == str(EXPECTED_2026["points"])
    assert cell(html, row, "raised") == "6"
    assert cell(html, row, "solved") == "3"
    assert cell(html, row, "caseload") == "5"
    assert cell(html, row, "rate") == "60%"
    assert cell(html, row, "activities") == "2"
    assert cell(html, row, "visits") == "5"
    other = f'data-deputy="{scored.other_deputy.pk}"'
    assert cell(html, other, "points") == "0"
    assert cell(html, other, "rate") == "—"
    # Most points first.
    assert html.index(row) < html.index(other)


def test_street_staff_see_only_their_streets_deputies(scored, client_for):
    html = client_for("street_staff").get("/performance/scorecards/").content.decode()
    assert f'data-deputy="{scored.deputy.pk}"' in html
    assert f'data-deputy="{scored.other_deputy.pk}"' not in html


def test_behind_quota_filter_and_year(scored, client_for):
    client = client_for("district_staff")
    # Both deputies are behind in 2026 (张代表 on visits, suggestions and activities).
    html = client.get("/performance/scorecards/?behind=on").content.decode()
    assert html.count('data-testid="scorecard-row"') == 2
    Quota.objects.create(district=scored.district, metric=Metric.VISITS, minimum=5, valid_from=2026)
    Quota.objects.create(district=scored.district, metric=Metric.SUGGESTIONS, minimum=1, valid_from=2026)
    Quota.objects.create(district=scored.district, metric=Metric.ACTIVITIES, minimum=2, valid_from=2026)
    html = client.get("/performance/scorecards/?behind=on").content.decode()
    assert html.count('data-testid="scorecard-row"') == 1
    assert f'data-deputy="{scored.other_deputy.pk}"' in html
    # 2025: one resolved case; a bad year falls back to this year rather than failing.
    html = client.get("/performance/scorecards/?year=2025").content.decode()
    assert cell(html, f'data-deputy="{scored.deputy.pk}"', "points") == "3"
    assert client.get("/performance/scorecards/?year=abc&street=999999&o=nonsense").status_code == 200


def test_sorting_by_a_column(scored, client_for):
    client = client_for("district_staff")
    a, b = f'data-deputy="{scored.deputy.pk}"', f'data-deputy="{scored.other_deputy.pk}"'
    html = client.get("/performance/scorecards/?o=points").content.decode()
    assert html.index(b) < html.index(a)
    html = client.get("/performance/scorecards/?o=-caseload").content.decode()
    assert html.index(a) < html.index(b)


def _more_deputies(world, n: int):
    for i in range(n):
        deputy = f.DeputyFactory(name=f"代表{i:02d}", district=world.district, street=world.street_a)
        f.AssignmentFactory(deputy=deputy, node=world.station_a)
        make_case(world, deputy=deputy, status="resolved")
        make_duty(world, deputy, dt.date(2026, 3, 10), Duty.Attendance.PRESENT)
        f.VoterContactFactory(deputy=deputy)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_staff_list_queries_do_not_grow_with_deputies(scored, client_for, django_assert_max_num_queries):
    client = client_for("district_staff")
    url = "/performance/scorecards/?street=" + str(scored.street_a.pk)
    few = _queries(client, url)
    _more_deputies(scored, 12)
    # session, user, scope (3), the deputies (1), eight grouped counts, rules, quotas, streets for the
    # filter and the chosen street, the notification bell (1): a constant, whatever the number of deputies.
    with django_assert_max_num_queries(19):
        assert client.get(url).status_code == 200
    assert _queries(client, url) == few


# ---- a deputy's scorecard ---------------------------------------------------------------------------------


def test_deputy_sees_own_scorecard_with_quotas_records_and_history(scored, client_for, en):
    client = client_for("deputy_user")
    response = client.get("/performance/scorecards/mine/")
    assert response.status_code == 302
    assert response["Location"] == f"/performance/scorecards/{scored.deputy.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert stat(html, "points") == str(EXPECTED_2026["points"])
    assert stat(html, "solved").startswith("3")
    assert "60% of a caseload of 5" in html
    assert stat(html, "activities") == "2"
    assert stat(html, "visits") == "5"
    assert 'data-testid="quota-visits" data-met="no"' in html
    assert "5 of at least 10" in html
    assert "3 of 3–5" in html
    assert '<progress id="quota-visits-2026" max="100" value="50">50%</progress>' in html
    # Every count lists its records; cases link to their pages.
    assert html.count('data-testid="record"') == 3 + 1 + 1 + 1 + 4 + 1 + 1 + 1 + 1
    assert 'href="/cases/' in html
    # A deputy gets no links to reception pages (clerks and staff do).
    assert not re.search(r'href="/network/receptions/\d+/', html)
    # History: 2026 and 2025 (the deputy's term started before).
    assert 'data-testid="history-2025"' in html and 'data-testid="history-2026"' in html
    assert 'href="/performance/scorecards/mine/">My scorecard</a>' in html


def test_history_year_by_query_string(scored, client_for):
    html = client_for("district_staff").get(f"/performance/scorecards/{scored.deputy.pk}/?year=2025").content.decode()
    assert stat(html, "points") == "3"
    assert not re.search(r'href="/network/receptions/\d+/', html)  # no duties in 2025
    html = client_for("district_staff").get(f"/performance/scorecards/{scored.deputy.pk}/").content.decode()
    assert len(re.findall(r'href="/network/receptions/\d+/', html)) == 5


def test_detail_queries_are_bounded(scored, client_for, django_assert_max_num_queries):
    client = client_for("district_staff")
    # session, user, scope (3), deputy, deputy row, eight counts, rules, quotas, one record list per
    # source with records (nine here), the report-to-voters result (1, or 3 with a report), bell.
    with django_assert_max_num_queries(28):
        assert client.get(f"/performance/scorecards/{scored.deputy.pk}/").status_code == 200


# ---- rules and quotas -------------------------------------------------------------------------------------


def _rules_post(world, **changes):
    data = {"year": 2026, "district": world.district.pk}
    from performance.scorecard.defaults import DEFAULT_POINTS

    for source in Source.values:
        data[f"points_{source}"] = DEFAULT_POINTS[source]
        data[f"active_{source}"] = "on"
    data.update(changes)
    return data


def test_district_staff_change_a_rule_and_the_score_follows(scored, client_for, en):
    client = client_for("district_staff")
    data = _rules_post(scored, points_case_solved=5)
    del data["active_duty_absent"]
    response = client.post("/performance/scorecards/rules/", data)
    assert response.status_code == 302
    rules = {r.source: (r.points, r.active, r.valid_from) for r in PointRule.objects.all()}
    assert rules == {Source.CASE_SOLVED: (5, True, 2026), Source.DUTY_ABSENT: (-1, False, 2026)}
    assert LogEntry.objects.filter(object_repr__contains="+5").count() == 1
    html = client.get(f"/performance/scorecards/{scored.deputy.pk}/").content.decode()
    assert stat(html, "points") == str(EXPECTED_2026["points"] + 6 + 1)
    html = client.get("/performance/scorecards/rules/").content.decode()
    assert cell(html, 'data-testid="rule-case_solved"', "points") == "+5"
    assert cell(html, 'data-testid="rule-duty_absent"', "points") == "not counted"


def test_bad_rule_input_is_kept_and_explained(scored, client_for, en):
    data = _rules_post(scored, points_case_solved="abc", points_suggestion=500, year=2019)
    response = client_for("district_staff").post("/performance/scorecards/rules/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="abc"' in html and 'value="500"' in html
    assert "Enter a whole number." in html
    assert "Select a valid choice." in html
    assert not PointRule.objects.exists()


def test_street_staff_read_the_rules_but_cannot_change_them(scored, client_for):
    html = client_for("street_staff").get("/performance/scorecards/rules/").content.decode()
    assert 'data-testid="rules-in-force"' in html
    assert 'data-testid="rules-form"' not in html
    assert client_for("street_staff").post("/performance/scorecards/rules/", _rules_post(scored)).status_code == 403


def test_quotas_change_and_max_below_min_is_refused(scored, client_for, en):
    from performance.scorecard.defaults import DEFAULT_QUOTAS

    data = {"year": 2026, "district": scored.district.pk}
    for metric in Metric.values:
        low, high = DEFAULT_QUOTAS[metric]
        data[f"min_{metric}"], data[f"max_{metric}"] = low, "" if high is None else high
    client = client_for("district_staff")
    response = client.post("/performance/scorecards/quotas/", {**data, "min_visits": 6, "max_visits": 2})
    assert response.status_code == 400
    assert "The maximum cannot be below the minimum." in response.content.decode()
    assert client.post("/performance/scorecards/quotas/", {**data, "min_visits": 5}).status_code == 302
    assert list(Quota.objects.values_list("metric", "minimum", "maximum", "valid_from")) == [
        (Metric.VISITS, 5, None, 2026)
    ]
    html = client.get(f"/performance/scorecards/{scored.deputy.pk}/").content.decode()
    assert 'data-testid="quota-visits" data-met="yes"' in html


# ---- the public page and the navigation -------------------------------------------------------------------


def test_public_page_shows_activity_counts_only(scored, client_for):
    html = client_for("anonymous").get(f"/p/performance/deputies/{scored.deputy.pk}/").content.decode()
    section = html[html.index('data-testid="year-2026"') :]
    assert re.search(r'data-testid="duties"[^>]*>4<', section)
    assert re.search(r'data-testid="activities"[^>]*>2<', section)
    assert re.search(r'data-testid="visits"[^>]*>5<', section)
    for private in ("points", "/cases/", "LT01-", "quota"):
        assert private not in html


def test_navigation_per_role(scored, client_for, en):
    staff = client_for("street_staff").get("/performance/scorecards/").content.decode()
    assert 'href="/performance/scorecards/">Deputy scorecards</a>' in staff
    assert "My scorecard" not in staff
    clerk = client_for("clerk").get("/", follow=True).content.decode()
    assert "/performance/scorecards/" not in clerk


def test_sorting_without_a_year_shows_no_form_error(scored, client_for, en):
    html = client_for("district_staff").get("/performance/scorecards/?o=name").content.decode()
    assert "This field is required" not in html
    assert cell(html, f'data-deputy="{scored.deputy.pk}"', "points") == str(EXPECTED_2026["points"])


def test_admin_lists_rules_and_quotas_read_only(scored, client_for):
    PointRule.objects.create(district=scored.district, source=Source.CASE_SOLVED, points=5, valid_from=2026)
    client = client_for("admin")
    assert client.get("/admin/performance/pointrule/").status_code == 200
    assert client.get("/admin/performance/quota/").status_code == 200
    assert client.get("/admin/performance/pointrule/add/").status_code == 403
