"""The rota page, swapping from the deputy's own page, the duties list and its home-page partial."""

from datetime import date

import pytest
import time_machine
from django.template.loader import render_to_string

from deputies import duty_services as ds
from deputies.models import CalendarFeedToken, Duty
from deputies.selectors import upcoming_duties
from tests import factories as f
from tests.stations.reception_helpers import make_reception


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2025, 3, 1), tick=False):
        yield


@pytest.fixture
def colleague(world):
    deputy = f.DeputyFactory(name="王代表", district=world.district, street=world.street_a)
    f.AssignmentFactory(deputy=deputy, node=world.station_a)
    return deputy


def test_the_clerk_picks_the_rota_from_the_stations_deputies(world, client_for, colleague):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))
    client = client_for("clerk")

    page = client.get(f"/deputies/duties/reception/{reception.pk}/").content.decode()
    saved = client.post(f"/deputies/duties/reception/{reception.pk}/", {"deputies": [world.deputy.pk, colleague.pk]})
    stranger = client.post(f"/deputies/duties/reception/{reception.pk}/", {"deputies": [world.other_deputy.pk]})

    assert "张代表" in page and "王代表" in page and "李代表" not in page  # only this station's deputies
    assert (saved.status_code, stranger.status_code) == (302, 400)
    assert set(reception.duties.values_list("deputy__name", flat=True)) == {"张代表", "王代表"}


def test_a_deputy_hands_over_their_own_duty(world, client_for, colleague):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))
    (duty,) = ds.duty_assign(reception=reception, deputies=[world.deputy], by=world.clerk)
    client = client_for("deputy_user")

    invalid = client.post(f"/deputies/duties/{duty.pk}/swap/", {"with_deputy": colleague.pk, "reason": ""})
    response = client.post(f"/deputies/duties/{duty.pk}/swap/", {"with_deputy": colleague.pk, "reason": "出差"})

    assert invalid.status_code == 400
    assert response.status_code == 302 and response["Location"] == "/deputies/duties/"
    duty = Duty.objects.get(pk=duty.pk)
    assert (duty.deputy, duty.swapped_with, duty.swap_reason) == (colleague, world.deputy, "出差")
    # The duty is no longer the deputy's: a second swap is not theirs to make.
    assert client.get(f"/deputies/duties/{duty.pk}/swap/").status_code == 404


def test_my_duties_show_the_feed_link_which_can_be_renewed(world, client_for):
    reception = make_reception(world.station_a, world.clerk, date(2025, 3, 11))
    ds.duty_assign(reception=reception, deputies=[world.deputy], by=world.clerk)
    client = client_for("deputy_user")

    body = client.get("/deputies/duties/").content.decode()
    token = CalendarFeedToken.objects.get(deputy=world.deputy).token
    client.post("/deputies/duties/feed/renew/")

    assert f"http://testserver/deputies/feeds/{token}.ics" in body and "2025-03-11" in body
    assert CalendarFeedToken.objects.get(deputy=world.deputy).token != token


def test_the_home_page_partial_lists_upcoming_duties(world):
    for day in (11, 25):
        reception = make_reception(world.station_a, world.clerk, date(2025, 3, day))
        ds.duty_assign(reception=reception, deputies=[world.deputy], by=world.clerk)

    html = render_to_string("deputies/partials/upcoming_duties.html", {"duties": upcoming_duties(world.deputy)})

    assert html.count('data-testid="duty"') == 2 and "南岭社区联络站" in html
