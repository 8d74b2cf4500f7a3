"""编组进站: managers assign deputies to homes, stations and points from the detail page, and remove them."""

import datetime as dt

from deputies.models import Assignment
from tests import factories as f


def test_detail_page_offers_the_assignment_form_to_managers_only(world, client_for):
    url = f"/deputies/{world.deputy.pk}/"
    assert 'data-testid="assignment-form"' in client_for("district_staff").get(url).content.decode()
    assert 'data-testid="assignment-form"' not in client_for("street_staff").get(url).content.decode()


def test_add_an_assignment_with_role_and_date(world, client_for):
    response = client_for("district_staff").post(
        f"/deputies/{world.deputy.pk}/assignments/add/",
        {"node": world.point_a.pk, "role": "host", "since": "2024-03-01"},
    )
    assert response.status_code == 302 and response["Location"] == f"/deputies/{world.deputy.pk}/"
    assignment = Assignment.objects.get(deputy=world.deputy, node=world.point_a)
    assert (assignment.role, assignment.since) == ("host", dt.date(2024, 3, 1))


def test_naming_a_new_head_makes_the_old_head_a_resident(world, client_for):
    old_head = f.DeputyFactory(name="老站长", district=world.district)
    f.AssignmentFactory(deputy=old_head, node=world.station_a, role="head")
    response = client_for("district_staff").post(
        f"/deputies/{world.deputy.pk}/assignments/add/", {"node": world.station_a.pk, "role": "head"}
    )
    assert response.status_code == 302
    roles = dict(Assignment.objects.filter(node=world.station_a).values_list("deputy__name", "role"))
    assert roles == {"张代表": "head", "老站长": "resident"}


def test_role_must_fit_the_kind_of_place(world, client_for):
    client = client_for("district_staff")
    url = f"/deputies/{world.deputy.pk}/assignments/add/"
    host_at_station = client.post(url, {"node": world.station_b.pk, "role": "host"})
    head_at_point = client.post(url, {"node": world.point_a.pk, "role": "head"})
    for response in (host_at_station, head_at_point):
        assert response.status_code == 400
        assert list(response.context["form"].errors) == ["role"]
    assert Assignment.objects.filter(deputy=world.deputy).count() == 1


def test_a_node_outside_the_deputys_district_is_not_a_choice(world, client_for):
    other_street = f.StreetFactory(code="ELSE-S", by=world.admin)  # in a new district
    response = client_for("admin").post(
        f"/deputies/{world.deputy.pk}/assignments/add/", {"node": other_street.pk, "role": "resident"}
    )
    assert response.status_code == 400
    assert "node" in response.context["form"].errors


def test_service_errors_become_form_errors_not_500s(world, client_for, monkeypatch):
    from django.core.exceptions import ValidationError

    from deputies import services

    def refuse(**kwargs):
        raise ValidationError("Someone else changed this station's head just now.")

    monkeypatch.setattr(services, "assignment_add", refuse)
    response = client_for("district_staff").post(
        f"/deputies/{world.deputy.pk}/assignments/add/", {"node": world.station_b.pk, "role": "head"}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()


def test_assign_from_the_coverage_page_returns_there(world, client_for):
    lone = f.DeputyFactory(name="未编组", district=world.district)
    client = client_for("district_staff")
    page = client.get(f"/deputies/{lone.pk}/assignments/add/?next=coverage")
    assert 'name="next" value="coverage"' in page.content.decode()
    response = client.post(
        f"/deputies/{lone.pk}/assignments/add/", {"node": world.station_b.pk, "role": "resident", "next": "coverage"}
    )
    assert response["Location"] == "/deputies/coverage/"


def test_remove_asks_for_confirmation_then_deletes(world, client_for):
    assignment = Assignment.objects.get(deputy=world.deputy)
    client = client_for("district_staff")
    url = f"/deputies/assignments/{assignment.pk}/remove/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "南岭社区联络站" in confirm.content.decode()
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    response = client.post(url)
    assert response["Location"] == f"/deputies/{world.deputy.pk}/"
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


def test_other_roles_cannot_add_or_remove(world, client_for):
    assignment = Assignment.objects.get(deputy=world.deputy)
    for persona in ("street_staff", "clerk", "deputy_user"):
        client = client_for(persona)
        add = client.post(f"/deputies/{world.deputy.pk}/assignments/add/", {"node": world.point_a.pk, "role": "host"})
        remove = client.post(f"/deputies/assignments/{assignment.pk}/remove/")
        assert (add.status_code, remove.status_code) == (403, 403)
    assert list(Assignment.objects.filter(deputy=world.deputy).values_list("node_id", flat=True)) == [
        world.station_a.pk
    ]
