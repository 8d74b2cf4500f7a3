"""Helpers of the votes tests: a round with candidates and voters, opened with its slips."""

from decimal import Decimal

from meetings.services import votes as svc


def make_round(world, *, candidates=12, places=10, voters=5, node=None, by=None, year=2027, title="2027年民生实事票决"):
    by = by or world.district_staff
    round = svc.round_create(by=by, node=node or world.district, title=title, year=year, places=places)
    for i in range(1, candidates + 1):
        svc.candidate_add(by=by, round=round, name=f"项目{i:02d}", description=f"说明{i}", budget=Decimal("100000") * i)
    svc.voters_import(by=by, round=round, names=[f"选民{i:02d}" for i in range(1, voters + 1)])
    return round


def open_round(world, **kwargs):
    """(round, slips): a round opened with one code per voter."""
    round = make_round(world, **kwargs)
    slips = svc.round_open(by=world.district_staff, round=round)
    round.refresh_from_db()
    return round, slips


def cast(round, slip, picks):
    """Cast for candidates given by their order numbers (1-based)."""
    ids = dict(round.candidates.values_list("order", "pk"))
    return svc.ballot_cast(code=slip.code, candidate_ids=[ids[n] for n in picks])


def published_round(world, *, node=None, by=None, supervisors=()):
    """A published round (3 candidates, 1 place, 3 voters all for candidate 2) and its one project,
    tracking with `supervisors` when given."""
    by = by or world.district_staff
    round = make_round(world, candidates=3, places=1, voters=3, node=node, by=by)
    slips = svc.round_open(by=by, round=round)
    for slip in slips:
        cast(round, slip, [2])
    svc.round_close(by=by, round=round)
    svc.round_publish(by=by, round=round)
    round.refresh_from_db()
    project = round.projects.get()
    if supervisors:
        svc.project_set_supervisors(by=by, project=project, deputies=list(supervisors))
        svc.project_start(by=by, project=project)
    return round, project
