"""The votes demo: a published round with results and projects being delivered; a second run adds nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetings import demo_votes
from meetings.models.votes import Project, VoteRound

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_seed_is_idempotent(world):
    added = demo_votes.seed(district=world.district, now=NOW)
    assert added["rounds"] == 1 and added["projects"] == 10
    round = VoteRound.objects.get()
    assert round.status == VoteRound.Status.PUBLISHED
    assert round.electorate_size == 2 + 24  # the district's two deputies and 24 representatives
    assert round.ballots_cast == added["ballots"] == 23
    assert Project.objects.filter(status=Project.Status.TRACKING).count() == 10
    assert all(p.supervisors.count() == 2 for p in Project.objects.all())
    assert demo_votes.seed(district=world.district, now=NOW) == {"rounds": 0, "ballots": 0, "projects": 0}
    assert VoteRound.objects.count() == 1
