"""The public notice: hidden until N days before, deputies on duty, topics (rate limit, honeypot), bookings."""

from datetime import date, time

import pytest
import time_machine
from django.test import Client

from deputies import duty_services as ds
from stations.models import AppointmentSlot, Booking, ReceptionMode, ReceptionTopic
from tests.stations.reception_helpers import make_reception

DAY = date(2025, 3, 11)


@pytest.fixture
def reception(world):
    with time_machine.travel(date(2025, 3, 1), tick=False):
        reception = make_reception(world.station_a, world.clerk, DAY)
        ds.duty_assign(reception=reception, deputies=[world.deputy], by=world.clerk)
    return reception


@pytest.fixture
def appointment(world):
    with time_machine.travel(date(2025, 3, 1), tick=False):
        return make_reception(
            world.station_a,
            world.clerk,
            DAY,
            mode=ReceptionMode.APPOINTMENT,
            start_time=time(9),
            end_time=time(10),
            slot_minutes=30,
            slot_capacity=2,
        )


def _on(day, method, url, data=None, client=None):
    with time_machine.travel(day, tick=False):
        client = client or Client(REMOTE_ADDR="203.0.113.7")
        return getattr(client, method)(url, data or {})


def _topic(**extra):
    return {"text": "小区门口路灯坏了三个月", "name": "陈女士", "phone": "13800138000", "website": "", **extra}


@pytest.mark.parametrize("today,status", [(date(2025, 3, 7), 404), (date(2025, 3, 8), 200), (DAY, 200)])
def test_the_notice_opens_three_days_before(reception, today, status):
    assert _on(today, "get", f"/network/receptions/{reception.pk}/notice/").status_code == status


def test_the_notice_days_are_a_setting(reception, settings):
    settings.LIAISON_RECEPTION_NOTICE_DAYS = 7
    assert _on(date(2025, 3, 4), "get", f"/network/receptions/{reception.pk}/notice/").status_code == 200
    assert _on(date(2025, 3, 3), "get", f"/network/receptions/{reception.pk}/notice/").status_code == 404


def test_the_notice_shows_the_day_and_the_deputies_on_duty(reception):
    response = _on(date(2025, 3, 9), "get", f"/network/receptions/{reception.pk}/notice/")
    body = response.content.decode()
    assert "南岭社区联络站" in body and "2025-03-11" in body and "09:00" in body
    assert "张代表" in body and 'name="text"' in body and 'name="website"' in body


def test_a_topic_is_saved(reception):
    response = _on(date(2025, 3, 9), "post", f"/network/receptions/{reception.pk}/notice/topic/", _topic())
    assert response.status_code == 302
    topic = ReceptionTopic.objects.get()
    assert (topic.reception, topic.text, topic.phone) == (reception, "小区门口路灯坏了三个月", "13800138000")


def test_a_topic_before_the_notice_opens_is_404(reception):
    response = _on(date(2025, 3, 7), "post", f"/network/receptions/{reception.pk}/notice/topic/", _topic())
    assert response.status_code == 404 and not ReceptionTopic.objects.exists()


def test_the_honeypot_thanks_a_bot_and_saves_nothing(reception):
    response = _on(
        date(2025, 3, 9),
        "post",
        f"/network/receptions/{reception.pk}/notice/topic/",
        _topic(website="http://spam.example"),
    )
    assert response.status_code == 302 and not ReceptionTopic.objects.exists()


def test_too_long_or_empty_topics_are_refused_with_the_input_kept(reception):
    url = f"/network/receptions/{reception.pk}/notice/topic/"
    long = _on(date(2025, 3, 9), "post", url, _topic(text="很" * 1001))
    empty = _on(date(2025, 3, 9), "post", url, _topic(text=""))
    assert (long.status_code, empty.status_code) == (400, 400)
    assert "陈女士" in empty.content.decode()
    assert not ReceptionTopic.objects.exists()


def test_one_address_is_rate_limited(reception, settings):
    settings.LIAISON_RECEPTION_PUBLIC_POSTS_PER_HOUR = 3
    url = f"/network/receptions/{reception.pk}/notice/topic/"
    statuses = [_on(date(2025, 3, 9), "post", url, _topic()).status_code for _ in range(5)]
    other = Client(REMOTE_ADDR="198.51.100.2")
    assert statuses == [302, 302, 302, 429, 429]
    assert _on(date(2025, 3, 9), "post", url, _topic(), client=other).status_code == 302
    assert ReceptionTopic.objects.count() == 4


def test_csrf_is_required(reception):
    client = Client(enforce_csrf_checks=True)
    response = _on(
        date(2025, 3, 9), "post", f"/network/receptions/{reception.pk}/notice/topic/", _topic(), client=client
    )
    assert response.status_code == 403 and not ReceptionTopic.objects.exists()


def test_a_past_or_cancelled_reception_takes_no_topics(reception, world):
    past = _on(date(2025, 3, 12), "post", f"/network/receptions/{reception.pk}/notice/topic/", _topic())
    assert past.status_code == 400 and not ReceptionTopic.objects.exists()
    page = _on(date(2025, 3, 12), "get", f"/network/receptions/{reception.pk}/notice/")
    assert page.status_code == 200 and 'name="text"' not in page.content.decode()


def test_booking_a_slot_until_it_is_full(appointment):
    url = f"/network/receptions/{appointment.pk}/notice/book/"
    first_slot = appointment.slots.order_by("start_time").first()
    data = {"slot": first_slot.pk, "name": "陈女士", "phone": "13800138000", "topic": "", "website": ""}

    statuses = [_on(date(2025, 3, 9), "post", url, data).status_code for _ in range(3)]

    assert statuses == [302, 302, 400]
    first_slot.refresh_from_db()
    assert (first_slot.booked, Booking.objects.filter(slot=first_slot).count()) == (2, 2)


def test_a_slot_of_another_reception_cannot_be_booked(appointment, world):
    with time_machine.travel(date(2025, 3, 1), tick=False):
        other = make_reception(
            world.station_a, world.clerk, DAY, mode=ReceptionMode.APPOINTMENT, slot_minutes=60, slot_capacity=1
        )
    foreign = AppointmentSlot.objects.filter(reception=other).first()
    data = {"slot": foreign.pk, "name": "陈女士", "phone": "13800138000", "website": ""}
    response = _on(date(2025, 3, 9), "post", f"/network/receptions/{appointment.pk}/notice/book/", data)
    assert response.status_code == 400 and not Booking.objects.exists()
