"""The case list: scoped rows, filters that narrow, masked phones, overdue first, bounded queries."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from petitions import services
from petitions.models import Petition
from tests.petitions.case_helpers import PHONE, category, en, new_case

CN = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 5, 20)
S = Petition.Status


@pytest.fixture
def cases(world):
    """Five cases received on different days; two are referred with due dates (one past), one merged-style
    final. Returns them by name."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=CN), tick=False):
        lamp = new_case(world, content="小区门口路灯坏了两个月。")
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, 0, tzinfo=CN), tick=False):
        noise = new_case(
            world,
            node=world.point_a,
            channel=Petition.Channel.RECEPTION,
            category=category("环境卫生"),
            grade=Petition.Grade.URGENT,
            resident_name="李四",
            resident_phone="13900001111",
            hide_name_from_deputy=True,
            content="夜间施工噪音扰民。",
        )
    with time_machine.travel(dt.datetime(2026, 4, 8, 9, 0, tzinfo=CN), tick=False):
        bus = new_case(
            world,
            by=world.other_clerk,
            node=world.station_b,
            category=category("交通出行"),
            grade=Petition.Grade.MAJOR,
            resident_phone="0755-12345678",
            content="公交站台没有遮雨棚。",
        )
        report = new_case(
            world,
            by=world.deputy_user,
            channel=Petition.Channel.DEPUTY,
            reported_by=world.deputy,
            resident_name="",
            resident_phone="",
            content="路口井盖松动。",
        )
    with time_machine.travel(dt.datetime(2026, 5, 10, 9, 0, tzinfo=CN), tick=False):
        school = new_case(world, category=category("教育卫生"), content="学校门口道路拥堵。")
    for case in (lamp, noise):
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    services.petition_assign(petition=bus, deputy=world.other_deputy, by=world.other_clerk)
    # Deadlines as the referral services would leave them: lamp is overdue, noise due in 10 days.
    Petition.objects.filter(pk=lamp.pk).update(status=S.REFERRED, due_on=dt.date(2026, 5, 18))
    Petition.objects.filter(pk=noise.pk).update(status=S.ACKNOWLEDGED, due_on=dt.date(2026, 5, 30))
    return {"lamp": lamp, "noise": noise, "bus": bus, "report": report, "school": school}


def _rows(client, query=""):
    with time_machine.travel(dt.datetime(2026, 5, 20, 10, 0, tzinfo=CN), tick=False):
        response = client.get(f"/cases/{query}")
    assert response.status_code == 200
    return response, [p.tracking_no for p in response.context["page_obj"]]


def _names(cases, *names):
    return [cases[n].tracking_no for n in names]


def test_each_role_sees_its_own_cases_overdue_first_then_by_due_date_then_newest(world, cases, client_for):
    _, district = _rows(client_for("district_staff"))
    assert district == _names(cases, "lamp", "noise", "school", "report", "bus")  # same instant: newer id first
    _, clerk = _rows(client_for("clerk"))
    assert clerk == _names(cases, "lamp", "noise", "school", "report")
    _, other = _rows(client_for("other_clerk"))
    assert other == _names(cases, "bus")
    # The deputy: the two cases assigned to them and the report they sent themselves.
    _, deputy = _rows(client_for("deputy_user"))
    assert deputy == _names(cases, "lamp", "noise", "report")


@pytest.mark.parametrize(
    "query,expected",
    [
        ("?status=received", ["school", "report"]),
        ("?status=referred&status=acknowledged", ["lamp", "noise"]),
        ("?category=__环境卫生__", ["noise"]),
        ("?grade=major", ["bus"]),
        ("?channel=deputy", ["report"]),
        ("?channel=reception", ["noise"]),
        ("?station=__station_b__", ["bus"]),
        ("?deputy=__other_deputy__", ["bus"]),
        ("?deputy_name=李", ["bus"]),
        ("?overdue=on", ["lamp"]),
        ("?received_after=2026-03-20&received_before=2026-04-08", ["noise", "bus", "report"]),
        ("?received_before=2026-03-02", ["lamp"]),
        ("?q=噪音", ["noise"]),
        ("?q=学校 拥堵", ["school"]),
        ("?q=学校 噪音", []),
        ("?q=NW01-", ["bus"]),
        (f"?q={PHONE}", ["lamp", "school"]),
        ("?q=0755-12345678", ["bus"]),
    ],
)
def test_filters_narrow_the_list(world, cases, client_for, query, expected):
    query = (
        query.replace("__环境卫生__", str(category("环境卫生").pk))
        .replace("__station_b__", str(world.station_b.pk))
        .replace("__other_deputy__", str(world.other_deputy.pk))
    )
    _, rows = _rows(client_for("district_staff"), query)
    assert sorted(rows) == sorted(_names(cases, *expected))


def test_district_staff_search_deputies_by_name_instead_of_a_list_of_the_whole_roll(world, cases, client_for):
    """A district has thousands of deputies: no drop-down of them, a name search; clerks keep the drop-down."""
    response, _ = _rows(client_for("district_staff"))
    html = response.content.decode()
    assert 'name="deputy_name"' in html
    assert f">{world.deputy.name}</option>" not in html
    response, _ = _rows(client_for("clerk"))
    html = response.content.decode()
    assert 'name="deputy_name"' not in html
    assert f">{world.deputy.name}</option>" in html


def test_a_deputy_cannot_find_cases_by_a_residents_phone(world, cases, client_for):
    _, rows = _rows(client_for("deputy_user"), f"?q={PHONE}")
    assert rows == []  # lamp is theirs, but they may not search by a phone they cannot see
    _, clerk_rows = _rows(client_for("clerk"), f"?q={PHONE}")
    assert sorted(clerk_rows) == sorted(_names(cases, "lamp", "school"))


def test_the_filter_choices_come_from_the_users_scope(world, cases, client_for):
    response, _ = _rows(client_for("clerk"))
    form = response.context["filter"].form
    assert list(form.fields["station"].queryset) == [world.station_a]
    response, _ = _rows(client_for("district_staff"))
    assert set(response.context["filter"].form.fields["station"].queryset) == {world.station_a, world.station_b}


def test_the_list_never_shows_a_whole_phone_and_hides_names_from_the_deputy_when_asked(world, cases, client_for):
    for persona in ("clerk", "district_staff", "deputy_user"):
        response, _ = _rows(client_for(persona))
        html = response.content.decode()
        assert not re.search(r"1[3-9]\d{9}", html), persona
        assert "12345678" not in html
    clerk_html = _rows(client_for("clerk"))[0].content.decode()
    assert "138****8000" in clerk_html and "李四" in clerk_html
    deputy_html = _rows(client_for("deputy_user"))[0].content.decode()
    assert "李四" not in deputy_html and "王小明" in deputy_html and "139****1111" in deputy_html


def test_overdue_rows_say_how_many_days(world, cases, client_for):
    html = _rows(en(client_for("clerk")))[0].content.decode()
    assert "2 days overdue" in html and "10 days left" in html


def test_sortable_columns(world, cases, client_for):
    _, rows = _rows(client_for("district_staff"), "?o=received")
    assert rows == _names(cases, "lamp", "noise", "bus", "report", "school")
    _, rows = _rows(client_for("district_staff"), "?o=-received")
    assert rows == _names(cases, "school", "report", "bus", "noise", "lamp")


def test_pagination_at_25(world, client_for):
    for i in range(27):
        new_case(world, content=f"第{i}件")
    response, rows = _rows(client_for("clerk"))
    assert len(rows) == 25 and response.context["page_obj"].paginator.count == 27
    _, rest = _rows(client_for("clerk"), "?page=2")
    assert len(rest) == 2


@pytest.mark.parametrize("persona", ["clerk", "deputy_user", "district_staff"])
def test_query_count_does_not_grow_with_the_number_of_cases(world, client_for, django_assert_max_num_queries, persona):
    def add(n):
        for i in range(n):
            case = new_case(world, content=f"问题{i}", node=world.point_a if i % 2 else world.station_a)
            services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)

    client = client_for(persona)
    add(5)
    client.get("/cases/")  # warm the session
    # session + user, scope (positions, assignments), filter choices (station, category, deputy, street),
    # count, one page of rows with node, category, deputies: about a dozen, whatever the count.
    with django_assert_max_num_queries(15) as small:
        client.get("/cases/?o=due")
    add(35)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/cases/?o=due")
    assert response.context["page_obj"].paginator.count == 40


@pytest.mark.parametrize(
    "persona,shown", [("clerk", True), ("deputy_user", True), ("district_staff", True), ("outsider", False)]
)
def test_the_navigation_has_a_cases_link_for_every_role(world, client_for, persona, shown):
    html = client_for(persona).get("/", follow=True).content.decode()
    assert 'id="nav-main"' in html
    assert ('class="nav-link" href="/cases/"' in html) is shown
