"""The deputy's home page: "my cases", with counts by status, overdue first, their own reports."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages

from petitions import services
from petitions.models import Petition
from tests.petitions.case_helpers import new_case

CN = ZoneInfo("Asia/Shanghai")
S = Petition.Status


@pytest.fixture
def mine(world):
    cases = [new_case(world, content=f"问题{i}") for i in range(4)]
    for case in cases[:3]:
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    Petition.objects.filter(pk=cases[0].pk).update(status=S.REFERRED, due_on=dt.date(2026, 6, 30))
    Petition.objects.filter(pk=cases[1].pk).update(status=S.REFERRED, due_on=dt.date(2026, 5, 1))  # overdue
    Petition.objects.filter(pk=cases[2].pk).update(status=S.CLOSED)
    report = new_case(
        world,
        by=world.deputy_user,
        channel=Petition.Channel.DEPUTY,
        reported_by=world.deputy,
        resident_name="",
        resident_phone="",
        content="路口井盖松动",
    )
    return cases, report


def _get(client):
    with time_machine.travel(dt.datetime(2026, 5, 20, 10, 0, tzinfo=CN), tick=False):
        return client.get("/cases/mine/")


def test_a_deputy_lands_on_my_cases(world, client_for):
    response = client_for("deputy_user").get("/")
    assert response.status_code == 302 and response["Location"] == "/cases/mine/"


def test_my_cases_counts_by_status_open_cases_overdue_first_and_my_reports(world, mine, client_for):
    cases, report = mine
    response = _get(client_for("deputy_user"))
    assert response.status_code == 200
    context = response.context
    assert [(r["status"], r["count"]) for r in context["status_counts"]] == [("referred", 2), ("closed", 1)]
    assert context["open_total"] == 2 and context["overdue_total"] == 1
    assert context["open_cases"] == [cases[1], cases[0]]  # overdue first
    assert context["reports"] == [report]
    html = response.content.decode()
    assert 'data-testid="home-title"' in html and 'href="/cases/snapshot/"' in html
    assert f'href="/cases/?status=referred&amp;deputy={world.deputy.pk}"' in html
    assert f'href="/deputies/{world.deputy.pk}/"' in html
    assert cases[3].tracking_no not in html  # not theirs


def test_the_status_badges_link_to_a_list_with_exactly_those_cases(world, mine, client_for):
    cases, _ = mine
    with time_machine.travel(dt.datetime(2026, 5, 20, 10, 0, tzinfo=CN), tick=False):
        response = client_for("deputy_user").get(f"/cases/?status=referred&deputy={world.deputy.pk}")
    assert list(response.context["page_obj"]) == [cases[1], cases[0]]


@pytest.mark.parametrize("persona", ["clerk", "street_staff", "district_staff"])
def test_someone_without_a_deputy_record_is_sent_home(world, client_for, persona):
    response = client_for(persona).get("/cases/mine/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert len(list(get_messages(response.wsgi_request))) == 1


def test_query_count_is_bounded(world, mine, client_for, django_assert_max_num_queries):
    client = client_for("deputy_user")
    _get(client)
    with django_assert_max_num_queries(16) as before:
        _get(client)
    for i in range(10):
        case = new_case(world, content=f"新问题{i}")
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    with django_assert_max_num_queries(len(before.captured_queries)):
        _get(client)


def test_the_deputy_home_lists_their_next_reception_duties(world, client_for):
    import datetime as dt

    from django.utils import timezone

    from deputies.duty_services import duty_assign
    from stations.reception_services import reception_create

    reception = reception_create(
        by=world.clerk, node=world.station_a, date=timezone.localdate() + dt.timedelta(days=5),
        start_time=dt.time(9, 0), end_time=dt.time(11, 30), place="南岭社区党群服务中心", mode="station",
    )
    duty_assign(reception=reception, deputies=[world.deputy], by=world.clerk)
    html = client_for("deputy_user").get("/cases/mine/").content.decode()
    assert 'data-testid="upcoming-duties"' in html
    assert html.count('data-testid="duty"') == 1 and "南岭社区党群服务中心" in html
