"""The scorecard's numbers from known records (tests/performance/test_scorecard_helpers.py)."""

import datetime as dt

import pytest

from deputies.models import Deputy
from meetings.models import Attendee, Meeting
from performance.models.scorecard import Metric, PointRule, Quota, Source
from performance.scorecard.compute import scorecards, sort_cards
from performance.scorecard.records import records_for
from tests import factories as f
from tests.performance import test_scorecard_helpers as h
from tests.performance.test_scorecard_helpers import CN, EXPECTED_2026, make_meeting

pytestmark = pytest.mark.django_db
clock, scored = h.clock, h.scored  # the shared fixtures


def card_for(deputy, year=2026):
    (card,) = scorecards(Deputy.objects.filter(pk=deputy.pk), first=year, last=year)
    return card


def test_counts_and_points_with_the_default_rules(scored):
    card = card_for(scored.deputy)
    counts = {line.source: line.count for line in card.lines}
    assert counts == {
        Source.CASE_SOLVED: 3,
        Source.CASE_REPORTED: 1,
        Source.SUGGESTION: 1,
        Source.SUGGESTION_FOLLOWED: 1,
        Source.DUTY_ATTENDED: 4,
        Source.DUTY_ABSENT: 1,
        Source.MEETING_ATTENDED: 1,
        Source.RESEARCH_ATTENDED: 1,
        Source.MEETING_ABSENT: 1,
        Source.VOTER_CONTACT: 3,
        Source.OPINION_ADOPTED: 0,
        Source.PROJECT_SUPERVISED: 0,
    }
    assert card.points == EXPECTED_2026["points"]
    assert (card.caseload, card.solved, card.raised, card.solve_rate) == (5, 3, 6, 60)
    assert (card.activities, card.visits) == (2, 5)


def test_quotas_with_the_defaults(scored):
    card = card_for(scored.deputy)
    progress = {q.metric: (q.value, q.met) for q in card.quotas}
    assert progress == {
        Metric.VISITS: (5, False),
        Metric.VOTER_CONTACTS: (3, True),
        Metric.CASES_SOLVED: (3, True),
        Metric.SUGGESTIONS: (1, False),
        Metric.ACTIVITIES: (2, False),
        Metric.SUGGESTIONS_FOLLOWED: (1, True),
    }
    assert {q.metric for q in card.behind} == {Metric.VISITS, Metric.SUGGESTIONS, Metric.ACTIVITIES}
    visits = next(q for q in card.quotas if q.metric == Metric.VISITS)
    assert visits.percent == 50


def test_a_year_is_scored_by_its_own_records_and_rules(scored):
    PointRule.objects.create(district=scored.district, source=Source.CASE_SOLVED, points=5, valid_from=2026)
    PointRule.objects.create(
        district=scored.district, source=Source.DUTY_ABSENT, points=-3, active=False, valid_from=2026
    )
    cards = scorecards(Deputy.objects.filter(pk=scored.deputy.pk), first=2025, last=2026)
    assert [c.year for c in cards] == [2025, 2026]
    # 2025: one resolved case under the default +3; the 2026 rules do not reach back.
    assert (cards[0].points, cards[0].caseload, cards[0].solved) == (3, 1, 1)
    # 2026: solved 3 × 5 instead of 3 × 3 (+6), the absence no longer costs a point (+1).
    assert cards[1].points == EXPECTED_2026["points"] + 6 + 1


def test_a_quota_row_replaces_the_default_from_its_year(scored):
    Quota.objects.create(district=scored.district, metric=Metric.VISITS, minimum=4, valid_from=2026)
    Quota.objects.create(district=scored.district, metric=Metric.SUGGESTIONS, minimum=1, valid_from=2027)
    card = card_for(scored.deputy)
    assert {q.metric for q in card.behind} == {Metric.SUGGESTIONS, Metric.ACTIVITIES}


def test_other_districts_rules_do_not_apply(scored):
    other = f.DistrictFactory(name="南山区", code="NS", by=scored.admin)
    PointRule.objects.create(district=other, source=Source.CASE_SOLVED, points=50, valid_from=2020)
    assert card_for(scored.deputy).points == EXPECTED_2026["points"]


def test_a_deputy_with_no_records_scores_zero_and_is_behind(scored):
    card = card_for(scored.other_deputy)
    assert (card.points, card.caseload, card.solve_rate, card.activities) == (0, 0, None, 0)
    assert len(card.behind) == 6


def test_meetings_count_in_the_year_of_their_local_date(scored):
    # 00:30 on New Year's Day in Shanghai is still 31 December in UTC.
    make_meeting(
        scored.station_b,
        kind=Meeting.Kind.DELIBERATION,
        when=dt.datetime(2026, 1, 1, 0, 30, tzinfo=CN),
        attendees=[(scored.other_deputy, Attendee.Attendance.PRESENT)],
    )
    make_meeting(
        scored.station_b,
        kind=Meeting.Kind.DELIBERATION,
        when=dt.datetime(2025, 12, 31, 23, 30, tzinfo=CN),
        attendees=[(scored.other_deputy, Attendee.Attendance.PRESENT)],
    )
    cards = scorecards(Deputy.objects.filter(pk=scored.other_deputy.pk), first=2025, last=2026)
    assert [c.activities for c in cards] == [1, 1]


def test_every_count_is_traceable_to_its_records(scored):
    card = card_for(scored.deputy)
    for line in card.lines:
        if line.source == Source.VOTER_CONTACT:
            continue
        records = records_for(line.source, deputy_id=scored.deputy.pk, year=2026, link_receptions=True)
        assert len(records) == line.count, line.source
    solved = records_for(Source.CASE_SOLVED, deputy_id=scored.deputy.pk, year=2026, link_receptions=False)
    assert all(r.url.startswith("/cases/") for r in solved)
    duties = records_for(Source.DUTY_ATTENDED, deputy_id=scored.deputy.pk, year=2026, link_receptions=False)
    assert [r.day for r in duties] == [
        dt.date(2026, 4, 14),
        dt.date(2026, 3, 10),
        dt.date(2026, 2, 10),
        dt.date(2026, 1, 13),
    ]
    assert all(r.url == "" for r in duties)


def test_sorting_by_points_rate_and_name(scored):
    third = f.DeputyFactory(name="王代表", district=scored.district, street=scored.street_a)
    cards = scorecards(
        Deputy.objects.filter(pk__in=[scored.deputy.pk, scored.other_deputy.pk, third.pk]), first=2026, last=2026
    )
    assert [c.name for c in sort_cards(cards, "-points")] == ["张代表", "李代表", "王代表"]
    assert [c.name for c in sort_cards(cards, "rate")][-1] == "张代表"
    assert [c.name for c in sort_cards(cards, "bogus")][0] == "张代表"


def test_demo_seed_is_idempotent_and_changes_no_score(scored):
    from performance import demo_scorecard

    for _run in range(2):
        demo_scorecard.seed(district=scored.district, now=h.NOW)
    assert PointRule.objects.count() == len(Source.values)
    assert Quota.objects.count() == len(Metric.values)
    assert card_for(scored.deputy).points == EXPECTED_2026["points"]


def test_adopted_opinions_and_supervised_projects_count_as_the_meetings_selectors_do(scored):
    from meetings.models.consultation import DraftRegulation, Opinion
    from meetings.models.votes import Candidate, Project, VoteRound
    from meetings.selectors_consultation import adopted_opinion_counts
    from meetings.selectors_votes import supervised_projects

    w = scored
    draft = DraftRegulation.objects.create(
        title="深圳经济特区养老服务条例（草案）", issuing_body="区人大常委会法工委", district=w.district,
        opinions_open_from=dt.date(2026, 3, 1), opinions_due=dt.date(2026, 3, 31),
    )

    def opinion(decision, decided_at):
        adopted = decision == Opinion.Decision.ADOPTED
        return Opinion.objects.create(
            draft=draft, text="建议增加社区助餐点。", channel=Opinion.Channel.DEPUTY, deputy=w.deputy,
            entered_at=dt.datetime(2026, 3, 5, 9, 0, tzinfo=CN), decision=decision, decided_at=decided_at,
            certificate_no=f"{decided_at:%Y}-{Opinion.objects.count() + 1:03d}" if adopted else None,
        )

    opinion(Opinion.Decision.ADOPTED, dt.datetime(2026, 4, 1, 9, 0, tzinfo=CN))
    opinion(Opinion.Decision.ADOPTED, dt.datetime(2025, 12, 1, 9, 0, tzinfo=CN))
    opinion(Opinion.Decision.NOT_ADOPTED, dt.datetime(2026, 4, 1, 9, 0, tzinfo=CN))
    rnd = VoteRound.objects.create(
        title="2026年民生实事票决", year=2026, node=w.street_a, district=w.district, street=w.street_a, places=1
    )
    for year, name in ((2026, "加装电梯"), (2025, "口袋公园")):
        candidate = Candidate.objects.create(round=rnd, name=name, is_winner=True)
        project = Project.objects.create(candidate=candidate, round=rnd, year=year)
        project.supervisors.add(w.deputy)

    card = card_for(w.deputy)
    counts = {line.source: line.count for line in card.lines}
    assert counts[Source.OPINION_ADOPTED] == adopted_opinion_counts(year=2026)[w.deputy.pk] == 1
    assert counts[Source.PROJECT_SUPERVISED] == supervised_projects(w.deputy.pk, 2026) == 1
    assert card.points == EXPECTED_2026["points"] + 3 + 2
    for source in (Source.OPINION_ADOPTED, Source.PROJECT_SUPERVISED):
        assert len(records_for(source, deputy_id=w.deputy.pk, year=2026, link_receptions=True)) == 1


def test_a_queryset_of_deputies_counts_the_same_as_a_list_of_ids(scored):
    from performance.scorecard.counts import count_records

    both = Deputy.objects.filter(pk__in=[scored.deputy.pk, scored.other_deputy.pk])
    as_subquery = count_records(deputies=both, first=2025, last=2026)
    as_list = count_records(deputies=[scored.deputy.pk, scored.other_deputy.pk], first=2025, last=2026)
    for year in (2025, 2026):
        assert dict(as_subquery[scored.deputy.pk][year]) == dict(as_list[scored.deputy.pk][year])
    one_year = count_records(deputies=both, first=2026, last=2026)
    assert dict(one_year[scored.deputy.pk][2026]) == dict(as_list[scored.deputy.pk][2026])
