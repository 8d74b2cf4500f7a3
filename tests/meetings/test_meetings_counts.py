"""Meetings per station per year, the list pages' query counts, and the ledger's half-yearly
deliberation (helper "delib")."""

import datetime as dt

import pytest

from meetings.models import Meeting
from meetings.selectors import meeting_counts, units_with_deliberation
from meetings.services import deliberation
from petitions.ledger import MET, NOT_MET, PENDING, build_ledger
from stations.models import Node
from tests.meetings.delib_helpers import CN, deliberated, new_meeting, street_office

H = Meeting.Status.HELD


def held(world, *, kind=Meeting.Kind.DELIBERATION, on=dt.datetime(2026, 3, 20, 14, 30, tzinfo=CN), node=None,
         status=H, by=None):
    meeting = new_meeting(world, kind=kind, starts_at=on, node=node, by=by)
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    return meeting


@pytest.fixture
def year_of_meetings(world):
    held(world)
    held(world, node=world.point_a)  # a contact point counts for its station
    held(world, kind=Meeting.Kind.TRAINING)
    held(world, kind=Meeting.Kind.VOTER_MEETING, status=Meeting.Status.PLANNED)  # not held: not counted
    held(world, kind=Meeting.Kind.RESEARCH, status=Meeting.Status.CANCELLED)
    held(world, on=dt.datetime(2025, 12, 31, 23, 30, tzinfo=CN))  # last year in China time
    held(world, on=dt.datetime(2026, 12, 31, 23, 30, tzinfo=CN))  # still 2026 in China (15:30 UTC)
    held(world, node=world.station_b, by=world.other_clerk, kind=Meeting.Kind.HEARING)
    held(world, node=world.street_a, by=world.street_staff)  # at the street's home: no station


def test_meeting_counts_by_station_and_kind(world, year_of_meetings, django_assert_num_queries):
    stations = Node.objects.filter(kind=Node.Kind.STATION)
    with django_assert_num_queries(1):
        counts = meeting_counts(stations_qs=stations, year=2026)
    assert counts == {
        world.station_a.pk: {"deliberation": 3, "training": 1},
        world.station_b.pk: {"hearing": 1},
    }
    assert meeting_counts(stations_qs=stations, year=2025) == {world.station_a.pk: {"deliberation": 1}}


def test_the_counts_page_shows_one_row_per_station(world, year_of_meetings, client_for):
    response = client_for("street_staff").get("/meetings/counts/?year=2026")
    rows = response.context["rows"]
    assert [(r["station"].code, r["total"]) for r in rows] == [("LT01", 4)]
    response = client_for("district_staff").get("/meetings/counts/?year=2026")
    assert [(r["station"].code, r["total"]) for r in response.context["rows"]] == [("LT01", 4), ("NW01", 1)]
    assert response.context["grand_total"] == 5


def test_the_counts_page_does_not_grow_with_stations(world, client_for, django_assert_max_num_queries):
    from tests import factories as f

    client = client_for("district_staff")
    client.get("/meetings/counts/")
    # session + user, scope (positions, assignments), nav bell, stations, counts.
    with django_assert_max_num_queries(8) as small:
        client.get("/meetings/counts/?year=2026")
    for i in range(6):
        station = f.StationFactory(name=f"站{i}", code=f"LT9{i}", parent=world.street_a, by=world.admin)
        held(world, node=station, by=world.street_staff)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/meetings/counts/?year=2026")
    assert len(response.context["rows"]) == 8


@pytest.mark.parametrize("persona", ["clerk", "deputy_user", "district_staff"])
def test_the_lists_do_not_grow_with_rows(world, client_for, django_assert_max_num_queries, persona):
    client = client_for(persona)
    deliberated(world)
    client.get("/meetings/")
    # session + user, scope, bell, filter choices (nodes), count, page of meetings with node and topic count,
    # whether the user may create.
    with django_assert_max_num_queries(12) as meetings_small:
        client.get("/meetings/")
    with django_assert_max_num_queries(12) as actions_small:
        client.get("/meetings/actions/")
    for _ in range(8):
        meeting, topic, *_ = deliberated(world)
        deliberation.decision_add(by=world.clerk, topic=topic, text="再议", owner=street_office(world),
                                  due_on=dt.date(2026, 5, 1))
    with django_assert_max_num_queries(len(meetings_small.captured_queries)):
        response = client.get("/meetings/")
    assert response.context["page_obj"].paginator.count == 9
    with django_assert_max_num_queries(len(actions_small.captured_queries)):
        response = client.get("/meetings/actions/")
    assert response.context["page_obj"].paginator.count == 17


def test_the_detail_page_does_not_grow_with_topics(world, client_for, django_assert_max_num_queries):
    meeting, topic, *_ = deliberated(world)
    client = client_for("clerk")
    client.get(f"/meetings/{meeting.pk}/")
    with django_assert_max_num_queries(20) as small:
        client.get(f"/meetings/{meeting.pk}/")
    for i in range(5):
        t = deliberation.topic_add(by=world.clerk, meeting=meeting, title=f"议题{i}")
        deliberation.decision_add(by=world.clerk, topic=t, text="办", owner=street_office(world),
                                  due_on=dt.date(2026, 5, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/meetings/{meeting.pk}/")


def test_units_with_deliberation_in_a_half_year(world, year_of_meetings):
    units = [world.station_a.pk, world.station_b.pk, world.street_a.pk]
    first_half = units_with_deliberation(units, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert first_half == {world.station_a.pk, world.station_b.pk, world.street_a.pk}
    assert units_with_deliberation(units, dt.date(2026, 7, 1), dt.date(2026, 12, 31)) == {world.station_a.pk}


def test_the_ledger_reports_the_half_yearly_deliberation(world):
    held(world, on=dt.datetime(2026, 2, 10, 9, tzinfo=CN))
    held(world, node=world.station_b, by=world.other_clerk, kind=Meeting.Kind.TRAINING)  # not a deliberation
    ledger = build_ledger(world.district_staff, month=dt.date(2026, 3, 1), today=dt.date(2026, 3, 31))
    assert {r.unit.code: r.half_year_deliberation for r in ledger.rows} == {"LT01": MET, "NW01": PENDING}
    assert ledger.total.met_counts["half_year_deliberation"] == 1
    after = build_ledger(world.district_staff, month=dt.date(2026, 3, 1), today=dt.date(2026, 7, 1))
    assert {r.unit.code: r.half_year_deliberation for r in after.rows} == {"LT01": MET, "NW01": NOT_MET}
    second = build_ledger(world.district_staff, month=dt.date(2026, 9, 1), today=dt.date(2026, 9, 30))
    assert {r.unit.code: r.half_year_deliberation for r in second.rows} == {"LT01": PENDING, "NW01": PENDING}
