"""Assessment pages in the browser's place: what each role sees, with exact numbers; bad input kept and
explained; query counts that do not grow with the number of stations."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from performance.models.assessment import Assessment, Category, Item
from tests import factories as f
from tests.performance.assessment_helpers import assess, items, make_checklist

P, S, D = Assessment.Status.PUBLISHED, Assessment.Status.SUBMITTED, Assessment.Status.DRAFT


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def checklist(world):
    return make_checklist(world)


def _ranking_rows(html: str) -> list[tuple[str, str, str]]:
    rows = re.findall(
        r'data-testid="ranking-row" data-station="(\w+)".*?data-testid="rank">(\d+)<.*?'
        r'data-testid="total">([\d.]+)<.*?data-testid="change">(.*?)</td>',
        html,
        re.S,
    )
    return [(code, rank, total, re.sub(r"<[^>]+>", "", change)) for code, rank, total, change in rows]


def test_ranking_page_for_district_and_street_staff(world, checklist, client_for):
    assess(world, world.station_a, checklist, 1, [8, 4, 5])
    assess(world, world.station_b, checklist, 1, [9, 5, 5])
    assess(world, world.station_a, checklist, 2, [9, 4, 5])
    assess(world, world.station_b, checklist, 2, [6, 3, 3])
    html = client_for("district_staff").get("/performance/assessments/?year=2026&quarter=2").content.decode()
    assert _ranking_rows(html) == [("LT01", "1", "18", "↑1"), ("NW01", "2", "12", "↓1")]
    assert "Publish 2 submitted assessments" in html
    assert 'data-testid="pending-count">0<' in html

    html = client_for("street_staff").get("/performance/assessments/?year=2026&quarter=2").content.decode()
    assert _ranking_rows(html) == [("LT01", "1", "18", "–")]
    assert "Publish" not in html  # street staff submit, district staff publish


def test_ranking_lists_stations_not_yet_submitted(world, checklist, client_for):
    assess(world, world.station_a, checklist, 3, [1, None, None], status=D)
    html = client_for("district_staff").get("/performance/assessments/?year=2026&quarter=3").content.decode()
    assert 'data-testid="pending-count">2<' in html
    assert f"/performance/assessments/stations/{world.station_a.pk}/2026/3/" in html
    assert "Continue" in html and "Assess" in html


def test_scoring_keeps_what_was_typed_and_explains(world, checklist, client_for):
    first, second, third = items(checklist)
    url = f"/performance/assessments/stations/{world.station_a.pk}/2026/3/"
    client = client_for("street_staff")
    data = {
        f"score_{first.pk}": "11",
        f"note_{first.pk}": "场地120平方米",
        f"score_{second.pk}": "abc",
        f"score_{third.pk}": "4.5",
        "submit": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    # The number check comes first: the range is checked once every score is a number.
    assert "Enter a number." in html
    assert 'value="11"' in html and 'value="场地120平方米"' in html and 'value="4.5"' in html
    assert not Assessment.objects.exists()

    data[f"score_{second.pk}"] = "3"
    response = client.post(url, data)
    assert response.status_code == 400
    assert re.findall(r'data-testid="score-error">(.*?)<', response.content.decode()) == [
        "The score must be between 0 and 10."
    ]
    assert 'value="场地120平方米"' in response.content.decode()

    data[f"score_{first.pk}"] = "9.5"
    del data["submit"]
    data["draft"] = "1"
    assert client.post(url, data).status_code == 302
    a = Assessment.objects.get()
    assert a.status == D
    page = client.get(url).content.decode()
    assert 'value="9.5"' in page and 'value="场地120平方米"' in page

    data.pop("draft")
    data["submit"] = "1"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == f"/performance/assessments/{a.pk}/"
    a.refresh_from_db()
    assert a.status == S
    detail = client.get(f"/performance/assessments/{a.pk}/").content.decode()
    assert re.search(r'data-testid="total">17 / 20 \(85\.0%\)<', detail)
    # A submitted quarter opens the detail page instead of the form.
    assert client.get(url)["Location"] == f"/performance/assessments/{a.pk}/"


def test_submit_with_a_blank_item(world, checklist, client_for):
    first, second, third = items(checklist)
    url = f"/performance/assessments/stations/{world.station_a.pk}/2026/3/"
    response = client_for("district_staff").post(url, {f"score_{first.pk}": "5", "submit": "1"})
    assert response.status_code == 400
    assert response.content.decode().count("Score every item before submitting.") == 2


def test_scoring_without_a_checklist(world, client_for):
    response = client_for("district_staff").get(f"/performance/assessments/stations/{world.station_a.pk}/2026/3/")
    assert response.status_code == 200
    assert 'data-testid="no-checklist"' in response.content.decode()


def test_public_page_shows_published_results_only(world, checklist, client_for):
    assess(world, world.station_a, checklist, 2, [9, 4, 5], status=P)
    assess(world, world.station_b, checklist, 2, [9, 5, 5], status=S)
    html = client_for("anonymous").get("/p/performance/assessments/2026/2/").content.decode()
    assert re.findall(r'data-testid="public-row" data-station="(\w+)">\s*<td data-testid="rank">(\d+)', html) == [
        ("LT01", "1")
    ]
    assert "18 / 20" in html and "NW01" not in html and "沙湾" not in html
    empty = client_for("anonymous").get("/p/performance/assessments/2026/1/").content.decode()
    assert 'data-testid="none"' in empty


def test_publish_button_publishes_the_quarter(world, checklist, client_for):
    assess(world, world.station_a, checklist, 2, [9, 4, 5])
    assess(world, world.station_b, checklist, 2, [6, 3, 3])
    response = client_for("district_staff").post(
        "/performance/assessments/2026/2/publish/", {"district": world.district.pk}
    )
    assert response.status_code == 302
    assert Assessment.objects.filter(status=P).count() == 2
    html = client_for("anonymous").get("/p/performance/assessments/2026/2/").content.decode()
    assert html.count('data-testid="public-row"') == 2


def test_history_page_for_the_clerk_shows_published_quarters(world, checklist, client_for):
    assess(world, world.station_a, checklist, 1, [8, 4, 5], status=P)
    assess(world, world.station_a, checklist, 2, [6, 3, 2], status=S)
    clerk = client_for("clerk").get(f"/performance/assessments/stations/{world.station_a.pk}/").content.decode()
    assert clerk.count('data-testid="history-row"') == 1 and "17 / 20" in clerk
    assert "阵地建设" in clerk and ">12<" in clerk
    staff = client_for("street_staff").get(f"/performance/assessments/stations/{world.station_a.pk}/")
    html = staff.content.decode()
    assert html.count('data-testid="history-row"') == 2 and "11 / 20" in html


def test_district_staff_build_and_copy_a_checklist(world, client_for):
    client = client_for("district_staff")
    response = client.post(
        "/performance/assessments/checklists/", {"district": world.district.pk, "year": "2026", "name": "2026年考核"}
    )
    checklist_url = response["Location"]
    assert client.post(checklist_url, {"action": "category", "c-name": "阵地建设"}).status_code == 302
    category = Category.objects.get(name="阵地建设")
    bad = client.post(
        checklist_url, {"action": "item", "i-category": category.pk, "i-text": "场所", "i-max_score": "0"}
    )
    assert bad.status_code == 400 and 'value="场所"' in bad.content.decode()
    ok = client.post(
        checklist_url,
        {"action": "item", "i-category": category.pk, "i-text": "场所", "i-max_score": "10", "i-evidence_hint": "现场"},
    )
    assert ok.status_code == 302
    assert list(Item.objects.values_list("text", "max_score")) == [("场所", Decimal(10))]
    assess(world, world.station_a, Category.objects.get().checklist, 1, [8])
    frozen = client.post(checklist_url, {"action": "category", "c-name": "制度建设"})
    assert frozen.status_code == 400 and "can no longer change" in frozen.content.decode()
    copied = client.post(checklist_url, {"action": "copy", "y-year": "2027"})
    assert copied.status_code == 302
    assert Item.objects.filter(category__checklist__year=2027).count() == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_stations(world, checklist, n, quarter=2):
    for i in range(n):
        station = f.StationFactory(name=f"批量站{i}", code=f"LT9{i:02d}", parent=world.street_a, by=world.admin)
        assess(world, station, checklist, quarter - 1, [i % 10, 3, 3], status=P)
        assess(world, station, checklist, quarter, [(i * 3) % 10, 4, 4], status=P)


@pytest.mark.parametrize(
    "persona,url",
    [
        ("district_staff", "/performance/assessments/?year=2026&quarter=2"),
        ("street_staff", "/performance/assessments/?year=2026&quarter=2"),
        ("anonymous", "/p/performance/assessments/2026/2/"),
        ("district_staff", "/performance/assessments/checklists/"),
    ],
)
def test_query_counts_stay_flat_with_more_stations(world, checklist, client_for, persona, url):
    _more_stations(world, checklist, 2)
    client = client_for(persona)
    few = _queries(client, url)
    for i in range(12):
        station = f.StationFactory(name=f"更多站{i}", code=f"NW9{i:02d}", parent=world.street_b, by=world.admin)
        assess(world, station, checklist, 1, [5, 3, 3], status=P)
        assess(world, station, checklist, 2, [i % 10, 4, 4], status=P)
    assert _queries(client, url) == few
    # session, user, scope (positions, assignments), bell; the page's own few queries
    assert few <= 12


def test_history_and_detail_query_counts(world, checklist, client_for):
    client = client_for("street_staff")
    a = assess(world, world.station_a, checklist, 1, [8, 4, 5], status=P)
    few = _queries(client, f"/performance/assessments/stations/{world.station_a.pk}/")
    detail = _queries(client, f"/performance/assessments/{a.pk}/")
    for quarter in (2, 3, 4):
        assess(world, world.station_a, checklist, quarter, [8, 4, 5], status=P)
    assert _queries(client, f"/performance/assessments/stations/{world.station_a.pk}/") == few
    Item.objects.create(category=checklist.categories.first(), text="更多", max_score=2)
    assert _queries(client, f"/performance/assessments/{a.pk}/") == detail


def test_admin_lists_assessments_read_only(world, checklist, client_for):
    a = assess(world, world.station_a, checklist, 1, [8, 4, 5], status=P)
    client = client_for("admin")
    assert client.get("/admin/performance/assessment/").status_code == 200
    page = client.get(f"/admin/performance/assessment/{a.pk}/change/")
    assert page.status_code == 200 and "场所" in page.content.decode()
    assert client.get("/admin/performance/checklist/").status_code == 200
    assert client.get("/admin/performance/target/").status_code == 200
    assert client.get("/admin/performance/assessment/add/").status_code == 403


def test_a_street_link_alone_shows_the_last_quarter_of_that_street(world, checklist, client_for):
    import time_machine

    assess(world, world.station_a, checklist, 2, [9, 4, 5])
    assess(world, world.station_b, checklist, 2, [6, 3, 3])
    with time_machine.travel("2026-08-10 10:00 +0800", tick=False):
        html = client_for("district_staff").get(f"/performance/assessments/?street={world.street_b.pk}")
    assert _ranking_rows(html.content.decode()) == [("NW01", "1", "12", "new")]
