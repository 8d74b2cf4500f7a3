"""What each scorecard count counts, and the grouped queries that count it.

Every count is (table, the column naming the deputy, the date that puts a record in a year, a filter).
Counts on the same table and columns share ONE query: `COUNT(*) FILTER (WHERE …) … GROUP BY deputy,
year`, so a scorecard for 50,000 deputies costs the same number of queries as one for a single deputy.
The detail page lists the records behind a count with the very same filter (`records_q`), so the
list always adds up to the number.

Which year a record counts in:
- cases (taken on, solved, escalated, reported): the year the case was received, so a year's solve
  rate is "of the cases raised that year, how many are solved" (a case solved later raises its year);
- a referral followed: the year the unit's written reply was dated;
- a reception duty: the reception's date; a meeting: the day it started (China time);
- a legislative opinion adopted: the day of the decision (as meetings.selectors_consultation.
  adopted_opinion_counts counts it); a livelihood project supervised: the project's year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Model, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from deputies.models import Duty, VoterContact
from meetings.models import Attendee, Meeting
from meetings.models.consultation import Opinion
from meetings.models.votes import Project
from performance.models.scorecard import Source
from petitions.models import Petition, Referral

S = Petition.Status
# A case "solved": it got its answer (resolved directly, or replied to in writing) and was not sent
# back for review; later steps (informed, rated, closed) keep it solved.
SOLVED_STATUSES = (S.RESOLVED, S.REPLIED, S.INFORMED, S.RATED, S.CLOSED)
# Not part of anyone's caseload: duplicates merged into another case, and cases the resident withdrew.
NOT_CASELOAD = (S.MERGED, S.WITHDRAWN)

# Counts that are not point sources but show on the scorecard.
CASELOAD = "caseload"  # cases in the deputy's charge (received that year)
REPORTED_ELSEWHERE = "reported_elsewhere"  # their snapshot reports handled by another deputy
AT_STATION = "meetings_at_station"  # activities attended at a station or point (count as visits)


@dataclass(frozen=True)
class Table:
    model: type[Model]
    deputy: str  # the column path to the deputy's id, without "_id"
    day: str  # the date or datetime that puts a record in a year
    is_datetime: bool
    base: Q = Q()
    is_year: bool = False  # `day` is already a year (a number)  # records of this table that count at all
    distinct: str = ""  # count distinct values of this field instead of rows


PETITIONS_IN_CHARGE = Table(Petition, "assigned_deputy", "received_at", True)
PETITIONS_REPORTED = Table(Petition, "reported_by", "received_at", True)
REPLIED_REFERRALS = Table(Referral, "petition__assigned_deputy", "replied_on", False, distinct="petition")
DUTIES = Table(Duty, "deputy", "reception__date", False)
ATTENDANCES = Table(Attendee, "deputy", "meeting__starts_at", True, base=Q(meeting__status=Meeting.Status.HELD))
OPINIONS = Table(Opinion, "deputy", "decided_at", True)
SUPERVISIONS = Table(Project.supervisors.through, "deputy", "project__year", False, is_year=True)

_PRESENT = Q(attendance=Attendee.Attendance.PRESENT)
_RESEARCH = Q(meeting__kind=Meeting.Kind.RESEARCH)

# count key → (table, filter)
COUNTS: dict[str, tuple[Table, Q]] = {
    CASELOAD: (PETITIONS_IN_CHARGE, ~Q(status__in=NOT_CASELOAD)),
    Source.CASE_SOLVED: (PETITIONS_IN_CHARGE, Q(status__in=SOLVED_STATUSES)),
    Source.SUGGESTION: (PETITIONS_IN_CHARGE, Q(status=S.ESCALATED)),
    Source.CASE_REPORTED: (PETITIONS_REPORTED, Q()),
    # Raised by them but in nobody's or another deputy's charge: added to "issues raised" beside
    # their own caseload, so a report they also handle counts once.
    REPORTED_ELSEWHERE: (
        PETITIONS_REPORTED,
        (Q(assigned_deputy__isnull=True) | (Q(assigned_deputy__isnull=False) & ~Q(assigned_deputy=F("reported_by"))))
        & ~Q(status__in=NOT_CASELOAD),
    ),
    Source.SUGGESTION_FOLLOWED: (REPLIED_REFERRALS, Q(replied_on__isnull=False)),
    Source.DUTY_ATTENDED: (DUTIES, Q(attendance__in=(Duty.Attendance.PRESENT, Duty.Attendance.LATE))),
    Source.DUTY_ABSENT: (DUTIES, Q(attendance=Duty.Attendance.ABSENT)),
    Source.MEETING_ATTENDED: (ATTENDANCES, _PRESENT & ~_RESEARCH),
    Source.RESEARCH_ATTENDED: (ATTENDANCES, _PRESENT & _RESEARCH),
    Source.MEETING_ABSENT: (ATTENDANCES, Q(attendance=Attendee.Attendance.ABSENT)),
    AT_STATION: (ATTENDANCES, _PRESENT & Q(meeting__station__isnull=False)),
    Source.OPINION_ADOPTED: (OPINIONS, Q(decision=Opinion.Decision.ADOPTED)),
    Source.PROJECT_SUPERVISED: (SUPERVISIONS, Q()),
}

ALL_KEYS = tuple(COUNTS) + (Source.VOTER_CONTACT,)


def year_bounds(table: Table, first: int, last: int) -> dict:
    """The filter putting a table's records in the years first..last (China time for instants)."""
    if table.is_year:
        return {f"{table.day}__gte": first, f"{table.day}__lte": last}
    if table.is_datetime:
        tz = timezone.get_current_timezone()
        start, end = datetime(first, 1, 1, tzinfo=tz), datetime(last + 1, 1, 1, tzinfo=tz)
    else:
        start, end = date(first, 1, 1), date(last + 1, 1, 1)
    return {f"{table.day}__gte": start, f"{table.day}__lt": end}


def _tables() -> dict[Table, list[str]]:
    grouped: dict[Table, list[str]] = {}
    for key, (table, _q) in COUNTS.items():
        grouped.setdefault(table, []).append(key)
    return grouped


# Up to this many deputies are passed to the counting queries as a list of ids, which gives
# PostgreSQL an exact estimate (index scans per deputy); more (e.g. an admin's 50,000) go as a subquery.
ID_LIST_MAX = 10_000


def count_records(
    *, deputies: QuerySet | list[int], first: int, last: int
) -> dict[int, dict[int, dict[str, int]]]:
    """{deputy id: {year: {count key: n}}} for the deputies in `deputies` (a Deputy queryset, used as
    a subquery, or a list of ids) and the years first..last. Missing entries are zero (a defaultdict).

    Queries: one per table (cases in charge, cases reported, referrals, duties, meeting attendances,
    adopted opinions, supervised projects) and one for voter contacts: eight, whatever the number of
    deputies and years.
    """
    ids = deputies if isinstance(deputies, list) else deputies.order_by().values("pk")
    one_year = first == last
    result: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for table, keys in _tables().items():
        counted = table.distinct or "pk"
        aggregates = {
            key: Count(counted, filter=COUNTS[key][1], distinct=bool(table.distinct)) for key in keys
        }
        rows = table.model.objects.filter(
            table.base, **{f"{table.deputy}__in": ids}, **year_bounds(table, first, last)
        ).order_by()
        if one_year:  # no need to work out each row's year
            rows = rows.values(table.deputy)
        else:
            rows = rows.annotate(score_year=F(table.day) if table.is_year else ExtractYear(table.day)).values(
                table.deputy, "score_year"
            )
        for row in rows.annotate(**aggregates):
            per_year = result[row[table.deputy]][first if one_year else row["score_year"]]
            for key in keys:
                per_year[key] = row[key]
    # Voter contacts have no date: the current list counts in every year shown.
    contacts = VoterContact.objects.filter(deputy__in=ids).order_by().values("deputy").annotate(n=Count("pk"))
    for row in contacts:
        for year in range(first, last + 1):
            result[row["deputy"]][year][Source.VOTER_CONTACT] = row["n"]
    return result


def records_q(key: str, *, deputy_id: int, year: int) -> tuple[type[Model], Q]:
    """The model and filter of the records behind one count of one deputy in one year."""
    table, q = COUNTS[key]
    bounds = year_bounds(table, year, year)
    return table.model, table.base & q & Q(**{table.deputy: deputy_id}, **bounds)
