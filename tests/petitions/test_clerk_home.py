"""The station clerk's home (/cases/home/): reception days to hold and to log, the cases waiting on
the station by group, their stations. The clock stands at Tuesday 2026-03-10 14:00 in Shanghai."""

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages

from petitions import services
from petitions.models import Petition
from stations.models import Reception
from stations.reception_sweep import sweep_missed_receptions
from tests import factories as f
from tests.petitions.case_helpers import en, new_case
from tests.petitions.reception_fixtures import CN, NOW, TODAY, make_reception

S = Petition.Status
GROUPS = ["assign", "inform", "rate", "close", "overdue", "review"]


def _at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=CN), tick=False)


def assigned(world, **extra):
    case = new_case(world, **extra)
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    return case


def referred(world, unit, **extra):
    case = assigned(world, **extra)
    services.petition_refer(
        petition=case,
        by=world.street_staff,
        unit=unit,
        route="street",
        deputy_opinion="建议维修",
        street_opinion="同意",
    )
    return case


def replied(world, unit, **extra):
    case = referred(world, unit, **extra)
    services.petition_reply(petition=case, by=world.clerk, reply_text="已处理。", reply_class="A")
    return case


def informed(world, unit, **extra):
    case = replied(world, unit, **extra)
    services.petition_inform(petition=case, by=world.clerk, note="电话告知")
    return case


def rated(world, unit, rating="satisfied", **extra):
    case = informed(world, unit, **extra)
    services.petition_rate(petition=case, by=world.clerk, rating=rating)
    return case


@pytest.fixture
def cases(world, street_office):
    """Cases at station_a (and its point) in every status the home groups, made through the services;
    one case at station_b, which the clerk must not see."""
    made = {}
    # Referred on 2025-11-02: due early February, overdue today. A review opened 2026-01-15: due in
    # February, overdue today too (it counts as overdue and as an open review).
    with _at(dt.date(2025, 11, 2)):
        made["overdue_referral"] = referred(world, street_office, content="路灯坏了很久")
    with _at(dt.date(2026, 1, 15)):
        made["overdue_review"] = rated(world, street_office, rating="unsatisfied", content="井盖松动")
    with time_machine.travel(NOW, tick=False):
        made["received"] = new_case(world, content="楼道堆满杂物")
        made["received_at_point"] = new_case(world, node=world.point_a, content="园区门口积水")
        made["assigned"] = assigned(world)
        made["resolved"] = assigned(world, content="垃圾桶满溢")
        services.petition_resolve(petition=made["resolved"], by=world.clerk, resolution="已联系物业清运")
        made["replied"] = replied(world, street_office, content="路面坑洼")
        made["acknowledged"] = referred(world, street_office, content="噪音扰民")
        services.referral_acknowledge(
            petition=made["acknowledged"], by=world.clerk, received_on=TODAY, received_by_name="李收文"
        )
        made["informed"] = informed(world, street_office, content="公园灯不亮")
        made["rated"] = rated(world, street_office, content="树枝挡路")
        made["review"] = rated(world, street_office, rating="unsatisfied", content="停车难")
        made["closed"] = rated(world, street_office, content="广告牌松动")
        services.petition_close(petition=made["closed"], by=world.clerk)
        made["elsewhere"] = new_case(world, by=world.other_clerk, node=world.station_b, content="沙湾的问题")
    return made


@pytest.fixture
def receptions(world, frozen_now):
    """Reception days at station_a and its point, past and coming; one at station_b today."""
    made = {
        "long_ago": make_reception(world, TODAY - dt.timedelta(days=70)),
        "missed": make_reception(world, TODAY - dt.timedelta(days=30), node=world.point_a),
    }
    sweep_missed_receptions(now=NOW)  # both are now missed
    made.update(
        yesterday=make_reception(world, TODAY - dt.timedelta(days=1)),
        today=make_reception(world, TODAY, deputies=[world.deputy]),
        today_point=make_reception(world, TODAY, node=world.point_a, start=dt.time(8, 0)),
        in_five_days=make_reception(world, TODAY + dt.timedelta(days=5), deputies=[world.deputy]),
        in_fourteen_days=make_reception(world, TODAY + dt.timedelta(days=14)),
        in_twenty_days=make_reception(world, TODAY + dt.timedelta(days=20)),
        elsewhere=make_reception(world, TODAY, node=world.station_b),
    )
    return made


def _get(client):
    with time_machine.travel(NOW, tick=False):
        return en(client).get("/cases/home/")


def test_a_clerk_lands_on_the_clerk_home(world, client_for):
    response = client_for("clerk").get("/")
    assert response.status_code == 302 and response["Location"] == "/cases/home/"


def test_cases_waiting_on_the_station_counted_by_group(world, cases, client_for):
    response = _get(client_for("clerk"))
    assert response.status_code == 200
    groups = {g.key: g for g in response.context["groups"]}
    assert [g.key for g in response.context["groups"]] == GROUPS
    assert {key: g.count for key, g in groups.items()} == {
        "assign": 2,
        "inform": 2,
        "rate": 1,
        "close": 1,
        "overdue": 2,
        "review": 2,
    }
    assert set(groups["assign"].cases) == {cases["received"], cases["received_at_point"]}
    assert set(groups["inform"].cases) == {cases["resolved"], cases["replied"]}
    assert groups["rate"].cases == [cases["informed"]]
    assert groups["close"].cases == [cases["rated"]]
    assert groups["overdue"].cases == [cases["overdue_referral"], cases["overdue_review"]]  # the oldest due first
    assert groups["review"].cases == [cases["overdue_review"], cases["review"]]  # overdue first
    html = response.content.decode()
    assert cases["elsewhere"].tracking_no not in html
    assert cases["assigned"].tracking_no not in html and cases["closed"].tracking_no not in html
    assert html.count('data-testid="case-row"') == 10


def test_each_group_links_to_a_case_list_with_exactly_its_cases(world, cases, client_for):
    client = client_for("clerk")
    groups = _get(client).context["groups"]
    station = world.station_a.pk
    assert groups[0].url == f"/cases/?status=received&station={station}"
    assert groups[4].url == f"/cases/?overdue=on&status=acknowledged&status=referred&status=review&station={station}"
    with time_machine.travel(NOW, tick=False):
        for group in groups:
            listed = client.get(group.url).context["page_obj"].paginator.count
            assert listed == group.count, group.key


def test_at_most_five_cases_a_group_overdue_first_with_a_link_to_all(world, cases, client_for):
    with time_machine.travel(NOW, tick=False):
        for i in range(5):
            new_case(world, content=f"新问题{i}")
    response = _get(client_for("clerk"))
    assign = response.context["groups"][0]
    assert assign.count == 7 and len(assign.cases) == 5
    assert "See all 7 cases" in response.content.decode()


def test_todays_receptions_with_deputies_on_duty_and_the_log_button(world, receptions, client_for):
    response = _get(client_for("clerk"))
    context = response.context
    assert context["today_receptions"] == [receptions["today_point"], receptions["today"]]  # by time
    assert [d.deputy for d in context["today_receptions"][1].on_duty] == [world.deputy]
    assert context["upcoming"] == [receptions["in_five_days"], receptions["in_fourteen_days"]]
    # Planned or missed, in the last 60 days: not the one 70 days ago.
    assert context["to_log"] == [receptions["yesterday"], receptions["missed"]]
    html = response.content.decode()
    today = html.split('data-testid="today-receptions"')[1].split("</section>")[0]
    assert f'href="/cases/receptions/{receptions["today"].pk}/log/"' in today
    assert "Log this reception" in today and world.deputy.name in today
    assert f'href="/cases/receptions/{receptions["elsewhere"].pk}/' not in html
    to_log = html.split('data-testid="receptions-to-log"')[1].split("</section>")[0]
    assert to_log.count('data-testid="log-reception"') == 2
    assert 'data-testid="missed-receptions"' in html  # the partial: both missed days, whatever their age


def test_a_reception_logged_today_offers_its_log_not_the_button(world, receptions, client_for):
    Reception.objects.filter(pk=receptions["today"].pk).update(status=Reception.Status.HELD)
    html = _get(client_for("clerk")).content.decode()
    today = html.split('data-testid="today-receptions"')[1].split("</section>")[0]
    assert today.count('data-testid="log-reception"') == 1  # only the point's, still planned
    assert "View the log" in today


def test_another_clerk_sees_only_their_own_station(world, cases, receptions, client_for):
    response = _get(client_for("other_clerk"))
    context = response.context
    assert {g.key: g.count for g in context["groups"]} == dict.fromkeys(GROUPS, 0) | {"assign": 1}
    assert context["groups"][0].cases == [cases["elsewhere"]]
    assert context["today_receptions"] == [receptions["elsewhere"]]
    assert context["upcoming"] == [] and context["to_log"] == []
    assert [s.code for s in context["stations"]] == ["NW01"]
    html = response.content.decode()
    assert cases["received"].tracking_no not in html and "missed-receptions" not in html


def test_the_stations_block_and_the_buttons(world, client_for):
    f.PointFactory(name="第二联系点", code="LT01P2", parent=world.station_a, by=world.admin)
    response = _get(client_for("clerk"))
    [station] = response.context["stations"]
    assert (station, station.point_count) == (world.station_a, 2)
    html = response.content.decode()
    for href in (
        f"/network/{world.station_a.pk}/",
        "/network/home/clerk/",
        "/cases/new/",
        "/network/receptions/",
        "/cases/ledger/",
    ):
        assert f'href="{href}"' in html, href
    assert 'data-testid="home-title"' in html


@pytest.mark.parametrize("persona", ["deputy_user", "street_staff", "district_staff", "admin"])
def test_someone_who_is_not_a_clerk_is_sent_home_with_a_message(world, client_for, persona):
    response = client_for(persona).get("/cases/home/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert len(list(get_messages(response.wsgi_request))) == 1


def test_street_staff_who_also_clerk_get_the_page_for_their_station(world, cases, client_for):
    f.PositionFactory(user=world.street_staff, node=world.station_a)
    response = _get(client_for("street_staff"))
    assert response.status_code == 200
    assert response.context["groups"][0].count == 2


def test_query_count_is_bounded_and_the_same_for_3_and_30_cases(
    world, street_office, receptions, client_for, django_assert_max_num_queries
):
    with time_machine.travel(NOW, tick=False):
        new_case(world)
        assigned(world)
        informed(world, street_office)
    client = client_for("clerk")
    _get(client)  # warm up (the session)
    # Session, user, the scope (positions, deputy assignments, deputy record), the receptions coming
    # and their rota, those to log, the group counts, six groups' first cases, the stations, the
    # missed-receptions partial, and the notification bell in the base template.
    with django_assert_max_num_queries(20) as few:
        _get(client)
    with time_machine.travel(NOW, tick=False):
        for i in range(9):
            new_case(world, content=f"问题{i}")
            replied(world, street_office, content=f"答复{i}")
            rated(world, street_office, content=f"评价{i}")
    assert Petition.objects.filter(station=world.station_a).count() == 30
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        _get(client)
    assert len(many.captured_queries) == len(few.captured_queries)
