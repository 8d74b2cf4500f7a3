"""Flooding the public form: per address per hour, per phone per day, counted in the cache."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from petitions.models import Petition
from tests.public.case_helpers import form_data

CN = ZoneInfo("Asia/Shanghai")
SUBMIT = "/p/submit/?station=LT01"


def _phone(i: int) -> str:
    return f"1390000{i:04d}"


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False)
def test_the_sixth_submission_from_one_address_in_an_hour_is_refused(world, client):
    for i in range(5):
        assert client.post(SUBMIT, form_data(resident_phone=_phone(i))).status_code == 302
    response = client.post(SUBMIT, form_data(resident_phone=_phone(5)))
    assert response.status_code == 429 and 'data-testid="limited"' in response.content.decode()
    assert Petition.objects.count() == 5
    # Another address is not held back; the same one is served again an hour later.
    assert client.post(SUBMIT, form_data(resident_phone=_phone(6)), REMOTE_ADDR="10.0.0.9").status_code == 302
    with time_machine.travel(dt.datetime(2026, 3, 10, 11, 0, 1, tzinfo=CN), tick=False):
        assert client.post(SUBMIT, form_data(resident_phone=_phone(7))).status_code == 302
    assert Petition.objects.count() == 7


def test_invalid_posts_count_too(world, client):
    for _ in range(5):
        assert client.post(SUBMIT, form_data(content="")).status_code == 400
    assert client.post(SUBMIT, form_data()).status_code == 429
    assert not Petition.objects.exists()


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False)
def test_the_fourth_submission_from_one_phone_in_a_day_is_refused(world, client):
    for i in range(3):
        response = client.post(SUBMIT, form_data(), REMOTE_ADDR=f"10.0.1.{i}")
        assert response.status_code == 302
    response = client.post(SUBMIT, form_data(resident_phone="138 0013 8000"), REMOTE_ADDR="10.0.1.9")
    assert response.status_code == 429
    assert Petition.objects.count() == 3
    with time_machine.travel(dt.datetime(2026, 3, 11, 10, 0, 1, tzinfo=CN), tick=False):
        assert client.post(SUBMIT, form_data(), REMOTE_ADDR="10.0.1.10").status_code == 302


def test_limits_come_from_settings(world, client, settings):
    settings.LIAISON_PUBLIC_SUBMITS_PER_IP_PER_HOUR = 1
    assert client.post(SUBMIT, form_data()).status_code == 302
    assert client.post(SUBMIT, form_data(resident_phone=_phone(1))).status_code == 429
