from stations.scope import Role, scope_for


def navigation(request):
    """What the navigation bar may show: only what the role can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = scope_for(user)
    return {
        "scope": scope,
        "role_label": Role(scope.role).label,
        "nav": {
            "network": scope.role != Role.NONE,
            "deputies": bool(scope.roles - {Role.NONE, Role.DEPUTY}),
            "my_record": scope.deputy_id,
            # Clerks and committee staff run reception days and follow referrals.
            "receptions": scope.is_staff_reader or Role.CLERK in scope.roles,
            "duties": scope.deputy_id is not None,
            "manage": scope.can_manage,
            # Meetings and votes: clerks run them at their stations, staff supervise, deputies attend.
            "meetings": scope.role != Role.NONE,
            # Dashboards, scorecards and assessments: committee staff; a deputy sees their own scorecard.
            "performance": scope.is_staff_reader,
            # Scorecards: staff see those in their scope, a deputy their own ("My scorecard").
            "scorecard": scope.deputy_id is not None or scope.is_staff_reader,
            "admin": user.is_staff,
        },
    }
