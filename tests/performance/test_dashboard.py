"""The staff dashboard: exact numbers from a known district (tests/performance/dashboard_fixtures.py),
scoping by street, drill-down links that list exactly the cases counted, and bounded queries."""

import re
from html import unescape

import pytest
from django.utils import translation

from performance.dashboard import period_for, where_for
from tests.performance import dashboard_fixtures as fx
from tests.performance.dashboard_fixtures import TODAY, make_case

dash, frozen = fx.dash, fx.frozen  # the fixtures

URL = "/performance/dashboard/"


def _get(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response


def _listed(client, url: str) -> int:
    """How many cases the case list shows behind a dashboard link."""
    response = client.get(unescape(url))
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


def test_district_staff_numbers_for_this_year(dash, client_for):
    ctx = _get(client_for("district_staff")).context
    assert ctx["period"].start.isoformat() == "2026-01-01"
    assert [ctx["received_in"][k].value for k in ("month", "quarter", "year")] == [2, 3, 7]
    # A1 A2 A3 A4 A7 B1 B2; withdrawn A5 and last year's A6 not counted.
    assert ctx["received"].value == 7
    # A3 closed, A4 informed, B2 replied.
    assert ctx["resolved"].value == 3
    assert ctx["rate"] == 42.9
    # A2 (due 05-10) and A6 (due 02-15), whenever received.
    assert ctx["overdue"].value == 2
    # Days from receipt to the first written reply: A3 20, A7 30, B2 10.
    assert ctx["median_days"] == 20.0
    assert ctx["open"].value == 7
    statuses = {s["status"]: s["count"].value for s in ctx["statuses"]}
    assert statuses["received"] == 1 and statuses["referred"] == 2 and statuses["withdrawn"] == 1
    assert statuses["acknowledged"] == 0  # A6 was received last year
    assert {r["rating"]: r["count"].value for r in ctx["ratings"]} == {"satisfied": 1, "mostly": 0, "unsatisfied": 1}
    assert [r["share"] for r in ctx["ratings"]] == [50.0, 0.0, 50.0]
    assert [(r["label"], r["count"].value) for r in ctx["top_categories"]] == [
        ("城市管理", 4),
        ("环境卫生", 2),
        ("交通出行", 1),
    ]
    assert [(r["label"], r["count"].value) for r in ctx["top_communities"]] == [("南岭社区", 3), ("沙塘布社区", 1)]
    assert [(r["label"], r["count"].value) for r in ctx["overdue_by_unit"]] == [
        ("区城市管理和综合执法局", 1),
        ("龙田街道办事处", 1),
    ]
    assert [(r.label, r.overdue.value) for r in ctx["overdue_by_station"]] == [("南岭社区联络站", 2)]
    # Reception days of 2026 to the year's end: held 2, missed 1, one past day not logged, one ahead, one cancelled.
    receptions = ctx["receptions"]
    assert (receptions["held"], receptions["due"], receptions["rate"]) == (2, 4, 50.0)
    assert (receptions["missed"], receptions["to_log"], receptions["upcoming"], receptions["cancelled"]) == (1, 1, 1, 1)
    # Three deputies on the rolls, two assigned.
    assert (ctx["coverage"]["assigned"], ctx["coverage"]["total"], ctx["coverage"]["rate"]) == (2, 3, 66.7)


def test_district_staff_breakdown_is_by_street(dash, client_for):
    rows = _get(client_for("district_staff")).context["breakdown"]
    table = [(r.label, r.received.value, r.resolved.value, r.rate, r.overdue.value) for r in rows]
    assert table == [("龙田街道人大代表之家", 5, 2, 40.0, 2), ("南湾街道", 2, 1, 50.0, 0)]


def test_monthly_series(dash, client_for):
    months = _get(client_for("district_staff")).context["months"]
    assert len(months) == 12
    assert months[0]["month"].isoformat() == "2025-06-01"
    by_month = {m["month"].strftime("%Y-%m"): (m["received"].value, m["resolved"].value) for m in months}
    assert by_month["2025-11"] == (1, 0)  # A6
    assert by_month["2026-01"] == (0, 0)  # A5 withdrawn
    assert by_month["2026-02"] == (1, 1)
    assert by_month["2026-03"] == (3, 2)
    assert by_month["2026-04"] == (1, 0)
    assert by_month["2026-05"] == (2, 0)


def test_street_staff_see_only_their_street(dash, client_for):
    ctx = _get(client_for("street_staff")).context
    assert [ctx["received_in"][k].value for k in ("month", "quarter", "year")] == [1, 2, 5]
    assert (ctx["received"].value, ctx["resolved"].value, ctx["rate"]) == (5, 2, 40.0)
    assert ctx["overdue"].value == 2
    assert ctx["median_days"] == 25.0  # A3 20, A7 30
    assert ctx["where"].level == "station"
    assert [(r.label, r.received.value, r.overdue.value) for r in ctx["breakdown"]] == [("南岭社区联络站", 5, 2)]
    assert ctx["receptions"]["held"] == 1 and ctx["receptions"]["due"] == 3
    assert (ctx["coverage"]["assigned"], ctx["coverage"]["total"]) == (1, 2)  # 张代表 assigned, 王代表 not
    html = _get(client_for("street_staff")).content.decode()
    assert "沙湾社区联络站" not in html and "南湾街道" not in html
    assert ctx["form"].fields["street"].queryset.count() == 1


def test_street_staff_cannot_pick_another_street(dash, client_for, world):
    response = _get(client_for("street_staff"), f"?street={world.street_b.pk}")
    assert response.context["form"].errors["street"]
    assert response.context["received"].value == 5  # their own street, the value ignored


def test_narrowing_to_a_station_breaks_down_by_point(dash, client_for, world):
    ctx = _get(client_for("district_staff"), f"?station={world.station_a.pk}").context
    rows = [(r.label, r.received.value, r.overdue.value) for r in ctx["breakdown"]]
    assert rows == [("南岭社区联络站", 3, 1), ("南岭产业园联系点", 2, 1)]
    assert ctx["received"].value == 5


def test_periods(dash, client_for):
    client = client_for("district_staff")
    assert _get(client, "?period=month").context["received"].value == 2
    assert _get(client, "?period=quarter").context["received"].value == 3
    assert _get(client, "?period=all").context["received"].value == 8
    assert period_for("quarter", TODAY).last.isoformat() == "2026-06-30"


def test_bad_input_is_an_error_on_the_form_not_a_500(dash, client_for):
    response = _get(client_for("district_staff"), "?period=decade&station=abc")
    assert set(response.context["form"].errors) == {"period", "station"}
    assert response.context["period"].key == "year"


@pytest.mark.parametrize("persona", ["district_staff", "street_staff"])
def test_every_number_lists_exactly_its_cases(dash, client_for, persona):
    client = client_for(persona)
    ctx = _get(client).context
    numbers = [ctx["received"], ctx["resolved"], ctx["overdue"], ctx["open"], *ctx["received_in"].values()]
    numbers += [s["count"] for s in ctx["statuses"]] + [r["count"] for r in ctx["ratings"]]
    numbers += [r["count"] for r in ctx["top_categories"] + ctx["top_communities"] + ctx["overdue_by_unit"]]
    numbers += [n for r in ctx["breakdown"] for n in (r.received, r.resolved, r.overdue)]
    numbers += [m[k] for m in ctx["months"] for k in ("received", "resolved")]
    for number in numbers:
        assert _listed(client, number.url) == number.value, number.url


def test_two_clicks_from_the_dashboard_to_an_overdue_case(dash, client_for):
    client = client_for("district_staff")
    html = _get(client).content.decode()
    link = re.search(r'href="([^"]*overdue=on[^"]*)" data-testid="overdue"', html).group(1)
    listing = client.get(unescape(link)).content.decode()
    assert dash.cases["A2"].tracking_no in listing and dash.cases["A6"].tracking_no in listing
    assert client.get(f"/cases/{dash.cases['A2'].pk}/").status_code == 200


def test_page_shows_definitions_charts_and_tables(dash, client_for, settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        html = client_for("district_staff").get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Resolution rate: of the cases received in the period" in html
    for chart in ("chart-rate", "chart-ratings", "chart-categories", "chart-months"):
        assert f'data-testid="{chart}"' in html
    assert "Target 95%" in html
    assert "print-dashboard.css" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "cdn" not in html.lower()


def test_where_for_ignores_a_station_outside_the_street(world):
    where = where_for(world.district_staff, street=world.street_b, station=world.station_a)
    assert where.street is None and where.station == world.station_a


@pytest.mark.parametrize("persona", ["district_staff", "street_staff", "admin"])
def test_query_count_does_not_grow_with_cases(world, client_for, frozen, django_assert_max_num_queries, persona):
    from petitions.models import Petition

    statuses = [Petition.Status.RECEIVED, Petition.Status.CLOSED, Petition.Status.REFERRED]
    nodes = [world.station_a, world.point_a, world.station_b]

    def add(n):
        for i in range(n):
            make_case(nodes[i % 3], TODAY.replace(month=1 + i % 5), statuses[i % 3], due_on=TODAY.replace(day=1))

    client = client_for(persona)
    add(3)
    client.get(URL)  # warm the session
    # session, user, scope (positions, assignments, the user's deputy record), bell, the form's streets
    # and stations, missed reception days (count, and rows when there are any); then the dashboard's
    # twelve: totals, open now, median, by node, overdue by node, node names, by month, top categories,
    # top communities, overdue by unit, receptions, coverage.
    with django_assert_max_num_queries(22) as small:
        client.get(URL)
    add(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.context["received"].value >= 20
