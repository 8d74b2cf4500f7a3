"""The consultation demo data: two drafts through the services, some opinions adopted; idempotent."""

import pytest

from meetings import demo_consultation
from meetings.models.consultation import DraftRegulation, Opinion
from meetings.selectors_consultation import adopted_opinion_counts
from tests.meetings.consultation_helpers import OPEN_DAY

pytestmark = pytest.mark.django_db


def test_seed_makes_a_closed_and_an_open_draft_once(world):
    assert demo_consultation.seed(district=world.district, now=OPEN_DAY) == {"drafts": 2, "opinions": 8}
    closed = DraftRegulation.objects.get(title=demo_consultation.CLOSED_TITLE)
    assert closed.state_on(OPEN_DAY.date()) == "closed"
    assert DraftRegulation.objects.get(title=demo_consultation.OPEN_TITLE).state_on(OPEN_DAY.date()) == "open"
    decisions = sorted(closed.opinions.values_list("decision", flat=True))
    assert decisions == ["adopted", "adopted", "adopted", "not_adopted", "pending"]
    numbers = sorted(Opinion.objects.exclude(certificate_no=None).values_list("certificate_no", flat=True))
    assert numbers == ["CN-2026-0001", "CN-2026-0002", "CN-2026-0003"]
    # The first and second adopted opinions were raised with station_a's and station_b's deputies.
    assert adopted_opinion_counts(year=2026, by="deputy") == {world.deputy.pk: 1, world.other_deputy.pk: 1}
    assert demo_consultation.seed(district=world.district, now=OPEN_DAY) == {"drafts": 0, "opinions": 0}
    assert Opinion.objects.count() == 8
