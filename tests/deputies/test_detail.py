"""The deputy detail page: profile, assignments, voter contacts and change history."""

import datetime as dt

from deputies import services
from deputies.models import Deputy
from tests import factories as f


def test_detail_shows_the_profile(world, client_for):
    Deputy.objects.filter(pk=world.deputy.pk).update(
        electoral_district="第3选区",
        profession="医生",
        is_leader=True,
        phone="13900001234",
        term_start=dt.date(2021, 10, 1),
        term_end=dt.date(2026, 9, 30),
        bio="长期从事社区医疗。",
    )
    world.deputy.specialties.add(f.SpecialtyFactory(name="医疗卫生"))
    html = client_for("clerk").get(f"/deputies/{world.deputy.pk}/").content.decode()
    for text in (
        "张代表",
        "第3选区",
        "医生",
        "医疗卫生",
        "13900001234",
        "2021-10-01",
        "2026-09-30",
        "长期从事社区医疗。",
    ):
        assert text in html, text
    assigned = html[html.index('data-testid="assignments"') :]
    assert "南岭社区联络站" in assigned[: assigned.index("</table>")]


def test_change_history_is_shown_to_managers_only(world, client_for):
    services.deputy_update(by=world.district_staff, deputy=world.deputy, level="city")
    url = f"/deputies/{world.deputy.pk}/"
    manager_html = client_for("district_staff").get(url).content.decode()
    history = manager_html[manager_html.index('data-testid="history"') :]
    assert "district_staff" in history[: history.index("</ul>")]
    for persona in ("street_staff", "clerk", "deputy_user"):
        assert 'data-testid="history"' not in client_for(persona).get(url).content.decode()


def test_only_managers_see_edit_and_remove_buttons(world, client_for):
    url = f"/deputies/{world.deputy.pk}/"
    assert f"/deputies/{world.deputy.pk}/edit/" in client_for("district_staff").get(url).content.decode()
    clerk_html = client_for("clerk").get(url).content.decode()
    assert "/edit/" not in clerk_html and "/remove/" not in clerk_html


def test_detail_query_count_is_bounded(world, client_for, django_assert_max_num_queries):
    for _ in range(5):
        f.VoterContactFactory(deputy=world.deputy)
        f.AssignmentFactory(deputy=world.deputy, node=f.PointFactory(parent=world.station_a, by=world.admin))
        world.deputy.specialties.add(f.SpecialtyFactory())
    client = client_for("district_staff")
    # session, user, scope (positions, assigned nodes, own deputy record), the deputy, contacts, the
    # history's content type (cached after a first request), specialties, assignments with nodes, the
    # assignment form's node choices, history, the reports-to-voters card (meetings.templatetags.reports_tags),
    # which of the assignments' nodes the user may open: 14 however many rows.
    with django_assert_max_num_queries(14):
        assert client.get(f"/deputies/{world.deputy.pk}/").status_code == 200


def test_a_clerk_sees_a_deputys_street_home_without_a_link_they_could_not_open(world, client_for):
    """The deputy is also placed at their street's home, which a station clerk cannot open: no dead link."""
    f.AssignmentFactory(deputy=world.deputy, node=world.street_a)
    html = client_for("clerk").get(f"/deputies/{world.deputy.pk}/").content.decode()
    assert f'href="/network/{world.station_a.pk}/"' in html
    assert f'href="/network/{world.street_a.pk}/"' not in html
    assert client_for("clerk").get(f"/network/{world.street_a.pk}/").status_code == 404


def test_a_deputy_sees_colleagues_on_their_station_page_without_links_to_their_records(world, client_for):
    colleague = f.DeputyFactory(name="王同事", district=world.district)
    f.AssignmentFactory(deputy=colleague, node=world.station_a)
    html = client_for("deputy_user").get(f"/network/{world.station_a.pk}/").content.decode()
    assert "王同事" in html
    assert f'href="/deputies/{world.deputy.pk}/"' in html  # their own record
    assert f'href="/deputies/{colleague.pk}/"' not in html
