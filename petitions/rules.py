"""Who may move a case: one table, asked by services (enforce) and templates (which buttons show).

Visibility is the selectors' job; these rules assume the user can already see the case.
"""

from petitions import workflow
from stations.scope import scope_for

CLERK, STREET, DISTRICT, DEPUTY = "clerk", "street", "district", "deputy"
STAFF = frozenset({CLERK, STREET, DISTRICT})

RULES: dict[str, frozenset] = {
    "assign": STAFF,
    "resolve": STAFF | {DEPUTY},
    "refer_street": frozenset({STREET, DISTRICT}),
    "refer_district": frozenset({DISTRICT}),
    "acknowledge": STAFF,
    "reply": STAFF,
    "inform": STAFF | {DEPUTY},
    "rate": STAFF,
    "close": STAFF,
    "withdraw": STAFF,
    "merge": STAFF,
    "escalate": frozenset({STREET, DISTRICT, DEPUTY}),
    "extend": frozenset({DISTRICT}),
    "comment": STAFF | {DEPUTY},
    "attach": STAFF | {DEPUTY},
    "edit": STAFF,
}


def relations(user, petition) -> frozenset:
    """How the user stands to this case: clerk of its station, staff of its street or district,
    its deputy (an admin counts as district staff)."""
    scope = scope_for(user)
    found = set()
    if scope.is_admin or petition.district_id in scope.district_ids:
        found.add(DISTRICT)
    if petition.street_id and petition.street_id in scope.street_ids:
        found.add(STREET)
    if petition.station_id and petition.station_id in scope.clerk_station_ids:
        found.add(CLERK)
    if scope.deputy_id and petition.assigned_deputy_id == scope.deputy_id:
        found.add(DEPUTY)
    return frozenset(found)


def can(user, action: str, petition) -> bool:
    if user is None:  # the resident, online: only the services' own public entry points
        return False
    return bool(RULES[action] & relations(user, petition))


def allowed_actions(user, petition) -> frozenset:
    mine = relations(user, petition)
    return frozenset(action for action, who in RULES.items() if who & mine)


# The natural next step from each status, best first: the case page shows the first one the user
# may take as its primary button.
NEXT_STEP: dict[str, tuple[str, ...]] = {
    "received": ("assign",),
    "assigned": ("refer", "resolve"),
    "referred": ("acknowledge", "reply"),
    "acknowledged": ("reply",),
    "replied": ("inform",),
    "resolved": ("inform",),
    "informed": ("rate",),
    "rated": ("close",),
    "review": ("reply", "refer", "resolve"),
}
# Button order on the case page; the side exits go in a "more" menu.
MAIN_ORDER = ("assign", "resolve", "refer", "acknowledge", "reply", "extend", "inform", "rate", "close", "comment")
MORE_ORDER = ("withdraw", "merge", "escalate")
REFER_RULES = frozenset({"refer_street", "refer_district"})


class Available(frozenset):
    """The actions a user may take on a case now: a set of names, plus which one is the natural
    next step (`primary`) and the display order of the others (`main`, `more`)."""

    primary: str | None = None
    main: tuple[str, ...] = ()
    more: tuple[str, ...] = ()


def available_actions(user, petition, *, has_referral: bool | None = None) -> Available:
    """Allowed by the user's relation to the case AND startable from its status (petitions.workflow).

    "refer" stands for either route: it is available when refer_street or refer_district is
    allowed (the rule names stay in the set so the referral page knows which routes to offer);
    "edit" while the case is open. With `has_referral=False`, a case under review that was resolved
    directly (no referral to answer) is not offered "reply": it is resolved again or referred.
    """
    allowed = allowed_actions(user, petition)
    status = petition.status
    names = {action for action in allowed if action in workflow.TRANSITIONS and workflow.can_start(action, status)}
    if allowed & REFER_RULES and workflow.can_start("refer", status):
        names |= {"refer"} | (allowed & REFER_RULES)
    if "edit" in allowed and status in workflow.OPEN:
        names.add("edit")
    if has_referral is False:
        names.discard("reply")
        names.discard("acknowledge")
        names.discard("extend")
    result = Available(names)
    result.primary = next((a for a in NEXT_STEP.get(status, ()) if a in names), None)
    result.main = tuple(a for a in MAIN_ORDER if a in names and a != result.primary)
    result.more = tuple(a for a in MORE_ORDER if a in names)
    return result
