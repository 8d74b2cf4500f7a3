"""The deputy list page: columns, count badge, sorting, pagination, scoped filter choices, query count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deputies.models import Deputy
from tests import factories as f


def _fill(world, n: int) -> None:
    """n more deputies at station_a, each with a specialty and a second assignment at point_a."""
    lawyer = f.SpecialtyFactory(name="律师")
    for i in range(n):
        d = f.DeputyFactory(name=f"批量{i:03d}", district=world.district, street=world.street_a)
        d.specialties.add(lawyer)
        f.AssignmentFactory(deputy=d, node=world.station_a)
        f.AssignmentFactory(deputy=d, node=world.point_a, role="host")


def test_list_shows_columns_and_count_badge(world, client_for):
    world.deputy.specialties.add(f.SpecialtyFactory(name="医生"))
    Deputy.objects.filter(pk=world.deputy.pk).update(is_leader=True)
    response = client_for("district_staff").get("/deputies/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 2
    assert re.search(r'data-testid="deputy-count">\D*2\D', html)
    row = html[html.index("张代表") :]
    row = row[: row.index("</tr>")]
    for cell in ("龙田街道", "南岭社区联络站", "医生"):
        assert cell in row
    assert "badge text-bg-warning" in row  # leadership post


def test_list_paginates_by_25_and_sorts_by_name_and_level(world, client_for):
    for i in range(30):
        f.DeputyFactory(name=f"代表{i:02d}", district=world.district, level="township")
    f.DeputyFactory(name="全国代表", district=world.district, level="national")
    client = client_for("district_staff")

    first = client.get("/deputies/")
    assert len(first.context["page_obj"].object_list) == 25
    second = client.get("/deputies/?page=2")
    assert len(second.context["page_obj"].object_list) == 8  # 33 in all

    by_level = [d.name for d in client.get("/deputies/?o=level").context["page_obj"]]
    assert by_level[0] == "全国代表"  # national first, not alphabetical by code
    by_level_desc = client.get("/deputies/?o=-level").context["page_obj"]
    assert {d.level for d in by_level_desc} == {"township"}  # township first; the national deputy is on page 2
    names = [d.name for d in client.get("/deputies/?o=-name").context["page_obj"]]
    assert names == sorted(names, reverse=True)


def test_filter_choices_are_limited_to_the_users_scope(world, client_for):
    form = client_for("street_staff").get("/deputies/").context["filter"].form
    assert [s.code for s in form.fields["street"].queryset] == ["LT"]
    assert [s.code for s in form.fields["station"].queryset] == ["LT01"]
    clerk_form = client_for("other_clerk").get("/deputies/").context["filter"].form
    assert [s.code for s in clerk_form.fields["station"].queryset] == ["NW01"]


def test_a_station_outside_scope_is_refused_not_used(world, client_for):
    response = client_for("clerk").get(f"/deputies/?station={world.station_b.pk}")
    assert "station" in response.context["filter"].form.errors
    assert "李代表" not in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/deputies/", "/deputies/?level=county&o=level&station=__station__"])
def test_query_count_does_not_grow_with_the_number_of_deputies(world, client_for, django_assert_max_num_queries, url):
    url = url.replace("__station__", str(world.station_a.pk))
    client = client_for("street_staff")
    _fill(world, 3)  # 5 deputies
    small = _queries(client, url)
    for i in range(35):
        d = f.DeputyFactory(name=f"更多{i:03d}", district=world.district, street=world.street_a)
        f.AssignmentFactory(deputy=d, node=world.station_a)
    assert Deputy.objects.count() == 40
    # session, user, scope (positions, assigned nodes, own deputy record), the chosen station checked
    # against the scoped choices, count, filter choices (streets, stations, specialties), the page,
    # then one prefetch for assignments with their nodes and one for specialties; the bell's unread count.
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 14
