"""Department compliance: per handling unit, exact counts from the known district, links that list
exactly those cases, sorting, scoping and bounded queries."""

import datetime as dt
from html import unescape

import pytest

from petitions.models import HandlingUnit, Petition
from tests.performance import dashboard_fixtures as fx
from tests.performance.dashboard_fixtures import TODAY, make_case, refer

dash, frozen = fx.dash, fx.frozen  # the fixtures

URL = "/performance/compliance/"


def _rows(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response, {row["unit"].name: row for row in response.context["rows"]}


def _values(row):
    return tuple(row[k].value for k in ("referred", "on_time", "late", "open", "overdue")) + (row["rate"],)


def test_district_staff_this_year(dash, client_for):
    response, rows = _rows(client_for("district_staff"))
    # Sent in 2026: A2 A3 A7 B1 B2. On time A3 B2; late A7; open A2 B1, of which A2 overdue.
    assert _values(rows["区城市管理和综合执法局"]) == (5, 2, 1, 2, 1, 66.7)
    # A6's letter went out in 2025.
    assert _values(rows["龙田街道办事处"]) == (0, 0, 0, 0, 0, None)
    totals = response.context["totals"]
    assert (totals["referred"], totals["overdue"], totals["rate"]) == (5, 1, 66.7)


def test_all_time_counts_last_years_letters(dash, client_for):
    _, rows = _rows(client_for("district_staff"), "?period=all")
    assert _values(rows["龙田街道办事处"]) == (1, 0, 0, 1, 1, None)
    assert _values(rows["区城市管理和综合执法局"]) == (5, 2, 1, 2, 1, 66.7)


def test_street_staff_count_only_their_streets_cases(dash, client_for):
    _, rows = _rows(client_for("street_staff"))
    # B1 and B2 are street_b's.
    assert _values(rows["区城市管理和综合执法局"]) == (3, 1, 1, 1, 1, 50.0)


@pytest.mark.parametrize(
    "persona,query", [("district_staff", ""), ("district_staff", "?period=all"), ("street_staff", "")]
)
def test_every_number_lists_exactly_its_cases(dash, client_for, persona, query):
    client = client_for(persona)
    response, rows = _rows(client, query)
    checked = 0
    for row in rows.values():
        for key in ("referred", "on_time", "late", "open", "overdue"):
            listing = client.get(unescape(row[key].url))
            assert listing.context["page_obj"].paginator.count == row[key].value, row[key].url
            checked += 1
    assert checked == 10


def test_sorting(dash, client_for, world):
    HandlingUnit.objects.create(district=world.district, name="区教育局", kind=HandlingUnit.Kind.DEPARTMENT)
    client = client_for("district_staff")
    names = lambda query: [r["unit"].name for r in _rows(client, query)[0].context["rows"]]  # noqa: E731
    # Default: the most overdue first.
    assert names("")[0] == "区城市管理和综合执法局"
    assert names("?o=name") == sorted(names(""))
    assert names("?o=-referred")[0] == "区城市管理和综合执法局"
    assert names("?o=referred")[-1] == "区城市管理和综合执法局"
    assert names("?o=rate")[0] == "区城市管理和综合执法局"  # the only one with replies; the others last
    assert _rows(client, "?o=nonsense")[0].status_code == 200


def test_query_count_does_not_grow(world, client_for, frozen, django_assert_max_num_queries):
    unit = HandlingUnit.objects.create(district=world.district, name="区住建局", kind=HandlingUnit.Kind.DEPARTMENT)

    def add(n):
        for i in range(n):
            case = make_case(world.station_a, TODAY.replace(month=1 + i % 4), Petition.Status.REFERRED)
            refer(case, unit, TODAY.replace(month=1 + i % 4, day=2), TODAY.replace(day=1 + i % 28))

    client = client_for("district_staff")
    add(3)
    client.get(URL)
    # session, user, scope (3), bell, the form's streets and stations, the units, the grouped counts.
    with django_assert_max_num_queries(10) as small:
        client.get(URL)
    add(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.context["totals"]["referred"] == 30


def test_an_approved_extension_moves_the_deadline_only_later(world, client_for, frozen):
    d = dt.date
    unit = HandlingUnit.objects.create(district=world.district, name="区水务局", kind=HandlingUnit.Kind.DEPARTMENT)
    # Extended to 04-30: a reply on 04-10 is on time although the three months ended 03-01.
    extended = make_case(world.station_a, d(2026, 1, 5), Petition.Status.REPLIED)
    refer(extended, unit, d(2026, 1, 6), d(2026, 3, 1), d(2026, 4, 10), extended_to=d(2026, 4, 30))
    # Extended to 03-10 before the receipt moved the due date to 04-01: 03-20 is still on time.
    receipt_later = make_case(world.station_a, d(2026, 1, 5), Petition.Status.REPLIED)
    refer(receipt_later, unit, d(2026, 1, 6), d(2026, 4, 1), d(2026, 3, 20), extended_to=d(2026, 3, 10))
    # No extension, replied a day late.
    late = make_case(world.station_a, d(2026, 1, 5), Petition.Status.REPLIED)
    refer(late, unit, d(2026, 1, 6), d(2026, 4, 1), d(2026, 4, 2))
    client = client_for("district_staff")
    _, rows = _rows(client)
    assert _values(rows["区水务局"]) == (3, 2, 1, 0, 0, 66.7)
    assert client.get(unescape(rows["区水务局"]["late"].url)).context["page_obj"].object_list[0] == late


def test_the_case_list_shows_the_drill_down_filters_only_when_a_link_sets_them(dash, client_for):
    client = client_for("district_staff")
    assert 'name="unit"' not in client.get("/cases/").content.decode()
    html = client.get(f"/cases/?unit={dash.unit.pk}&reply=late").content.decode()
    assert 'name="unit"' in html and 'name="reply"' in html and 'name="with_unit"' not in html
