"""Two residents booking the last place at once: exactly one gets it (real threads, real connections)."""

import threading
from datetime import date, time

import pytest
import time_machine
from django.db import connection
from django.utils.translation import gettext

from liaison.errors import DomainError
from stations import reception_services as rs
from stations.models import AppointmentSlot, Booking, ReceptionMode
from tests.stations.reception_helpers import make_reception

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_bookings_for_the_last_place_one_wins(world):
    with time_machine.travel(date(2025, 3, 1), tick=False):
        reception = make_reception(
            world.station_a,
            world.clerk,
            date(2025, 3, 11),
            mode=ReceptionMode.APPOINTMENT,
            start_time=time(9),
            end_time=time(9, 30),
            slot_minutes=30,
            slot_capacity=2,
        )
        slot = AppointmentSlot.objects.get(reception=reception)
        rs.booking_create(slot=slot, name="先到者", phone="13800000001")
    # Both residents loaded the page (and the slot) while one place was left.
    stale = [AppointmentSlot.objects.select_related("reception").get(pk=slot.pk) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def book(i):
        try:
            barrier.wait(timeout=10)
            rs.booking_create(slot=stale[i], name=f"居民{i}", phone=f"1380000001{i}")
            outcomes.append("booked")
        except DomainError as error:
            outcomes.append(str(error))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(i,)) for i in range(2)]
    with time_machine.travel(date(2025, 3, 9), tick=False):  # one clock for both threads
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert not errors, errors
    assert sorted(outcomes) == sorted(["booked", gettext("This time slot is full; choose another.")])
    slot.refresh_from_db()
    assert (slot.booked, Booking.objects.filter(slot=slot).count()) == (2, 2)
