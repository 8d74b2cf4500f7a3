"""Built-in point rules and quotas, used by a district that has not written its own.

Points follow published local rules (DOMAIN §8: +3 per suggestion, +3 per inspection or survey, −1 per
half day absent); quotas follow the sources (DOMAIN §6: ≥10 visits, 3–5 voters, ≥1 small livelihood
matter solved, ≥2 suggestions, ≥3 collective activities, ≥1 suggestion followed).
"""

from performance.models.scorecard import Metric, Source

DEFAULT_POINTS: dict[str, int] = {
    Source.CASE_SOLVED: 3,
    Source.CASE_REPORTED: 1,
    Source.SUGGESTION: 3,
    Source.SUGGESTION_FOLLOWED: 2,
    Source.DUTY_ATTENDED: 2,
    Source.DUTY_ABSENT: -1,
    Source.MEETING_ATTENDED: 2,
    Source.RESEARCH_ATTENDED: 3,
    Source.MEETING_ABSENT: -1,
    # Voter contacts carry no date, so they cannot be put in a year: off unless a district wants them.
    Source.VOTER_CONTACT: 0,
    Source.OPINION_ADOPTED: 3,
    Source.PROJECT_SUPERVISED: 2,
}

# metric → (minimum, maximum or None)
DEFAULT_QUOTAS: dict[str, tuple[int, int | None]] = {
    Metric.VISITS: (10, None),
    Metric.VOTER_CONTACTS: (3, 5),
    Metric.CASES_SOLVED: (1, None),
    Metric.SUGGESTIONS: (2, None),
    Metric.ACTIVITIES: (3, None),
    Metric.SUGGESTIONS_FOLLOWED: (1, None),
}
