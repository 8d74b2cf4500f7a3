"""Ballot secrecy is in the schema: the stored ballots and scores cannot be joined back to voters."""

import uuid

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection

from meetings.models.votes import Ballot, BallotChoice, Credential, Score, ScoreCredential, VoteRound
from meetings.services import votes as svc
from tests.meetings.votes_helpers import cast, open_round

pytestmark = pytest.mark.django_db

ANONYMOUS = {
    Ballot: ({"id", "round_id"}, {"round_id": VoteRound}),
    BallotChoice: ({"id", "ballot_id", "candidate_id"}, {"ballot_id": Ballot, "candidate_id": "candidate"}),
    Score: ({"id", "project_id", "value"}, {"project_id": "project"}),
}


def _columns(model):
    with connection.cursor() as cursor:
        return {c.name: c for c in connection.introspection.get_table_description(cursor, model._meta.db_table)}


@pytest.mark.parametrize("model", list(ANONYMOUS), ids=lambda m: m.__name__)
def test_anonymous_tables_have_only_these_columns(model):
    expected, _ = ANONYMOUS[model]
    assert set(_columns(model)) == expected


@pytest.mark.parametrize("model", list(ANONYMOUS), ids=lambda m: m.__name__)
def test_anonymous_tables_reach_no_voter_credential_or_user(model):
    with connection.cursor() as cursor:
        relations = connection.introspection.get_relations(cursor, model._meta.db_table)
    targets = {table for _column, (_field, table) in relations.items()}
    forbidden = {
        m._meta.db_table for m in (Credential, ScoreCredential, LogEntry)
    } | {"meetings_voter", "auth_user", "deputies_deputy"}
    assert not targets & forbidden
    # Nor through the ORM: every relation of these models leads to round, ballot, candidate or project.
    related = {f.related_model._meta.model_name for f in model._meta.get_fields() if f.is_relation}
    assert related <= {"voteround", "ballot", "ballotchoice", "candidate", "project"}


@pytest.mark.parametrize("model", list(ANONYMOUS), ids=lambda m: m.__name__)
def test_anonymous_tables_have_no_time_column(model):
    for field in model._meta.get_fields():
        assert field.get_internal_type() not in ("DateTimeField", "DateField", "TimeField"), field.name


def test_credentials_keep_no_time_of_use():
    for model in (Credential, ScoreCredential):
        names = {f.name for f in model._meta.get_fields()}
        assert names == {"id", "round", "voter", "code_digest", "used"}


def test_ballot_ids_are_random_not_sequential(world):
    round, slips = open_round(world, candidates=12, places=10, voters=12)
    for i, slip in enumerate(slips):
        cast(round, slip, [i % 12 + 1])
    ids = list(Ballot.objects.filter(round=round).values_list("id", flat=True))
    assert len(ids) == 12
    assert all(isinstance(pk, uuid.UUID) and pk.version == 4 for pk in ids)
    choice_ids = list(BallotChoice.objects.values_list("id", flat=True))
    assert all(pk.version == 4 for pk in choice_ids)
    # No integer key: nothing counts up with each ballot cast.
    for model in ANONYMOUS:
        assert model._meta.pk.get_internal_type() == "UUIDField"


def test_no_audit_row_names_a_voter_or_a_choice(world):
    round, slips = open_round(world, candidates=3, places=1, voters=3)
    before = LogEntry.objects.count()
    cast(round, slips[0], [2])
    cast(round, slips[1], [3])
    assert LogEntry.objects.count() == before  # casting writes no audit row at all
    svc.round_close(by=world.district_staff, round=round)
    messages = " ".join(LogEntry.objects.values_list("change_message", flat=True))
    assert "选民01" not in messages and "选民02" not in messages


def test_closing_rewrites_ballots_so_rows_cannot_be_matched_by_order_or_stamp(world):
    round, slips = open_round(world, candidates=4, places=2, voters=6)
    for i, slip in enumerate(slips):
        cast(round, slip, [i % 4 + 1] if i < 5 else [])  # the sixth is blank
    before = set(Ballot.objects.values_list("id", flat=True))
    round = svc.round_close(by=world.district_staff, round=round)
    after = set(Ballot.objects.values_list("id", flat=True))
    assert len(after) == 6 and not before & after  # every ballot is a fresh row
    assert sorted(round.candidates.values_list("votes", flat=True)) == [1, 1, 1, 2]  # same count
    if connection.vendor == "postgresql":
        # One transaction stamp (xmin) for all ballots and all credentials of the round: casting's
        # shared stamp of "code spent" and "ballot stored" is gone.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(DISTINCT xmin::text) FROM meetings_ballot WHERE round_id = %s UNION ALL "
                "SELECT count(DISTINCT xmin::text) FROM meetings_credential WHERE round_id = %s UNION ALL "
                "SELECT count(DISTINCT b.xmin::text) FROM meetings_ballot b JOIN meetings_credential c "
                "ON b.xmin = c.xmin WHERE b.round_id = %s",
                [round.pk, round.pk, round.pk],
            )
            assert [row[0] for row in cursor.fetchall()] == [1, 1, 1]


def test_scores_rewritten_when_scoring_closes(world):
    from tests.meetings.votes_helpers import published_round

    round, project = published_round(world)
    slips = svc.scoring_open(by=world.district_staff, round=round)
    for slip, value in zip(slips, [3, 2, 1], strict=True):
        svc.scores_cast(code=slip.code, values={project.pk: value})
    before = set(Score.objects.values_list("id", flat=True))
    svc.scoring_close(by=world.district_staff, round=round)
    assert not before & set(Score.objects.values_list("id", flat=True))
    assert sorted(Score.objects.values_list("value", flat=True)) == [1, 2, 3]
