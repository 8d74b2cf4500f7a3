from io import StringIO

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from deputies.demo_data import PASSWORD, build_plan
from deputies.models import Assignment, Deputy, VoterContact
from deputies.selectors import unassigned_deputies
from stations.models import Community, Node, Position, StandardCheck

User = get_user_model()
# The network and people only (no cases): tests/petitions/test_seed_demo_cases.py covers the rest.
NO_CASES = ["--cases", "0"]
SMALL = ["--streets", "2", "--stations-per-street", "2", "--points-per-station", "1", "--deputies", "40", *NO_CASES]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [Node, Community, StandardCheck, Deputy, Assignment, VoterContact, User, Position, LogEntry]
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_default_district_has_exact_counts_and_a_second_run_changes_nothing():
    out = seed(*NO_CASES)

    kinds = dict(Node.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds == {"district": 1, "street": 8, "station": 40, "point": 120}
    assert "streets 8/8" in out and "stations 40/40" in out and "deputies 400/400" in out
    levels = dict(Deputy.objects.values_list("level").annotate(n=Count("id")))
    assert levels == {"national": 2, "provincial": 8, "city": 24, "county": 140, "township": 226}
    admin = User.objects.get(username="admin")
    assert unassigned_deputies(admin).count() == 8
    # Each station has exactly one head; every street has its deputies' home name.
    assert Assignment.objects.filter(role="head", node__kind="station").count() == 40
    assert not Node.objects.filter(kind="street", home_name="").exists()
    # Ancestor columns were set by the services: 5 stations × 3 points under each street.
    first_street = Node.objects.get(kind="street", code="PH")
    assert Node.objects.filter(kind="point", street=first_street).count() == 15
    assert StandardCheck.objects.count() == 40 * 6
    # Voter contacts: most deputies keep 3–5, a few fall outside (the warning has something to show).
    plan = build_plan()
    assert VoterContact.objects.count() == sum(len(d.voters) for d in plan.deputies)
    per_deputy = [len(d.voters) for d in plan.deputies]
    assert any(n < 3 for n in per_deputy) and any(n > 5 for n in per_deputy)
    assert sum(3 <= n <= 5 for n in per_deputy) > 0.85 * len(per_deputy)
    # 6 demo accounts + staff of the 7 other streets + clerks of the 38 other stations.
    assert User.objects.count() == 51
    assert Position.objects.count() == 1 + 8 + 40
    assert LogEntry.objects.filter(user=admin).count() > 400  # every write left an audit row

    before = counts()
    out = seed(*NO_CASES)
    assert counts() == before
    assert "deputies 400/400 (0 new)" in out


@pytest.mark.django_db
def test_small_district_from_options():
    seed(*SMALL)
    assert Node.objects.filter(kind="station").count() == 4
    assert Node.objects.filter(kind="point").count() == 4
    assert Deputy.objects.count() == 40
    assert unassigned_deputies(User.objects.get(username="admin")).count() == 2
    stations_without_head = Node.objects.filter(kind="station").exclude(deputy_assignments__role="head")
    assert not stations_without_head.exists()


@pytest.mark.django_db
def test_deputies_already_there_are_matched_by_name_and_phone():
    seed(*SMALL)
    deputy = Deputy.objects.order_by("pk").first()
    deputy.bio = "edited by hand"
    deputy.save(update_fields=["bio"])
    # Deputies on a vote's electorate or a meeting's attendance are protected records: leave them.
    Deputy.objects.exclude(pk=deputy.pk).filter(
        assignments__isnull=True, vote_voters__isnull=True, meeting_attendances__isnull=True
    ).delete()

    seed(*SMALL)

    assert Deputy.objects.count() == 40
    deputy.refresh_from_db()
    assert deputy.bio == "edited by hand"  # what exists is left as it is


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["admin", "district", "street", "clerk", "clerk2", "deputy"])
def test_each_demo_account_lands_on_its_role_home(username):
    seed(*SMALL)
    role = next(a.role for a in build_plan().accounts if a.username == username)
    client = Client()

    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"{username} could not log in"
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LIAISON_HOME_URLS[role])
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_demo_people_are_where_the_readme_says():
    seed(*SMALL)
    first_station = Node.objects.get(code="PH01")
    clerk2_station = Position.objects.get(user__username="clerk2").node
    assert Position.objects.get(user__username="clerk").node == first_station
    assert clerk2_station.street_id != first_station.street_id  # a station in another street
    assert Position.objects.get(user__username="street").node.code == "PH"
    assert Position.objects.get(user__username="district").node.kind == "district"
    deputy = Deputy.objects.get(user__username="deputy")
    assert deputy.assignments.filter(node=first_station, role="head").exists()
    # Staff accounts for the other streets and stations exist, with no usable password yet.
    other_clerk = User.objects.get(username="clerk_bt02")
    assert not other_clerk.has_usable_password()
    assert Position.objects.get(user=other_clerk).node.code == "BT02"
