"""The case lifecycle as one table: action → (statuses it may start from, status it leads to).

    received → assigned → resolved directly ─────────────┐
                        └→ referred → acknowledged → replied → informed → rated → closed
                                                        ↑                  │ not satisfied
                                                        └──── review ←─────┘
    any open case → withdrawn | merged into another | escalated to a deputy suggestion

Services in petitions/services/ are the only code that moves a case; each checks this table,
updates the row conditionally (status and version) and writes one PetitionEvent.
"""

from petitions.models import Petition

S = Petition.Status

OPEN = frozenset(
    {S.RECEIVED, S.ASSIGNED, S.RESOLVED, S.REFERRED, S.ACKNOWLEDGED, S.REPLIED, S.INFORMED, S.RATED, S.REVIEW}
)
FINAL = frozenset({S.CLOSED, S.WITHDRAWN, S.MERGED, S.ESCALATED})
# Statuses in which someone owes the resident a written answer: the deadline sweep watches these.
AWAITING_REPLY = frozenset({S.REFERRED, S.ACKNOWLEDGED, S.REVIEW})

TRANSITIONS: dict[str, tuple[frozenset, str | None]] = {
    "create": (frozenset(), S.RECEIVED),
    "assign": (frozenset({S.RECEIVED, S.ASSIGNED}), S.ASSIGNED),
    "resolve": (frozenset({S.ASSIGNED, S.REVIEW}), S.RESOLVED),
    "refer": (frozenset({S.ASSIGNED, S.REVIEW}), S.REFERRED),
    "acknowledge": (frozenset({S.REFERRED}), S.ACKNOWLEDGED),
    "reply": (frozenset({S.REFERRED, S.ACKNOWLEDGED, S.REVIEW}), S.REPLIED),
    "inform": (frozenset({S.RESOLVED, S.REPLIED}), S.INFORMED),
    "rate": (frozenset({S.INFORMED}), S.RATED),  # "not satisfied" goes to REVIEW instead
    "close": (frozenset({S.RATED}), S.CLOSED),
    "withdraw": (OPEN, S.WITHDRAWN),
    "merge": (OPEN, S.MERGED),
    "escalate": (OPEN - {S.RATED}, S.ESCALATED),
    # No status change: recorded on the timeline only.
    "extend": (AWAITING_REPLY, None),
    "comment": (OPEN | FINAL, None),
    "remind": (AWAITING_REPLY, None),
    "overdue": (AWAITING_REPLY, None),
    "escalate_step": (AWAITING_REPLY, None),
    "attach": (OPEN | FINAL, None),
}


def allowed_from(action: str) -> frozenset:
    return TRANSITIONS[action][0]


def target_of(action: str) -> str | None:
    return TRANSITIONS[action][1]


def can_start(action: str, status: str) -> bool:
    return status in TRANSITIONS[action][0]
