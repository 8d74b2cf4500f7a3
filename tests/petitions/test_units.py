"""Handling units: district staff keep them (with an audit row); the list counts each unit's
referrals received, replied on time, late and still open, in the query that lists them."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.utils import timezone

from petitions import services
from petitions.models import HandlingUnit, Petition
from tests import factories as f

CN = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _at(year, month, day):
    return time_machine.travel(dt.datetime(year, month, day, 10, tzinfo=CN), tick=False)


def _row(html: str, unit: HandlingUnit) -> dict:
    row = re.search(rf'data-unit="{unit.pk}">(.*?)</tr>', html, re.S).group(1)
    cells = dict(re.findall(r'data-col="(\w+)">(?:<span[^>]*>)?(\d+)', row))
    return {name: int(value) for name, value in cells.items()}


# --- create and edit -------------------------------------------------------------------------------


def test_district_staff_add_a_street_office_which_needs_its_street(world, client_for):
    client = client_for("district_staff")
    data = {"district": world.district.pk, "name": " 龙田街道办事处 ", "kind": "street_office", "is_active": "on"}
    response = client.post("/cases/units/new/", data)
    assert response.status_code == 400 and "A street office needs its street." in response.content.decode()
    assert not HandlingUnit.objects.exists()

    response = client.post("/cases/units/new/", data | {"street": world.street_a.pk, "phone": "0755-2888 0000"})
    assert response.status_code == 302 and response["Location"] == "/cases/units/"
    unit = HandlingUnit.objects.get()
    assert (unit.name, unit.district, unit.street, unit.kind, unit.phone, unit.is_active) == (
        "龙田街道办事处",
        world.district,
        world.street_a,
        "street_office",
        "0755-2888 0000",
        True,
    )
    entry = LogEntry.objects.get(object_id=str(unit.pk), content_type__model="handlingunit")
    assert (entry.user, entry.action_flag) == (world.district_staff, ADDITION)


def test_a_department_has_no_street_and_names_are_unique_in_a_district(world, client_for):
    client = client_for("district_staff")
    data = {"district": world.district.pk, "name": "区教育局", "kind": "department", "street": world.street_a.pk}
    assert client.post("/cases/units/new/", data).status_code == 302
    assert HandlingUnit.objects.get().street is None  # only a street office has a street
    response = client.post("/cases/units/new/", data | {"name": "区教育局"})
    assert response.status_code == 400
    assert "This district already has a unit of that name." in response.content.decode()
    assert HandlingUnit.objects.count() == 1


def test_editing_a_unit_records_the_changed_fields(world, client_for, unit):
    response = client_for("district_staff").post(
        f"/cases/units/{unit.pk}/edit/",
        {"name": unit.name, "kind": "department", "contact_person": "陈科长", "phone": "0755-1234 5678"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.contact_person, unit.phone, unit.is_active) == ("陈科长", "0755-1234 5678", False)
    entry = LogEntry.objects.get(object_id=str(unit.pk), action_flag=CHANGE)
    assert entry.change_message == "Changed: contact person、phone、in use"


def test_a_unit_not_in_use_is_not_offered_for_referral(world, client_for, ref_assigned_case, street_office):
    services.unit_update(by=world.district_staff, unit=street_office, is_active=False)
    html = client_for("street_staff").get(f"/cases/{ref_assigned_case.pk}/refer/").content.decode()
    assert "龙田街道办事处" not in html.split('name="unit"')[1].split("</select>")[0]
    assert "No active unit for this route yet" in html


def test_only_the_districts_own_staff_change_its_units(world):
    other = f.DistrictFactory(name="天河区", code="TH", by=world.admin)
    with pytest.raises(services.NotAllowed):
        services.unit_create(by=world.district_staff, district=other, name="天河区政府办公室", kind="district_office")
    with pytest.raises(services.NotAllowed):
        services.unit_create(by=world.street_staff, district=world.district, name="区教育局", kind="department")
    unit = services.unit_create(by=world.admin, district=other, name="天河区政府办公室", kind="district_office")
    assert unit.district == other


def test_street_staff_read_the_list_without_the_edit_links(world, client_for, unit, street_office):
    html = client_for("street_staff").get("/cases/units/").content.decode()
    assert "区城市管理和综合执法局" in html and "龙田街道办事处" in html
    assert "/cases/units/new/" not in html and "/edit/" not in html
    manager_html = client_for("district_staff").get("/cases/units/").content.decode()
    assert "/cases/units/new/" in manager_html and f"/cases/units/{unit.pk}/edit/" in manager_html


def test_the_list_filters_by_kind(world, client_for, unit, street_office):
    html = client_for("clerk").get("/cases/units/", {"kind": "street_office"}).content.decode()
    assert "龙田街道办事处" in html and "区城市管理和综合执法局" not in html


# --- compliance counts -------------------------------------------------------------------------------


def _case(world, category) -> Petition:
    case = services.petition_create(
        by=world.clerk,
        node=world.station_a,
        channel=Petition.Channel.STATION,
        resident_name="王小明",
        resident_phone="13812348000",
        category=category,
        content="路灯坏了。",
    )
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    return case


def _refer(world, case, unit):
    if unit.kind == "street_office":
        services.petition_refer(petition=case, by=world.street_staff, unit=unit, route="street", street_opinion="同意")
    else:
        services.petition_refer(
            petition=case, by=world.district_staff, unit=unit, route="district", district_opinion="同意"
        )


def _acknowledge(world, case):
    services.referral_acknowledge(
        petition=case, by=world.clerk, received_on=timezone.localdate(), received_by_name="李"
    )


def _reply(world, case):
    services.petition_reply(petition=case, by=world.clerk, reply_text="已处理。", reply_class="A")


@pytest.fixture
def compliance(world, category, street_office, unit):
    """street_office: 6 letters; unit (a department): 1. "Today" is 2026-01-20."""
    cases = {name: _case(world, category) for name in ("on_time", "late", "extended", "open", "overdue", "gone", "dep")}
    with _at(2025, 8, 1):  # due 2025-11-03 (Nov 1 is a Saturday)
        _refer(world, cases["overdue"], street_office)
    with _at(2025, 9, 1):  # received the same day: due 2025-12-01
        for name in ("on_time", "late", "extended", "gone"):
            _refer(world, cases[name], street_office)
        for name in ("on_time", "late", "extended"):
            _acknowledge(world, cases[name])
        services.petition_withdraw(petition=cases["gone"], by=world.clerk, reason="居民撤回")
    with _at(2025, 11, 1):
        _reply(world, cases["on_time"])
    with _at(2025, 11, 20):  # due 2026-02-24 (the Spring Festival holiday ends on 02-23)
        _refer(world, cases["open"], street_office)
        _refer(world, cases["dep"], unit)
        services.referral_extend(
            petition=cases["extended"], by=world.district_staff, new_due_on=dt.date(2026, 2, 27), reason="协调"
        )
    with _at(2025, 12, 5):
        _reply(world, cases["late"])
    with _at(2026, 1, 10):
        _reply(world, cases["extended"])  # after 2025-12-01 but within the extension: on time


def test_each_unit_counts_its_referrals_in_one_query(
    world, client_for, compliance, street_office, unit, django_assert_max_num_queries
):
    for n in range(5):
        HandlingUnit.objects.create(district=world.district, name=f"区部门{n}", kind="department")
    client = client_for("district_staff")
    client.get("/cases/units/")  # warm the session and the user
    # session, user, the scope (positions, deputy assignments, deputy), the bell's unread count,
    # the paginator's count, and the page of units with all their counts: 8 however many units.
    with _at(2026, 1, 20), django_assert_max_num_queries(8):
        html = client.get("/cases/units/").content.decode()
    assert _row(html, street_office) == {"received": 6, "on_time": 2, "late": 1, "open": 2, "overdue": 1}
    assert _row(html, unit) == {"received": 1, "on_time": 0, "late": 0, "open": 1}
