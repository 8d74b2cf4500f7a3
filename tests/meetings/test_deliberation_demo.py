"""The deliberation demo meetings (helper "delib"): seeded on a small demo district, idempotent."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from meetings import demo_deliberation
from meetings.models import Meeting
from meetings.models.deliberation import ActionItem, Topic
from petitions.models import PetitionEvent
from stations.models import Node

NOW = dt.datetime(2026, 5, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
def test_demo_meetings_are_seeded_once():
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", "--streets", "2", "--stations-per-street", "2", "--points-per-station", "1",
                     "--deputies", "40", "--cases", "30", stdout=StringIO())
        # seed_demo runs demo_deliberation.seed; a second run creates nothing.
        district = Node.objects.get(kind=Node.Kind.DISTRICT)
        assert demo_deliberation.seed(district=district, now=NOW) == 0
    assert Meeting.objects.filter(kind="deliberation", status="held", is_public=True).count() == 3
    assert Meeting.objects.filter(kind="training", status="held").count() == 3
    assert Meeting.objects.filter(kind="deliberation", status="planned").count() == 3
    assert Topic.objects.count() == 3
    assert sorted(ActionItem.objects.values_list("status", "progress")) == [("done", 100), ("open", 40), ("open", 40)]
    assert Topic.cases.through.objects.exists()
    # Everything the demo wrote on cases is in the past.
    assert not PetitionEvent.objects.filter(action="meeting_action", at__gte=NOW).exists()
    assert PetitionEvent.objects.filter(action="meeting_action").exists()
