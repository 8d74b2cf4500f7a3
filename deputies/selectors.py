"""Reads of deputies, scoped by user."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from deputies.models import Assignment, Deputy, VoterContact
from stations.scope import scope_for


def deputies_visible_to(user) -> QuerySet[Deputy]:
    """District staff: their district's roll. Street staff: deputies of their street or assigned in
    it. Clerks: deputies assigned to their stations. A deputy: their own record."""
    scope = scope_for(user)
    if scope.is_admin:
        return Deputy.objects.all()
    assigned_here = Assignment.objects.filter(scope.nodes_q("node__"), deputy=OuterRef("pk"))
    q = Q(Exists(assigned_here))
    if scope.district_ids:
        q |= Q(district_id__in=sorted(scope.district_ids))
    if scope.street_ids:
        q |= Q(street_id__in=sorted(scope.street_ids))
    if scope.deputy_id:
        q |= Q(pk=scope.deputy_id)
    return Deputy.objects.filter(q)


def deputy_get_for_user(user, pk: int) -> Deputy:
    return get_object_or_404(deputies_visible_to(user).select_related("district", "street", "user"), pk=pk)


def assignments_visible_to(user) -> QuerySet[Assignment]:
    scope = scope_for(user)
    if scope.is_admin:
        return Assignment.objects.all()
    q = scope.nodes_q("node__")
    if scope.deputy_id:
        q |= Q(deputy_id=scope.deputy_id)
    return Assignment.objects.filter(q)


def voter_contacts_visible_to(user) -> QuerySet[VoterContact]:
    return VoterContact.objects.filter(deputy__in=deputies_visible_to(user))


def unassigned_deputies(user) -> QuerySet[Deputy]:
    """Active deputies in scope assigned nowhere: the coverage target is none."""
    return (
        deputies_visible_to(user)
        .filter(is_active=True)
        .exclude(Exists(Assignment.objects.filter(deputy=OuterRef("pk"))))
    )


def can_see_private_contact(user, deputy: Deputy) -> bool:
    """Voters' phones: the deputy themself and committee staff see them whole; others see them masked."""
    scope = scope_for(user)
    return scope.is_staff_reader or scope.deputy_id == deputy.pk
