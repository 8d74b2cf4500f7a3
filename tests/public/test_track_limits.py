"""Limits on tracking one number: every attempt counts (right digits too) and is counted before the
digits are compared; an hourly and a daily cap; "blocked" looks the same for a number that does not exist."""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import time_machine
from django.test import override_settings

from liaison import ratelimit
from tests.public.case_helpers import resident_case

CN = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 5, 12, 9, 5, tzinfo=CN)  # 01:05 UTC: the next hours are the same UTC day
UNKNOWN = "LT01-20200101-0009"


def _track(client, number, digits, ip):
    return client.post("/p/track/", {"tracking_no": number, "digits": digits, "website": ""}, REMOTE_ADDR=ip)


def _limited(response) -> bool:
    return response.status_code == 429 and 'data-testid="limited"' in response.content.decode()


def test_the_eleventh_attempt_in_an_hour_is_refused_even_with_the_right_digits(world, client):
    case = resident_case(world)
    with time_machine.travel(START, tick=False):
        # Right look-ups count as well as wrong ones, each from another address.
        for i in range(10):
            digits = "8000" if i % 3 == 0 else f"{i:04d}"
            assert _track(client, case.tracking_no, digits, f"10.0.4.{i}").status_code in (302, 400)
        assert _limited(_track(client, case.tracking_no, "8000", "10.0.4.99"))
        assert client.get("/p/track/case/").status_code == 200  # an earlier grant is not taken back
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        assert _track(client, case.tracking_no, "8000", "10.0.4.100").status_code == 302  # a new hour


def test_the_daily_cap_holds_across_hours(world, client):
    case = resident_case(world)
    for hour in range(2):
        with time_machine.travel(START + dt.timedelta(hours=hour), tick=False):
            for i in range(10):
                assert _track(client, case.tracking_no, f"{i:04d}", f"10.{hour}.5.{i}").status_code == 400
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        # A fresh hour, a fresh address, the right digits: the 21st attempt of the day is refused.
        assert _limited(_track(client, case.tracking_no, "8000", "10.9.5.1"))
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        assert _track(client, case.tracking_no, "8000", "10.9.5.2").status_code == 302


def test_blocked_looks_the_same_for_an_unknown_number(world, client):
    case = resident_case(world)
    with time_machine.travel(START, tick=False):
        for i in range(10):
            _track(client, case.tracking_no, f"{i:04d}", f"10.0.6.{i}")
            _track(client, UNKNOWN, f"{i:04d}", f"10.0.7.{i}")
        known = _track(client, case.tracking_no, "8000", "10.0.6.99")
        unknown = _track(client, UNKNOWN, "8000", "10.0.7.99")
    assert _limited(known) and _limited(unknown)
    assert [t.name for t in known.templates] == [t.name for t in unknown.templates]
    assert known.context["too_large"] is unknown.context["too_large"] is False


@override_settings(LIAISON_PUBLIC_TRACK_FAILURES_PER_NUMBER=10)
def test_parallel_attempts_on_one_number_pass_the_limit_only_ten_times(db):
    # The count is raised atomically before any answer: 40 attempts at once, exactly 10 let through.
    with time_machine.travel(START, tick=False), ThreadPoolExecutor(max_workers=8) as pool:
        allowed = list(pool.map(lambda _: ratelimit.track_number_ok("LT01-20260512-0001"), range(40)))
    assert allowed.count(True) == 10
