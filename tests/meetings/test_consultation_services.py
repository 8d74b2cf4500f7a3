"""Legislative consultation services: who puts drafts out, the opinion period, decisions, certificate
numbers, and the adopted-opinion counts the scorecard reads."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from liaison.errors import DomainError
from meetings.models.consultation import DraftRegulation, Opinion
from meetings.selectors_consultation import adopted_opinion_counts, drafts_visible_to, opinions_visible_to
from meetings.services import consultation as svc
from notifications.models import Notification
from tests.meetings.consultation_helpers import CN, DUE, OPEN_DAY, add_opinion, adopt, legislative_meeting, make_draft

pytestmark = pytest.mark.django_db


# Drafts


def test_district_staff_put_a_district_draft_out_and_it_is_audited(world):
    draft = make_draft(world)
    assert draft.district_id == world.district.pk and draft.street_id is None
    assert LogEntry.objects.filter(object_id=str(draft.pk), user=world.district_staff).count() == 1


def test_street_staff_put_drafts_out_for_their_street_only(world):
    draft = make_draft(world, by=world.street_staff, node=world.street_a)
    assert (draft.district_id, draft.street_id) == (world.district.pk, world.street_a.pk)
    with pytest.raises(svc.NotAllowed):
        make_draft(world, by=world.street_staff, node=world.district)
    with pytest.raises(svc.NotAllowed):
        make_draft(world, by=world.street_staff, node=world.street_b)


@pytest.mark.parametrize("persona", ["clerk", "deputy_user", "outsider"])
def test_clerks_deputies_and_outsiders_put_no_drafts_out(world, persona):
    with pytest.raises(svc.NotAllowed):
        make_draft(world, by=getattr(world, persona))


def test_a_draft_needs_text_or_a_pdf_and_a_due_date_after_opening(world):
    with pytest.raises(ValidationError) as error:
        make_draft(world, text="")
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_draft(world, opens=dt.date(2026, 3, 31), due=dt.date(2026, 3, 1))
    assert "opinions_due" in error.value.message_dict
    assert not DraftRegulation.objects.exists()


def test_a_street_draft_is_seen_in_its_street_and_by_the_district_only(world):
    draft = make_draft(world, by=world.street_staff, node=world.street_a)
    district_draft = make_draft(world, title="全区草案")
    for persona in ("admin", "district_staff", "street_staff", "clerk", "deputy_user"):
        assert set(drafts_visible_to(getattr(world, persona))) == {draft, district_draft}, persona
    assert set(drafts_visible_to(world.other_clerk)) == {district_draft}
    assert not drafts_visible_to(world.outsider).exists()


# The opinion period (dates in China time; the due day is included)


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (dt.datetime(2026, 2, 28, 23, 59, tzinfo=CN), False),  # the day before opening
        (dt.datetime(2026, 3, 1, 0, 0, tzinfo=CN), True),
        (dt.datetime(2026, 3, 31, 23, 59, 59, tzinfo=CN), True),  # the last second of the due day
        (dt.datetime(2026, 4, 1, 0, 0, tzinfo=CN), False),
        # 2026-03-31 16:30 UTC is already 1 April in China.
        (dt.datetime(2026, 3, 31, 16, 30, tzinfo=dt.UTC), False),
    ],
)
def test_opinions_are_taken_only_between_opening_and_due_day(world, moment, accepted):
    draft = make_draft(world)
    if accepted:
        add_opinion(world, draft, now=moment)
        svc.opinion_submit_online(draft=draft, text="网上意见", now=moment)
        assert draft.opinions.count() == 2
    else:
        with pytest.raises(svc.NotOpen):
            add_opinion(world, draft, now=moment)
        with pytest.raises(svc.NotOpen) as error:
            svc.opinion_submit_online(draft=draft, text="网上意见", now=moment)
        assert not draft.opinions.exists()
        assert str(error.value)


def test_the_refusal_after_the_due_date_names_the_due_date(world, settings):
    settings.LANGUAGE_CODE = "en"
    draft = make_draft(world)
    with translation.override("en"), pytest.raises(svc.NotOpen) as error:
        svc.opinion_submit_online(draft=draft, text="x", now=dt.datetime(2026, 4, 2, 9, 0, tzinfo=CN))
    assert str(error.value) == "Opinions on this draft were due by March 31, 2026; it no longer takes opinions."


def test_state_follows_the_dates_without_a_timer(world):
    draft = make_draft(world)
    assert draft.state_on(dt.date(2026, 2, 28)) == "upcoming"
    assert draft.state_on(DUE) == "open"
    assert draft.state_on(dt.date(2026, 4, 1)) == "closed"


# Who records opinions where


def test_a_clerk_records_opinions_for_their_station_with_meeting_and_deputy(world):
    draft = make_draft(world)
    meeting = legislative_meeting(world)
    opinion = add_opinion(
        world, draft, deputy=world.deputy, meeting=meeting, article="第九条", contributor_name="居民甲"
    )
    assert opinion.channel == Opinion.Channel.STATION
    assert (opinion.district_id, opinion.street_id, opinion.station_id) == (
        world.district.pk, world.street_a.pk, world.station_a.pk,
    )
    assert (opinion.deputy, opinion.meeting, opinion.entered_by) == (world.deputy, meeting, world.clerk)
    # An opinion gathered at a point counts for its station.
    at_point = add_opinion(world, draft, node=world.point_a)
    assert at_point.station_id == world.station_a.pk


def test_a_clerk_cannot_record_for_another_station_nor_name_its_deputy_or_meeting(world):
    draft = make_draft(world)
    with pytest.raises(svc.NotAllowed):
        add_opinion(world, draft, node=world.station_b)
    with pytest.raises(ValidationError) as error:
        add_opinion(world, draft, deputy=world.other_deputy)
    assert "deputy" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add_opinion(world, draft, meeting=legislative_meeting(world, node=world.station_b))
    assert "meeting" in error.value.message_dict
    assert not draft.opinions.exists()


def test_nobody_records_outside_a_street_draft(world):
    draft = make_draft(world, by=world.street_staff, node=world.street_a)
    with pytest.raises(svc.NotAllowed):
        add_opinion(world, draft, by=world.other_clerk, node=world.station_b)
    with pytest.raises(svc.NotAllowed):
        add_opinion(world, draft, by=world.district_staff, node=world.station_b)


def test_a_deputy_sends_their_own_opinion(world):
    draft = make_draft(world)
    # A deputy cannot pose as someone else or attach a meeting: the service makes it their own.
    opinion = add_opinion(world, draft, by=world.deputy_user, deputy=world.other_deputy)
    assert (opinion.channel, opinion.deputy, opinion.station_id) == ("deputy", world.deputy, world.station_a.pk)
    with pytest.raises(svc.NotAllowed):
        add_opinion(world, draft, by=world.deputy_user, node=world.station_b)


def test_online_opinions_belong_to_the_drafts_scope(world):
    draft = make_draft(world, by=world.street_staff, node=world.street_a)
    opinion = svc.opinion_submit_online(draft=draft, text="网上意见", phone="13812348000", now=OPEN_DAY)
    assert (opinion.channel, opinion.district_id, opinion.street_id, opinion.station_id) == (
        "online", world.district.pk, world.street_a.pk, None,
    )
    assert opinion.entered_by is None


def test_opinions_are_scoped_like_cases(world):
    draft = make_draft(world)
    mine = add_opinion(world, draft, deputy=world.deputy)
    other = add_opinion(world, draft, by=world.other_clerk, node=world.station_b)
    plain = add_opinion(world, draft)
    online = svc.opinion_submit_online(draft=draft, text="网上意见", now=OPEN_DAY)
    expected = {
        "admin": {mine, other, plain, online},
        "district_staff": {mine, other, plain, online},
        "street_staff": {mine, plain},
        "clerk": {mine, plain},
        "other_clerk": {other},
        "deputy_user": {mine},
        "outsider": set(),
    }
    for persona, rows in expected.items():
        assert set(opinions_visible_to(getattr(world, persona))) == rows, persona


# Decisions and certificates


def test_adoptions_are_numbered_per_year_and_rejections_get_no_number(world):
    draft = make_draft(world, due=dt.date(2027, 1, 31))
    opinions = [add_opinion(world, draft, text=f"意见{i}") for i in range(4)]
    assert adopt(world, opinions[0]).certificate_no == "CN-2026-0001"
    rejected = svc.opinion_decide(
        by=world.district_staff, opinion=opinions[1], decision="not_adopted", reason="已有规定", now=OPEN_DAY
    )
    assert (rejected.decision, rejected.certificate_no, rejected.reason) == ("not_adopted", None, "已有规定")
    assert adopt(world, opinions[2]).certificate_no == "CN-2026-0002"
    new_year = dt.datetime(2027, 1, 1, 0, 5, tzinfo=CN)
    assert adopt(world, opinions[3], now=new_year).certificate_no == "CN-2027-0001"


def test_an_opinion_is_decided_once(world):
    draft = make_draft(world)
    opinion = add_opinion(world, draft)
    adopt(world, opinion)
    stale = Opinion.objects.get(pk=opinion.pk)
    with pytest.raises(DomainError):
        adopt(world, stale)
    with pytest.raises(DomainError):
        svc.opinion_decide(by=world.district_staff, opinion=stale, decision="not_adopted", reason="x")
    stale.refresh_from_db()
    assert (stale.decision, stale.certificate_no) == ("adopted", "CN-2026-0001")
    assert LogEntry.objects.filter(object_id=str(opinion.pk), change_message__contains="CN-2026-0001").count() == 1


def test_not_adopted_needs_a_reason(world):
    opinion = add_opinion(world, make_draft(world))
    with pytest.raises(ValidationError) as error:
        svc.opinion_decide(by=world.district_staff, opinion=opinion, decision="not_adopted", reason="  ")
    assert "reason" in error.value.message_dict
    opinion.refresh_from_db()
    assert opinion.decision == "pending"


def test_only_the_drafts_own_staff_decide(world):
    district_draft = make_draft(world)
    street_draft = make_draft(world, by=world.street_staff, node=world.street_a, title="街道草案")
    on_district = add_opinion(world, district_draft)
    on_street = add_opinion(world, street_draft)
    for persona in ("street_staff", "clerk", "deputy_user"):
        with pytest.raises(svc.NotAllowed):
            adopt(world, on_district, by=getattr(world, persona))
    assert adopt(world, on_street, by=world.street_staff).certificate_no == "CN-2026-0001"
    assert adopt(world, on_district, by=world.district_staff).certificate_no == "CN-2026-0002"


def test_the_deputy_hears_of_the_adoption_once(world, django_capture_on_commit_callbacks):
    opinion = add_opinion(world, make_draft(world), deputy=world.deputy)
    with django_capture_on_commit_callbacks(execute=True):
        adopt(world, opinion)
    note = Notification.objects.get(user=world.deputy_user)
    assert "CN-2026-0001" in note.title and note.url == f"/meetings/consultation/opinions/{opinion.pk}/certificate/"


def test_adopted_opinion_counts_per_deputy_and_station_in_one_query(world, django_assert_num_queries):
    draft = make_draft(world, due=dt.date(2027, 1, 31))
    for i in range(3):
        adopt(world, add_opinion(world, draft, deputy=world.deputy, text=f"张{i}"))
    adopt(world, add_opinion(world, draft, text="无代表"))
    adopt(world, add_opinion(world, draft, by=world.other_clerk, node=world.station_b, deputy=world.other_deputy))
    add_opinion(world, draft, deputy=world.deputy, text="待定")  # pending: not counted
    svc.opinion_decide(
        by=world.district_staff, opinion=add_opinion(world, draft, deputy=world.deputy, text="否"),
        decision="not_adopted", reason="不采纳",
    )
    adopt(world, add_opinion(world, draft, deputy=world.deputy, text="明年"), now=dt.datetime(2027, 1, 2, tzinfo=CN))
    adopt(world, svc.opinion_submit_online(draft=draft, text="网上", now=OPEN_DAY))  # neither deputy nor station
    with django_assert_num_queries(1):
        by_deputy = adopted_opinion_counts(year=2026, by="deputy")
    assert by_deputy == {world.deputy.pk: 3, world.other_deputy.pk: 1}
    assert adopted_opinion_counts(year=2026, by="station") == {world.station_a.pk: 4, world.station_b.pk: 1}
    assert adopted_opinion_counts(year=2027, by="deputy") == {world.deputy.pk: 1}


@time_machine.travel(dt.datetime(2026, 12, 31, 23, 30, tzinfo=CN), tick=False)
def test_the_certificate_year_is_the_china_year(world):
    # 23:30 on 31 December in China is 15:30 UTC: still 2026 for the number and the count.
    draft = make_draft(world, opens=dt.date(2026, 12, 1), due=dt.date(2026, 12, 31))
    opinion = add_opinion(world, draft, deputy=world.deputy, now=None)
    assert svc.opinion_decide(by=world.district_staff, opinion=opinion, decision="adopted").certificate_no == (
        "CN-2026-0001"
    )
    assert adopted_opinion_counts(year=2026) == {world.deputy.pk: 1}
