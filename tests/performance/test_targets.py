"""Yearly activity targets: held meetings per station counted against the district's targets (DOMAIN §5)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from meetings.models import Meeting
from performance import targets as tsvc
from performance.models.assessment import Target
from stations.models import Node
from tests import factories as f

CN = ZoneInfo("Asia/Shanghai")
K, H = Meeting.Kind, Meeting.Status.HELD


def meeting(node, kind, when, status=H):
    m = Meeting(kind=kind, title=f"{kind} {when:%m-%d}", starts_at=when, status=status)
    m.place_at(node)
    m.save()
    return m


@pytest.fixture
def held(world):
    """station_a in 2026: 3 deliberation meetings held (one at its point), 1 hearing, 1 training;
    not counted: a planned deliberation, a cancelled one, research at 23:30 on 31 Dec 2025 (China time)
    and a deliberation at the street's home. station_b: 1 research."""
    a, b = world.station_a, world.station_b
    meeting(a, K.DELIBERATION, dt.datetime(2026, 1, 1, 0, 30, tzinfo=CN))  # still 2025 in UTC
    meeting(a, K.DELIBERATION, dt.datetime(2026, 6, 1, 9, tzinfo=CN))
    meeting(world.point_a, K.DELIBERATION, dt.datetime(2026, 7, 1, 9, tzinfo=CN))
    meeting(a, K.HEARING, dt.datetime(2026, 3, 1, 9, tzinfo=CN))
    meeting(a, K.TRAINING, dt.datetime(2026, 12, 31, 23, 30, tzinfo=CN))
    meeting(a, K.DELIBERATION, dt.datetime(2026, 8, 1, 9, tzinfo=CN), status=Meeting.Status.PLANNED)
    meeting(a, K.DELIBERATION, dt.datetime(2026, 9, 1, 9, tzinfo=CN), status=Meeting.Status.CANCELLED)
    meeting(a, K.RESEARCH, dt.datetime(2025, 12, 31, 23, 30, tzinfo=CN))
    meeting(world.street_a, K.DELIBERATION, dt.datetime(2026, 5, 1, 9, tzinfo=CN))
    meeting(b, K.RESEARCH, dt.datetime(2026, 4, 1, 9, tzinfo=CN))
    tsvc.targets_set_defaults(by=world.district_staff, district=world.district, year=2026)
    return world


def _table(rows):
    return {r.station.code: [(x.target.name, x.count, x.target.minimum, x.met) for x in r.results] for r in rows}


def test_station_activity_counts_held_meetings_against_the_defaults(held, django_assert_num_queries):
    stations = list(Node.objects.filter(kind=Node.Kind.STATION).order_by("code"))
    with django_assert_num_queries(2):  # the grouped meeting counts, the targets
        rows = tsvc.station_activity(stations=stations, year=2026)
    names = [t[0] for t in tsvc.DEFAULT_TARGETS]
    assert _table(rows) == {
        "LT01": [(names[0], 3, 2, True), (names[1], 4, 30, False), (names[2], 1, 1, True), (names[3], 0, 1, False)],
        "NW01": [(names[0], 0, 2, False), (names[1], 0, 30, False), (names[2], 0, 1, False), (names[3], 1, 1, True)],
    }
    assert rows[0].counts == {"deliberation": 3, "hearing": 1, "training": 1} and rows[0].total == 5
    assert [r.behind for r in rows] == [True, True]
    # 2025: only the late-night research at station_a, and no targets set for that year.
    old = tsvc.station_activity(stations=stations, year=2025)
    assert [(r.station.code, r.counts, r.results) for r in old] == [("LT01", {"research": 1}, []), ("NW01", {}, [])]


def test_changed_targets_change_the_verdict(held):
    tsvc.target_set(
        by=held.district_staff,
        district=held.district,
        year=2026,
        name="议事类活动",
        kinds=[K.DELIBERATION, K.HEARING],
        minimum=4,
    )
    Target.objects.filter(name__in=["学习培训", "自主选题调研"]).delete()
    rows = tsvc.station_activity(stations=[held.station_a], year=2026)
    assert [(r.target.name, r.count, r.met) for r in rows[0].results] == [
        ("代表议事会", 3, True),
        ("议事类活动", 4, True),
    ]
    assert not rows[0].behind


def test_defaults_are_added_once_and_only_by_district_staff(world):
    from django.core.exceptions import PermissionDenied, ValidationError

    assert tsvc.targets_set_defaults(by=world.district_staff, district=world.district, year=2026) == 4
    assert tsvc.targets_set_defaults(by=world.district_staff, district=world.district, year=2026) == 0
    assert Target.objects.count() == 4
    with pytest.raises(PermissionDenied):
        tsvc.targets_set_defaults(by=world.street_staff, district=world.district, year=2027)
    with pytest.raises(ValidationError):
        tsvc.target_set(by=world.district_staff, district=world.district, year=2026, name="x", kinds=[], minimum=1)


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def _rows(html):
    found = re.findall(r'data-testid="target-row" data-station="(\w+)"(.*?)</tr>', html, re.S)
    return {
        code: [_text(c) for c in re.findall(r'data-testid="cell">(.*?)</td>', body, re.S)]
        + re.findall(r'data-testid="total">(\d+)<', body)
        for code, body in found
    }


def test_targets_page_for_each_role(held, client_for, english):
    staff = client_for("district_staff").get("/performance/targets/?year=2026").content.decode()
    assert _rows(staff) == {
        "LT01": ["3 / 2", "4 / 30 not met", "1 / 1", "0 / 1 not met", "5"],
        "NW01": ["0 / 2 not met", "0 / 30 not met", "0 / 1 not met", "1 / 1", "1"],
    }
    assert "2 stations behind target" in staff and "Set targets" in staff
    for persona in ("clerk", "deputy_user", "street_staff"):
        html = client_for(persona).get("/performance/targets/?year=2026").content.decode()
        assert list(_rows(html)) == ["LT01"], persona
        assert "Set targets" not in html
    assert list(_rows(client_for("other_clerk").get("/performance/targets/?year=2026").content.decode())) == ["NW01"]


def test_behind_filter(held, client_for, english):
    Target.objects.filter(name=tsvc.DEFAULT_TARGETS[1][0]).delete()
    Target.objects.filter(name="自主选题调研").update(minimum=0)
    client = client_for("district_staff")
    assert list(_rows(client.get("/performance/targets/?year=2026").content.decode())) == ["LT01", "NW01"]
    behind = client.get("/performance/targets/?year=2026&behind=on").content.decode()
    assert list(_rows(behind)) == ["NW01"]
    assert "1 station behind target" in behind
    bad = client.get("/performance/targets/?year=abc")
    assert bad.status_code == 200 and "Enter a whole number." in bad.content.decode()


def test_district_staff_set_targets_on_the_page(world, client_for, english):
    client = client_for("district_staff")
    url = "/performance/targets/manage/"
    assert client.post(url, {"action": "defaults", "year": "2026", "district": world.district.pk}).status_code == 302
    assert Target.objects.filter(year=2026).count() == 4
    bad = client.post(
        url, {"action": "save", "year": "2026", "district": world.district.pk, "t-name": "培训", "t-minimum": "2"}
    )
    assert bad.status_code == 400 and 'value="培训"' in bad.content.decode()
    ok = client.post(
        url,
        {
            "action": "save",
            "year": "2026",
            "district": world.district.pk,
            "t-name": "学习培训",
            "t-kinds": ["training"],
            "t-minimum": "2",
        },
    )
    assert ok.status_code == 302
    assert Target.objects.get(year=2026, name="学习培训").minimum == 2
    target = Target.objects.get(name="自主选题调研")
    client.post(url, {"action": "delete", "target": target.pk, "year": "2026", "district": world.district.pk})
    assert Target.objects.filter(year=2026).count() == 3
    page = client.get(url + "?year=2026").content.decode()
    assert page.count('data-testid="target"') == 3 and "Training" in page


def test_targets_page_query_count_stays_flat(held, client_for):
    client = client_for("district_staff")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/performance/targets/?year=2026").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(10):
        station = f.StationFactory(name=f"批量站{i}", code=f"LT8{i:02d}", parent=held.street_a, by=held.admin)
        meeting(station, K.DELIBERATION, dt.datetime(2026, 6, 1, 9, tzinfo=CN))
    assert count() == few
    # session, user, scope (2), stations, meeting counts, targets, the keepable-districts check (1-2), bell
    assert few <= 11
