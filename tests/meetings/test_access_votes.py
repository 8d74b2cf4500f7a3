"""Access matrix of the votes area. Staff pages: committee staff whose district or street holds the round
(a district round is outside a street's staff: 404); clerks, deputies and outsiders 403. Projects:
staff of the round and the supervising deputies read; only staff manage; supervisors report progress.
The voters' pages need no login and answer everyone the same."""

import pytest

from meetings.services import votes as svc
from tests.access import FORBIDDEN, NOT_FOUND, OK, PERSONAS, Row, check, everyone, params
from tests.meetings.votes_helpers import make_round, open_round, published_round


def _public(outcome=OK):
    return dict.fromkeys(PERSONAS, outcome)


# A district round: district staff and admins; street staff don't see it.
DISTRICT = everyone(FORBIDDEN, street_staff=NOT_FOUND, district_staff=OK, admin=OK)
# A street round (street_a): its street's staff too.
STREET = everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK)
STAFF_LIST = everyone(FORBIDDEN, street_staff=OK, district_staff=OK, admin=OK)


def _draft(w):
    return make_round(w, candidates=3, places=2, voters=2)


def _street_draft(w):
    return make_round(w, candidates=3, places=2, voters=2, node=w.street_a, by=w.street_staff)


def _open(w):
    return open_round(w, candidates=3, places=2, voters=2)[0]


def _closed(w):
    round = _open(w)
    return svc.round_close(by=w.district_staff, round=round)


def _tied(w):
    round = _open(w)  # nobody voted: all three tie on 0 for 2 places
    return svc.round_close(by=w.district_staff, round=round)


def _project(w):
    return published_round(w, supervisors=[w.deputy])[1]


def _pending_project(w):
    return published_round(w)[1]


def _vote_data(w):
    round, slips = open_round(w, candidates=3, places=2, voters=2)
    return {"code": slips[0].code, "choices": [round.candidates.first().pk]}


def _vote_url(w):
    round, slips = open_round(w, candidates=3, places=2, voters=2)
    return f"/p/meetings/vote/?code={slips[0].code}"


def _score_url(w):
    round, _project = published_round(w)
    slips = svc.scoring_open(by=w.district_staff, round=round)
    return f"/p/meetings/vote/score/?code={slips[0].code}"


ROWS = [
    Row("meetings:vote_rounds", lambda w: "/meetings/votes/", STAFF_LIST),
    Row("meetings:vote_round_create", lambda w: "/meetings/votes/new/", STAFF_LIST),
    Row(
        "meetings:vote_round_create", lambda w: "/meetings/votes/new/",
        everyone(FORBIDDEN, street_staff="status 400", district_staff=OK, admin=OK), method="post",
        data=lambda w: {"title": "票决", "node": w.district.pk, "year": 2027, "places": 10, "score_scale": "three"},
    ),
    Row("meetings:vote_round", lambda w: f"/meetings/votes/{_draft(w).pk}/", DISTRICT),
    Row("meetings:vote_round", lambda w: f"/meetings/votes/{_street_draft(w).pk}/", STREET),
    Row("meetings:vote_round_edit", lambda w: f"/meetings/votes/{_draft(w).pk}/edit/", DISTRICT),
    Row("meetings:vote_round_edit", lambda w: f"/meetings/votes/{_street_draft(w).pk}/edit/", STREET, method="post",
        data=lambda w: {"title": "改名", "year": 2027, "places": 2, "score_scale": "ten"}),
    Row("meetings:vote_candidate_add", lambda w: f"/meetings/votes/{_draft(w).pk}/candidates/", DISTRICT,
        method="post", data=lambda w: {"name": "新项目", "budget": "1000"}),
    Row("meetings:vote_candidate_remove",
        lambda w: f"/meetings/votes/candidates/{_draft(w).candidates.first().pk}/remove/", DISTRICT, method="post"),
    Row("meetings:vote_voters_deputies", lambda w: f"/meetings/votes/{_street_draft(w).pk}/voters/deputies/",
        STREET, method="post", data=lambda w: {"deputies": [w.deputy.pk]}),
    Row("meetings:vote_voters_import", lambda w: f"/meetings/votes/{_draft(w).pk}/voters/import/", DISTRICT,
        method="post", data=lambda w: {"names": "王五\n赵六", "kind": "representative"}),
    Row("meetings:vote_voter_remove",
        lambda w: f"/meetings/votes/voters/{_draft(w).voters.first().pk}/remove/", DISTRICT, method="post"),
    Row("meetings:vote_voter_reissue",
        lambda w: f"/meetings/votes/voters/{_open(w).voters.first().pk}/reissue/", DISTRICT, method="post"),
    Row("meetings:vote_round_open", lambda w: f"/meetings/votes/{_draft(w).pk}/open/", DISTRICT, method="post"),
    Row("meetings:vote_round_open", lambda w: f"/meetings/votes/{_draft(w).pk}/open/",
        everyone(FORBIDDEN, street_staff="status 405", district_staff="status 405", admin="status 405")),
    Row("meetings:vote_round_close", lambda w: f"/meetings/votes/{_open(w).pk}/close/", DISTRICT, method="post"),
    Row("meetings:vote_round_publish", lambda w: f"/meetings/votes/{_closed(w).pk}/publish/", DISTRICT,
        method="post"),
    Row("meetings:vote_round_runoff", lambda w: f"/meetings/votes/{_tied(w).pk}/runoff/", DISTRICT, method="post"),
    Row("meetings:vote_scoring_open", lambda w: f"/meetings/votes/{published_round(w)[0].pk}/scoring/open/",
        DISTRICT, method="post"),
    Row("meetings:vote_scoring_close", lambda w: f"/meetings/votes/{published_round(w)[0].pk}/scoring/close/",
        DISTRICT, method="post"),
    Row("meetings:vote_projects", lambda w: "/meetings/votes/projects/", everyone(OK, outsider=FORBIDDEN)),
    Row("meetings:vote_project", lambda w: f"/meetings/votes/projects/{_project(w).pk}/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, deputy_user=OK, district_staff=OK, admin=OK)),
    Row("meetings:vote_project_supervisors", lambda w: f"/meetings/votes/projects/{_project(w).pk}/supervisors/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, deputy_user=FORBIDDEN, district_staff=OK, admin=OK), method="post",
        data=lambda w: {"deputies": [w.deputy.pk]}),
    Row("meetings:vote_project_start", lambda w: f"/meetings/votes/projects/{_pending_project(w).pk}/start/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, district_staff=OK, admin=OK), method="post"),
    Row("meetings:vote_milestone_add", lambda w: f"/meetings/votes/projects/{_project(w).pk}/milestones/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, deputy_user=FORBIDDEN, district_staff=OK, admin=OK), method="post",
        data=lambda w: {"title": "开工", "due_on": "2027-03-01"}),
    Row("meetings:vote_milestone_done", lambda w: f"/meetings/votes/milestones/{_milestone(w).pk}/done/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, deputy_user=FORBIDDEN, district_staff=OK, admin=OK), method="post"),
    Row("meetings:vote_progress_add", lambda w: f"/meetings/votes/projects/{_project(w).pk}/progress/",
        everyone(NOT_FOUND, outsider=FORBIDDEN, deputy_user=OK, district_staff=OK, admin=OK), method="post",
        data=lambda w: {"percent": 30, "spent": "5000", "note": ""}),
    # The voters' phone pages: no login, the same for everyone.
    Row("meetings_public:vote", lambda w: "/p/meetings/vote/", _public()),
    Row("meetings_public:vote", _vote_url, _public()),
    Row("meetings_public:vote", lambda w: "/p/meetings/vote/", _public(), method="post", data=_vote_data),
    Row("meetings_public:vote_done", lambda w: "/p/meetings/vote/done/?round=1", _public()),
    Row("meetings_public:vote_score", lambda w: "/p/meetings/vote/score/", _public()),
    Row("meetings_public:vote_score", _score_url, _public()),
    Row("meetings_public:vote_results", lambda w: "/p/meetings/vote/results/", _public()),
    Row("meetings_public:vote_result", lambda w: f"/p/meetings/vote/results/{published_round(w)[0].pk}/", _public()),
    Row("meetings_public:vote_result", lambda w: f"/p/meetings/vote/results/{_closed(w).pk}/", _public(NOT_FOUND)),
]


def _milestone(w):
    project = _project(w)
    return svc.milestone_add(by=w.district_staff, project=project, title="开工", due_on="2027-03-01")


@pytest.mark.parametrize(**params(ROWS))
def test_access(row, persona, world, client_for):
    check(client_for(persona), row, persona, world)
