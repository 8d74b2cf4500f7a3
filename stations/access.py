"""View decorators by role. Which rows a user sees is the selectors' job; these say who may act."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from stations.scope import scope_for


def _require(test):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not test(scope_for(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# District staff (and admins): manage the network, deputies and users.
manager_required = _require(lambda scope: scope.can_manage)
# Street or district committee staff: supervise and read everything in their scope.
staff_required = _require(lambda scope: scope.is_staff_reader)
# Station clerks and committee staff: the people who run receptions and take cases in.
clerk_or_staff_required = _require(lambda scope: scope.is_staff_reader or "clerk" in scope.roles)
# Anyone with a role in the network (staff, clerk or deputy).
member_required = _require(lambda scope: scope.role != "none")
