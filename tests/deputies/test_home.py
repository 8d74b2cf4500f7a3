"""The deputy's home page, and what someone without a deputy record gets there."""

import datetime as dt

from deputies.models import Assignment
from tests import factories as f


def test_deputy_home_shows_profile_stations_with_role_and_contact_count(world, client_for):
    Assignment.objects.filter(deputy=world.deputy).update(role="head", since=dt.date(2023, 5, 1))
    f.AssignmentFactory(deputy=world.deputy, node=world.point_a, role="host")
    for _ in range(4):
        f.VoterContactFactory(deputy=world.deputy)
    response = client_for("deputy_user").get("/deputies/home/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "张代表" in html
    stations = html[html.index('data-testid="my-stations"') :]
    stations = stations[: stations.index("</ul>")]
    assert "南岭社区联络站" in stations and "南岭产业园联系点" in stations and "2023-05-01" in stations
    assert [a.role for a in response.context["assignments"]] == ["head", "host"]
    assert 'data-testid="contact-count">4<' in html
    assert 'data-testid="contacts-warning"' not in html
    assert f'href="/deputies/{world.deputy.pk}/contacts/"' in html


def test_staff_without_a_deputy_record_are_sent_to_their_own_home(world, client_for):
    response = client_for("district_staff").get("/deputies/home/")
    assert response.status_code == 302 and response["Location"] == "/"


def test_staff_who_are_also_deputies_get_the_deputy_home(world, client_for):
    f.DeputyFactory(name="兼任代表", user=world.street_staff, district=world.district)
    response = client_for("street_staff").get("/deputies/home/")
    assert response.status_code == 200 and "兼任代表" in response.content.decode()
