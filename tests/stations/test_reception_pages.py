"""The staff and clerk reception pages: rules, generating, the list with dates to check, move/cancel."""

from datetime import date

import pytest
import time_machine

from stations import reception_services as rs
from stations.models import Reception, ReceptionMode, ReceptionRule, ReceptionTopic
from tests.stations.reception_helpers import make_reception, make_rule

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _rule_post(**extra):
    data = {
        "kind": "nth_weekday",
        "nth": "2",
        "weekday": "1",
        "start_time": "09:00",
        "end_time": "11:30",
        "place": "南岭社区党群服务中心",
        "mode": "station",
        "valid_from": "2026-11-20",
        "is_active": "on",
    }
    data.update(extra)
    return data


def test_a_clerk_adds_a_rule_and_generates_its_days(world, client_for):
    client = client_for("clerk")
    response = client.post(f"/network/{world.station_a.pk}/receptions/rules/new/", _rule_post())
    assert response.status_code == 302
    rule = ReceptionRule.objects.get()
    assert (rule.node, rule.nth, rule.weekday, rule.day_of_month) == (world.station_a, 2, 1, None)

    response = client.post(f"/network/{world.station_a.pk}/receptions/generate/", {"until": "2027-02-28"})

    assert response.status_code == 302
    # The second Tuesdays: 2026-12-08 (covered), 2027-01-12 and 2027-02-09 (calendar not published yet).
    rows = list(Reception.objects.order_by("date").values_list("date", "calendar_unconfirmed"))
    assert rows == [(date(2026, 12, 8), False), (date(2027, 1, 12), True), (date(2027, 2, 9), True)]


def test_an_invalid_rule_is_refused_with_the_input_kept(world, client_for):
    response = client_for("clerk").post(
        f"/network/{world.station_a.pk}/receptions/rules/new/", _rule_post(nth="", place="二楼会议室")
    )
    assert response.status_code == 400
    assert "二楼会议室" in response.content.decode()
    assert not ReceptionRule.objects.exists()


def test_the_list_shows_days_whose_calendar_is_not_confirmed(world, client_for, django_assert_max_num_queries):
    rule = make_rule(world.station_a, world.clerk, day_of_month=15)
    rs.receptions_generate(rule=rule, until=date(2027, 2, 28))
    client = client_for("street_staff")

    # session, user, scope (positions, assignments, deputy), the bell, count, page (with rota and topic
    # counts), the unconfirmed ones, nodes for the filter and for the side list: however many rows.
    with django_assert_max_num_queries(11):
        response = client.get("/network/receptions/")

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="reception-row"') == 3
    unconfirmed = body.split('data-testid="unconfirmed-list"')[1].split("</div>")[0]
    assert "2027-01-15" in unconfirmed and "2027-02-15" in unconfirmed and "2026-12-15" not in unconfirmed


def test_other_stations_receptions_are_not_listed(world, client_for):
    make_reception(world.station_b, world.other_clerk, date(2026, 12, 1))
    make_reception(world.station_a, world.clerk, date(2026, 12, 2))
    body = client_for("clerk").get("/network/receptions/").content.decode()
    assert body.count('data-testid="reception-row"') == 1


def test_move_and_cancel_through_the_page(world, client_for):
    reception = make_reception(world.station_a, world.clerk, date(2026, 12, 1))
    client = client_for("clerk")

    no_reason = client.post(f"/network/receptions/{reception.pk}/move/", {"new_date": "2026-12-03", "reason": ""})
    moved = client.post(f"/network/receptions/{reception.pk}/move/", {"new_date": "2026-12-03", "reason": "停电"})
    cancelled = client.post(f"/network/receptions/{reception.pk}/cancel/", {"reason": "台风"})
    again = client.post(f"/network/receptions/{reception.pk}/cancel/", {"reason": "台风"})

    assert [r.status_code for r in (no_reason, moved, cancelled, again)] == [400, 302, 302, 400]
    reception.refresh_from_db()
    assert (reception.date, reception.moved_from, reception.status) == (
        date(2026, 12, 3),
        date(2026, 12, 1),
        "cancelled",
    )


def test_topic_phones_are_shown_to_the_clerk_and_masked_for_supervisors(world, client_for):
    reception = make_reception(world.station_a, world.clerk, date(2026, 11, 23))
    ReceptionTopic.objects.create(reception=reception, text="加装电梯", name="陈女士", phone="13800138000")

    clerk_page = client_for("clerk").get(f"/network/receptions/{reception.pk}/").content.decode()
    staff_page = client_for("street_staff").get(f"/network/receptions/{reception.pk}/").content.decode()

    assert "13800138000" in clerk_page and "加装电梯" in clerk_page
    assert "13800138000" not in staff_page and "138****8000" in staff_page


def test_the_clerk_sees_the_bookings_of_an_appointment_day(world, client_for):
    reception = make_reception(
        world.station_a,
        world.clerk,
        date(2026, 11, 23),
        mode=ReceptionMode.APPOINTMENT,
        slot_minutes=60,
        slot_capacity=2,
    )
    rs.booking_create(slot=reception.slots.first(), name="陈女士", phone="13800138000", topic="噪音扰民")

    body = client_for("clerk").get(f"/network/receptions/{reception.pk}/").content.decode()

    slots = body.split('data-testid="slots"')[1].split("</table>")[0]
    assert "09:00–10:00" in slots and "1 / 2" in slots and "陈女士" in slots and "噪音扰民" in slots


def test_a_reception_on_or_after_its_day_links_to_its_log(world, client_for):
    import datetime as dt

    from django.utils import timezone

    from stations.reception_services import reception_create

    today = timezone.localdate()
    due = reception_create(by=world.clerk, node=world.station_a, date=today, start_time=dt.time(9, 0),
                           end_time=dt.time(11, 0), place="党群服务中心", mode="station")
    later = reception_create(by=world.clerk, node=world.station_a, date=today + dt.timedelta(days=7),
                             start_time=dt.time(9, 0), end_time=dt.time(11, 0), place="党群服务中心", mode="station")
    client = client_for("clerk")
    assert f'href="/cases/receptions/{due.pk}/log/"' in client.get(f"/network/receptions/{due.pk}/").content.decode()
    assert "/log/" not in client.get(f"/network/receptions/{later.pk}/").content.decode()


def test_the_notice_is_linked_only_once_it_is_published(world, client_for):
    """Three days before the reception the public notice opens; before that the page says so, no dead link."""
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    soon = make_reception(world.station_a, world.clerk, today + dt.timedelta(days=2))
    later = make_reception(world.station_a, world.clerk, today + dt.timedelta(days=20))
    client = client_for("clerk")
    html = client.get(f"/network/receptions/{soon.pk}/").content.decode()
    assert f'href="/network/receptions/{soon.pk}/notice/"' in html
    html = client.get(f"/network/receptions/{later.pk}/").content.decode()
    assert f'href="/network/receptions/{later.pk}/notice/"' not in html
    assert client.get(f"/network/receptions/{later.pk}/notice/").status_code == 404
