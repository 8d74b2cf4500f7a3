"""The station finder and the public station page: what residents see, and what they never see."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from petitions import services as cases
from petitions.models import Category, Petition
from stations import services as station_services
from stations.models import Community, Reception, ReceptionRule
from tests.public.case_helpers import resident_case, walk_to_informed

CN = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 5, 12, 10, 0, tzinfo=CN)


def en() -> Client:
    # English, the source language: the assertions hold whatever the Chinese translation says.
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def category(db):
    return Category.objects.get(name="城市管理")


@pytest.fixture
def communities(world):
    nanling = Community.objects.create(street=world.street_a, name="南岭村社区")
    shawan = Community.objects.create(street=world.street_b, name="沙湾社区")
    world.station_a.communities.set([nanling])
    world.station_b.communities.set([shawan])
    return nanling, shawan


def _case(world, category, *, name, phone, content, node=None):
    return cases.petition_create(
        by=world.clerk if node is None else world.other_clerk,
        node=node or world.station_a,
        channel=Petition.Channel.STATION,
        resident_name=name,
        resident_phone=phone,
        category=category,
        content=content,
        place="南岭村牌坊路口",
    )


def _resolved(world, category, *, name, phone, content, resolution):
    case = _case(world, category, name=name, phone=phone, content=content)
    cases.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    cases.petition_resolve(petition=case, by=world.clerk, resolution=resolution)
    return case


# The finder


def test_finder_groups_stations_by_street(world, communities):
    response = en().get("/p/")
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(t) for t in (">龙田街道</h2>", ">南岭社区联络站</a>", ">南湾街道</h2>", ">沙湾社区联络站</a>")]
    assert order == sorted(order)
    assert "/p/stations/LT01/" in html and "/p/stations/NW01/" in html
    assert "/p/stations/LT/" in html  # the street's deputies' home has a page too


@pytest.mark.parametrize(
    "query,shown,hidden",
    [
        ("?street=NW", "沙湾社区联络站", "南岭社区联络站"),
        ("?q=南岭", "南岭社区联络站", "沙湾社区联络站"),
        ("?q=nw01", "沙湾社区联络站", "南岭社区联络站"),  # by code, any case
        ("?q=沙湾社区", "沙湾社区联络站", "南岭社区联络站"),
        ("?q=龙岗大道8号", "南岭社区联络站", "沙湾社区联络站"),  # by address
    ],
)
def test_finder_filters_and_searches(world, communities, query, shown, hidden):
    station_services.node_update(by=world.admin, node=world.station_a, address="龙岗大道8号")
    html = en().get(f"/p/{query}").content.decode()
    assert shown in html
    assert hidden not in html


def test_finder_filters_by_community(world, communities):
    nanling, _ = communities
    html = en().get(f"/p/?community={nanling.pk}").content.decode()
    assert "/p/stations/LT01/" in html and "/p/stations/NW01/" not in html
    assert "南湾街道</h2>" not in html


def test_finder_says_when_nothing_matches(world):
    response = en().get("/p/?q=不存在的站&community=abc")
    assert response.status_code == 200
    assert 'data-testid="no-results"' in response.content.decode()


def test_finder_hides_inactive_stations(world):
    station_services.node_update(by=world.admin, node=world.station_b, is_active=False)
    html = en().get("/p/").content.decode()
    assert "沙湾社区联络站" not in html


def test_finder_queries_are_bounded(world, communities, django_assert_max_num_queries):
    for n in range(5):
        station = station_services.node_create(
            by=world.admin, kind="station", parent=world.street_a, name=f"站{n}", code=f"LT1{n}"
        )
        station.communities.set([communities[0]])
    # streets for the filter, communities for the filter, stations with their street, their communities
    with django_assert_max_num_queries(4):
        response = en().get("/p/")
    assert response.content.decode().count('data-testid="station"') == 7


# The station page


def test_station_page_shows_profile_deputies_and_schedule(world, communities):
    station_services.node_update(
        by=world.admin, node=world.station_a, address="龙岗大道8号", phone="0755-2888 1234", opening_hours="周一至周五"
    )
    world.deputy.specialties.create(name="法律")
    ReceptionRule.objects.create(
        node=world.station_a,
        kind=ReceptionRule.Kind.NTH_WEEKDAY,
        nth=2,
        weekday=1,
        start_time=dt.time(9),
        end_time=dt.time(11, 30),
        place="联络站一楼",
        valid_from=dt.date(2026, 1, 1),
    )
    with time_machine.travel(NOW, tick=False):
        soon = _reception(world, dt.date(2026, 5, 14))  # notice open (3 days before)
        later = _reception(world, dt.date(2026, 6, 9))  # notice not yet open
        response = en().get("/p/stations/LT01/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("南岭社区联络站", "龙岗大道8号", "0755-2888 1234", "周一至周五", "南岭村社区", "张代表", "法律"):
        assert text in html
    assert "李代表" not in html  # placed at another station
    assert world.deputy.phone not in html
    assert "Every month, the second Tuesday, 09:00–11:30, 联络站一楼" in html
    assert f"/network/receptions/{soon.pk}/notice/" in html
    assert f"/network/receptions/{later.pk}/notice/" not in html
    assert "2026-06-09" in html
    assert "/p/submit/?station=LT01" in html


def _reception(world, day):
    return Reception.objects.create(
        node=world.station_a,
        district=world.district,
        street=world.street_a,
        station=world.station_a,
        date=day,
        start_time=dt.time(9),
        end_time=dt.time(11),
        place="联络站一楼",
    )


def test_station_page_never_shows_residents_or_tracking_numbers(world, category):
    with time_machine.travel(NOW, tick=False):
        open_case = _case(world, category, name="王小明", phone="13812348000", content="王小明反映路灯坏了")
        done = _resolved(
            world,
            category,
            name="赵大妈",
            phone="13900001111",
            content="赵大妈家楼下垃圾没人清，电话一三九零零零零一一一一，3号楼",
            resolution="已联系环卫，赵大妈满意；如有问题请拨一三九零零零零一一一一",
        )
        response = en().get("/p/stations/LT01/")
    html = response.content.decode()
    for secret in (
        "王小明",
        "13812348000",
        "赵大妈",
        "13900001111",
        "一三九",
        "南岭村牌坊路口",
        open_case.tracking_no,
        done.tracking_no,
        "8000",
        "1111",
    ):
        assert secret not in html


def test_station_page_publishes_no_free_text_of_cases(world, category):
    """An example is the category, the month and how it was resolved; never content or notes."""
    with time_machine.travel(dt.datetime(2026, 4, 20, 10, tzinfo=CN), tick=False):
        direct = _resolved(
            world,
            category,
            name="钱某",
            phone="13800000005",
            content="邻居孙阿姨家漏水XQ7",
            resolution="维修队已修好XQ8",
        )
    with time_machine.travel(NOW, tick=False):
        written = walk_to_informed(world, resident_case(world, content="东门桥墩开裂ZK3"), reply_text="已加固桥墩ZK4")
        response = en().get("/p/stations/LT01/")
    html = response.content.decode()
    for secret in ("孙阿姨", "XQ7", "XQ8", "桥墩", "ZK3", "ZK4", "内部备注", direct.tracking_no, written.tracking_no):
        assert secret not in html
    examples = re.findall(r'data-testid="example">(.*?)</li>', html, re.S)
    assert len(examples) == 2
    newest, older = (" ".join(e.split()) for e in examples)  # the latest result first
    assert "城市管理" in newest and "May 2026" in newest and "Answered in writing by the responsible unit" in newest
    assert "城市管理" in older and "April 2026" in older and "Resolved directly by the deputy and the station" in older


def test_station_results_count_this_year(world, category):
    with time_machine.travel(dt.datetime(2025, 12, 30, 10, tzinfo=CN), tick=False):
        _resolved(world, category, name="甲某", phone="13800000001", content="去年的事", resolution="去年解决")
    with time_machine.travel(NOW, tick=False):
        for n in range(2):
            _case(world, category, name="乙某", phone="13800000002", content=f"今年的事{n}")
        _resolved(world, category, name="丙某", phone="13800000003", content="今年解决的事", resolution="已解决")
        _case(world, category, name="丁某", phone="13800000004", content="别的站", node=world.station_b)
        response = en().get("/p/stations/LT01/")
    html = response.content.decode()
    assert 'data-testid="received">3<' in html
    assert 'data-testid="resolved">1<' in html
    assert html.count('data-testid="example"') == 2  # the latest examples are not limited to this year
    assert html.index("May 2026") < html.index("December 2025")


def test_station_page_shows_five_examples_at_most(world, category):
    with time_machine.travel(NOW, tick=False):
        for n in range(7):
            _resolved(world, category, name="某某", phone="13800000001", content=f"事情{n}", resolution="已解决")
        response = en().get("/p/stations/LT01/")
    assert response.content.decode().count('data-testid="example"') == 5


def test_inactive_or_unknown_station_is_404(world):
    station_services.node_update(by=world.admin, node=world.station_a, is_active=False)
    assert en().get("/p/stations/LT01/").status_code == 404
    assert en().get("/p/stations/NOPE/").status_code == 404
    assert en().get("/p/stations/LG/").status_code == 404  # a district has no public page
    assert en().get("/p/stations/LT01P1/").status_code == 404  # nor a contact point


def test_station_page_queries_are_bounded(world, category, communities, django_assert_max_num_queries):
    for n in range(4):
        deputy = world.deputy.__class__.objects.create(
            name=f"代表{n}", gender="f", level="county", district=world.district
        )
        deputy.assignments.create(node=world.station_a)
        deputy.specialties.create(name=f"专长{n}")
    with time_machine.travel(NOW, tick=False):
        for n in range(6):
            _resolved(world, category, name="某某", phone="13800000001", content=f"事情{n}", resolution="已解决")
        _reception(world, dt.date(2026, 5, 14))
        # node; communities; assignments+deputies; specialties; rules; receptions; counts; examples
        with django_assert_max_num_queries(8):
            response = en().get("/p/stations/LT01/")
    assert response.content.decode().count('data-testid="deputy"') == 5
