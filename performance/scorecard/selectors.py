"""Whose scorecards a user may see, and which districts' rules they may read or change."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from deputies.models import Deputy
from deputies.selectors import deputies_visible_to
from stations.models import Node
from stations.scope import scope_for

FIRST_YEAR = 2000
HISTORY_YEARS = 5


def may_see_scorecards(user) -> bool:
    """Committee staff (their scope) and deputies (their own). Clerks run stations, they do not rate deputies."""
    scope = scope_for(user)
    return scope.is_staff_reader or scope.deputy_id is not None


def scorecard_deputies_visible_to(user) -> QuerySet[Deputy]:
    """Staff: the deputies in their scope (deputies.selectors). A deputy: only themselves."""
    scope = scope_for(user)
    if scope.is_staff_reader:
        return deputies_visible_to(user)
    if scope.deputy_id is not None:
        return Deputy.objects.filter(pk=scope.deputy_id)
    return Deputy.objects.none()


def scorecard_deputy_for_user(user, pk: int) -> Deputy:
    return get_object_or_404(scorecard_deputies_visible_to(user).select_related("district", "street"), pk=pk)


def rule_districts_for(user) -> QuerySet[Node]:
    """Districts whose rules the user reads: their district, or their street's district; all for admins."""
    scope = scope_for(user)
    districts = Node.objects.filter(kind=Node.Kind.DISTRICT)
    if scope.is_admin:
        return districts.order_by("code")
    ids = set(scope.district_ids)
    if scope.street_ids:
        ids |= set(Node.objects.filter(pk__in=sorted(scope.street_ids)).values_list("district_id", flat=True))
    return districts.filter(pk__in=sorted(ids)).order_by("code")


def may_change_rules(user, district: Node) -> bool:
    scope = scope_for(user)
    return scope.is_admin or (scope.can_manage and district.pk in scope.district_ids)


def parse_year(value, *, today=None) -> int:
    """A year from the query string; anything unusable means this year (never an error page)."""
    this_year = (today or timezone.localdate()).year
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return this_year
    return year if FIRST_YEAR <= year <= this_year + 1 else this_year


def history_years(deputy: Deputy, year: int) -> range:
    """The years shown in a deputy's history: up to five, ending with `year`, not before their term."""
    first = max(FIRST_YEAR, year - HISTORY_YEARS + 1)
    if deputy.term_start and deputy.term_start.year <= year:
        first = max(first, deputy.term_start.year)
    return range(first, year + 1)
