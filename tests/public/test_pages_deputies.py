"""The public deputy directory, deputy pages and photos."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from deputies.models import Deputy, Duty
from petitions import services as cases
from petitions.models import Category, Petition
from stations.models import Reception
from tests import factories as f

CN = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 5, 12, 10, 0, tzinfo=CN)


def en() -> Client:
    return Client(headers={"accept-language": "en"})


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


# The directory


def test_directory_lists_active_deputies_without_phones(world):
    f.DeputyFactory(name="王退休", district=world.district, is_active=False)
    response = en().get("/p/deputies/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "张代表" in html and "李代表" in html and "王退休" not in html
    assert world.deputy.phone not in html and world.other_deputy.phone not in html
    assert "南岭社区联络站" in html  # where each deputy is placed


@pytest.mark.parametrize(
    "query,shown,hidden",
    [
        ("?q=张", "张代表", "李代表"),
        ("?street=NW", "李代表", "张代表"),
        ("?level=city", "李代表", "张代表"),
    ],
)
def test_directory_filters(world, query, shown, hidden):
    Deputy.objects.filter(pk=world.other_deputy.pk).update(level=Deputy.Level.CITY)
    html = en().get(f"/p/deputies/{query}").content.decode()
    assert shown in html and hidden not in html


def test_directory_street_filter_includes_deputies_placed_in_the_street(world):
    visitor = f.DeputyFactory(name="外来代表", district=world.district, street=world.street_b)
    f.AssignmentFactory(deputy=visitor, node=world.point_a)  # a point under street_a's station
    html = en().get("/p/deputies/?street=LT").content.decode()
    assert "外来代表" in html and "张代表" in html and "李代表" not in html


def test_directory_is_paginated_with_bounded_queries(world, django_assert_max_num_queries):
    for n in range(25):
        deputy = f.DeputyFactory(name=f"代表{n:02d}", district=world.district)
        f.AssignmentFactory(deputy=deputy, node=world.station_a)
        deputy.specialties.add(f.SpecialtyFactory(name=f"专长{n}"))
    # streets for the filter; count; the page; its specialties; its assignments with nodes
    with django_assert_max_num_queries(5):
        response = en().get("/p/deputies/")
    html = response.content.decode()
    assert html.count('data-testid="deputy"') == 20
    assert "27 deputies" in html
    assert en().get("/p/deputies/?page=2").content.decode().count('data-testid="deputy"') == 7


# A deputy's page


def test_deputy_page_shows_public_facts_only(world):
    world.deputy.specialties.add(f.SpecialtyFactory(name="法律"))
    f.VoterContactFactory(deputy=world.deputy, name="选民甲", phone="13700001234")
    with time_machine.travel(NOW, tick=False):
        soon = _reception(world, dt.date(2026, 5, 14))
        Duty.objects.create(reception=soon, deputy=world.deputy)
        response = en().get(f"/p/deputies/{world.deputy.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "张代表" in html and "法律" in html and "District / county" in html
    assert "/p/stations/LT01/" in html
    assert "2026-05-14" in html and f"/network/receptions/{soon.pk}/notice/" in html
    for secret in (world.deputy.phone, "选民甲", "13700001234"):
        assert secret not in html
    assert f"/p/submit/?deputy={world.deputy.pk}" in html


def _reception(world, day, **extra):
    return Reception.objects.create(
        node=world.station_a,
        district=world.district,
        street=world.street_a,
        station=world.station_a,
        date=day,
        start_time=dt.time(9),
        end_time=dt.time(11),
        place="联络站一楼",
        **extra,
    )


def test_deputy_activity_counts_this_year(world):
    category = Category.objects.get(name="城市管理")
    with time_machine.travel(NOW, tick=False):
        held = _reception(world, dt.date(2026, 4, 14), status=Reception.Status.HELD)
        missed = _reception(world, dt.date(2026, 3, 10), status=Reception.Status.HELD)
        last_year = _reception(world, dt.date(2025, 12, 9), status=Reception.Status.HELD)
        Duty.objects.create(reception=held, deputy=world.deputy, attendance=Duty.Attendance.PRESENT)
        Duty.objects.create(reception=missed, deputy=world.deputy, attendance=Duty.Attendance.ABSENT)
        Duty.objects.create(reception=last_year, deputy=world.deputy, attendance=Duty.Attendance.PRESENT)
        for n in range(3):
            case = cases.petition_create(
                by=world.clerk,
                node=world.station_a,
                channel=Petition.Channel.STATION,
                resident_name="王小明",
                resident_phone="13812348000",
                category=category,
                content=f"事情{n}",
            )
            cases.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
        cases.petition_resolve(petition=case, by=world.clerk, resolution="已解决")
        response = en().get(f"/p/deputies/{world.deputy.pk}/")
    html = response.content.decode()
    assert 'data-testid="attended">1<' in html
    assert 'data-testid="in-charge">3<' in html
    assert 'data-testid="resolved">1<' in html
    assert "王小明" not in html and "13812348000" not in html


def test_inactive_deputy_page_is_404(world):
    Deputy.objects.filter(pk=world.deputy.pk).update(is_active=False)
    assert en().get(f"/p/deputies/{world.deputy.pk}/").status_code == 404
    assert en().get("/p/deputies/999999/").status_code == 404


def test_deputy_page_queries_are_bounded(world, django_assert_max_num_queries):
    for n in range(3):
        f.AssignmentFactory(deputy=world.deputy, node=f.StationFactory(parent=world.street_a, code=f"LT2{n}"))
    with time_machine.travel(NOW, tick=False):
        for day in (14, 21, 28):
            Duty.objects.create(reception=_reception(world, dt.date(2026, 5, day)), deputy=world.deputy)
        # deputy; specialties; assignments with nodes; duties with receptions; attended; case counts;
        # published reports to voters (meetings.templatetags.reports_tags)
        with django_assert_max_num_queries(7):
            response = en().get(f"/p/deputies/{world.deputy.pk}/")
    assert response.status_code == 200


# Photos


def test_photo_is_public_for_active_deputies_only(world):
    world.deputy.photo.save("me.png", _png())
    response = en().get(f"/p/deputies/{world.deputy.pk}/photo/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert f"/p/deputies/{world.deputy.pk}/photo/" in en().get(f"/p/deputies/{world.deputy.pk}/").content.decode()

    Deputy.objects.filter(pk=world.deputy.pk).update(is_active=False)
    assert en().get(f"/p/deputies/{world.deputy.pk}/photo/").status_code == 404


def test_photo_missing_is_404(world):
    assert en().get(f"/p/deputies/{world.other_deputy.pk}/photo/").status_code == 404
    html = en().get(f"/p/deputies/{world.other_deputy.pk}/").content.decode()
    assert "/photo/" not in html
