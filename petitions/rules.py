"""Who may move a case: one table, asked by services (enforce) and templates (which buttons show).

Visibility is the selectors' job; these rules assume the user can already see the case.
"""

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
