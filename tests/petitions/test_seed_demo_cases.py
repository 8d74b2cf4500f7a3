"""`manage.py seed_demo` beyond the network: handling units, reception days, cases in every state.

The demo is anchored on the day it is first seeded, so the clock is pinned (2026-11-26, a Thursday).
A small district keeps it quick; the plan's own guarantees at the default size are checked on the
plan (no database).
"""

import datetime as dt
import hashlib
from collections import Counter
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from deputies.demo_data import PASSWORD, build_plan
from deputies.models import Deputy, Duty
from notifications.models import Notification
from petitions import demo_data
from petitions.models import (
    Category,
    DeadlineStep,
    HandlingUnit,
    Petition,
    PetitionEvent,
    ReceptionLog,
    Referral,
    Review,
)
from stations.models import AppointmentSlot, Reception, ReceptionRule, ReceptionTopic
from stations.reception_sweep import overdue_receptions

CN = ZoneInfo("Asia/Shanghai")
ANCHOR = dt.datetime(2026, 11, 26, 10, 0, tzinfo=CN)
SMALL = ["--streets", "2", "--stations-per-street", "2", "--points-per-station", "1", "--deputies", "40"]
SMALL_CASES = [*SMALL, "--cases", "40"]
S = Petition.Status


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    with time_machine.travel(ANCHOR, tick=False):
        yield seed(*SMALL_CASES)


def snapshot() -> tuple[dict, str]:
    """Row counts, and a checksum of what a second run must not touch."""
    models = [
        Petition,
        PetitionEvent,
        Referral,
        Review,
        DeadlineStep,
        HandlingUnit,
        ReceptionRule,
        Reception,
        ReceptionLog,
        ReceptionTopic,
        Duty,
        Notification,
        LogEntry,
    ]
    digest = hashlib.sha256()
    rows = [
        Petition.objects.order_by("pk").values_list("tracking_no", "status", "version", "due_on", "updated_at"),
        PetitionEvent.objects.order_by("pk").values_list("pk", "at", "action"),
        Reception.objects.order_by("pk").values_list("pk", "date", "status", "updated_at"),
        Duty.objects.order_by("pk").values_list("pk", "deputy_id", "attendance"),
        Category.objects.order_by("pk").values_list("name", "specialties__name"),
    ]
    for query in rows:
        digest.update(repr(list(query)).encode())
    return {m.__name__: m.objects.count() for m in models}, digest.hexdigest()


def test_the_small_demo_has_exact_counts_and_every_status(seeded):
    statuses = dict(Counter(Petition.objects.values_list("status", flat=True)))
    assert statuses == {
        "received": 2,
        "assigned": 2,
        "resolved": 2,
        "referred": 3,
        "acknowledged": 7,
        "replied": 2,
        "informed": 2,
        "rated": 2,
        "review": 2,
        "closed": 12,
        "withdrawn": 2,
        "merged": 1,
        "escalated": 1,
    }
    assert set(statuses) == set(S.values)  # every state of the workflow
    assert "cases 40/40 (40 new)" in seeded
    # 2 street offices, the district government office, 10 departments.
    kinds = dict(Counter(HandlingUnit.objects.values_list("kind", flat=True)))
    assert kinds == {"street_office": 2, "district_office": 1, "department": 10}
    assert ReceptionRule.objects.count() == 4  # one per station
    receptions = dict(Counter(Reception.objects.values_list("status", flat=True)))
    assert receptions == {"held": 20, "planned": 24, "cancelled": 1}
    assert ReceptionLog.objects.filter(submitted_at__isnull=False).count() == 20
    # Every held reception has its rota marked; future ones have a rota of 2–3 waiting.
    assert not Duty.objects.filter(reception__status="held", attendance="expected").exists()
    future = Reception.objects.filter(status="planned", date__gte=ANCHOR.date())
    assert all(2 <= r.duties.count() <= 3 for r in future)
    cancelled = Reception.objects.get(status="cancelled")
    assert cancelled.change_reason.startswith("台风")
    # Cases raised at a reception day are linked to it and take its date and start time.
    linked = Petition.objects.filter(reception__isnull=False).select_related("reception")
    assert linked.count() == 5
    for case in linked:
        start = dt.datetime.combine(case.reception.date, case.reception.start_time, tzinfo=CN)
        assert (case.channel, case.received_at, case.reception.status) == ("reception", start, "held")
    # Specialties match categories, so assignment suggestions make sense.
    assert set(Category.objects.get(name="法律纠纷").specialties.values_list("name", flat=True)) == {"律师", "法律"}


def test_a_second_run_creates_nothing_and_changes_no_row(seeded):
    before = snapshot()
    with time_machine.travel(ANCHOR, tick=False):
        out = seed(*SMALL_CASES)
    assert snapshot() == before
    assert "cases 40/40 (0 new)" in out and "receptions 45/45 (0 new)" in out
    assert "Recorded 0 steps" in out


def test_a_run_days_later_plans_the_same_cases(seeded):
    """The anchor is the day of the first run: later runs plan the very same intake times."""
    numbers = set(Petition.objects.values_list("tracking_no", flat=True))
    receptions = Reception.objects.count()
    with time_machine.travel(ANCHOR + dt.timedelta(days=9), tick=False):
        out = seed(*SMALL_CASES)
    assert "cases 40/40 (0 new)" in out
    assert set(Petition.objects.values_list("tracking_no", flat=True)) == numbers
    assert Reception.objects.count() == receptions


def test_the_timelines_are_in_the_past_and_follow_the_plan(seeded):
    anchor_day = dt.datetime.combine(ANCHOR.date(), dt.time.min, tzinfo=CN)
    people = PetitionEvent.objects.exclude(actor_label="system")
    assert not people.filter(at__gte=anchor_day).exists()
    for referral in Referral.objects.select_related("petition"):
        refer = referral.petition.events.filter(action="refer").order_by("at").first()
        assert refer.at == referral.sent_at
    oldest = Petition.objects.order_by("received_at").first().received_at
    assert oldest < anchor_day - dt.timedelta(days=150)
    # The reception-day cases were assigned by the log, to the deputy chosen for them.
    assert not Petition.objects.filter(reception__isnull=False, assigned_deputy__isnull=True).exists()


def test_the_sweep_left_overdue_cases_and_reminders(seeded):
    overdue = Petition.objects.filter(overdue_since__isnull=False)
    assert overdue.count() == 3
    assert all(case.due_on < ANCHOR.date() for case in overdue)
    steps = dict(Counter(DeadlineStep.objects.values_list("step", flat=True)))
    # Each step of the ladder: overdue, +15 days to the district, +30 days to a supervision meeting.
    assert steps == {"overdue": 3, "escalate_district": 3, "supervision": 1, "remind_7": 1, "remind_30": 2}
    due_soon = Petition.objects.get(deadline_steps__step="remind_7")
    assert 0 < (due_soon.due_on - ANCHOR.date()).days <= 7
    extended = Referral.objects.get(extended_to__isnull=False)
    assert extended.extension_approved_by.username == "district" and extended.petition.due_on == extended.extended_to
    # A past reception nobody logged, for the missed-reception sweep to flag.
    assert overdue_receptions(ANCHOR).count() >= 1


def test_each_demo_account_lands_on_its_lively_home(seeded):
    roles = {a.username: a.role for a in build_plan().accounts}
    deputy = Deputy.objects.get(user__username="deputy")
    mine = Petition.objects.filter(assigned_deputy=deputy)
    assert mine.count() == 2
    # The `deputy` account wrote an opinion on at least one referral letter.
    assert Referral.objects.filter(petition__assigned_deputy=deputy).exclude(deputy_opinion="").exists()
    for username in ("admin", "district", "street", "clerk", "clerk2", "deputy"):
        client = Client()
        assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302
        response = client.get("/")
        assert response["Location"] == reverse(settings.LIAISON_HOME_URLS[roles[username]])
        home = client.get(response["Location"])
        assert home.status_code == 200, username
        if username == "deputy":
            assert mine.first().tracking_no in home.content.decode()
        if username == "clerk":
            station_case = Petition.objects.filter(station__code="PH01").order_by("-received_at").first()
            assert station_case.tracking_no in client.get(reverse("petitions:list")).content.decode()


def test_the_default_plan_spreads_cases_as_promised():
    """At the default size, on the plan alone: ~300 cases, the `clerk` station ~20, the `deputy`
    account 8, every scenario at least once, the three big categories first."""
    plan = build_plan()
    quotas = demo_data.quotas(300)
    assert sum(quotas.values()) == 300 and set(quotas) == set(demo_data.SCENARIOS)
    assert quotas["extended"] == 1
    cases = demo_data.build_cases(plan, ANCHOR.date(), 300, held=[])
    assert len(cases) == 300
    head = plan.accounts[5].deputy_index
    assert sum(c.station_code == "PH01" for c in cases) >= 20
    assert sum(c.deputy_index == head and c.status != "received" for c in cases) == 8
    categories = [name for name, _n in Counter(c.category for c in cases).most_common(3)]
    assert set(categories) == {"城市管理", "交通出行", "环境卫生"}
    assert len({c.content.split("。")[0] for c in cases}) > 40
    assert all(c.received_at.date() < ANCHOR.date() for c in cases)
    assert all(at < dt.datetime.combine(ANCHOR.date(), dt.time.min, tzinfo=CN) for c in cases for _a, at in c.steps)
    # Phones are fake but valid mainland mobile numbers, and the same each time.
    phones = [c.resident_phone for c in cases if c.resident_phone]
    assert all(len(p) == 11 and p[0] == "1" and p.isdigit() for p in phones)
    assert [c.resident_phone for c in demo_data.build_cases(plan, ANCHOR.date(), 300, held=[])] == [
        c.resident_phone for c in cases
    ]


def test_bookings_fit_their_slots_and_no_account_is_added(seeded):
    assert all(slot.booked <= slot.capacity for slot in AppointmentSlot.objects.all())
    assert get_user_model().objects.count() == 9  # no new accounts beyond the network's
