"""Reads of cases, scoped by user. Every list, detail, export and dashboard starts here."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from deputies.models import Assignment, Deputy
from petitions import workflow
from petitions.models import HandlingUnit, Petition, PetitionEvent
from stations.models import Node
from stations.scope import scope_for


def petitions_visible_to(user) -> QuerySet[Petition]:
    """Clerks: their stations' cases. Street / district staff: everything under their street or
    district. A deputy: the cases assigned to them or reported by them. Filters on the case's own
    indexed columns."""
    scope = scope_for(user)
    if scope.is_admin:
        return Petition.objects.all()
    q = scope.positions_q()
    if scope.deputy_id:
        # Their own cases, and the snapshot reports (随手拍) they sent themselves.
        q |= Q(assigned_deputy_id=scope.deputy_id) | Q(reported_by_id=scope.deputy_id)
    return Petition.objects.filter(q)


def petition_get_for_user(user, pk: int) -> Petition:
    """Fetch-or-404: a case outside the user's scope does not exist for them."""
    return get_object_or_404(
        petitions_visible_to(user).select_related(
            "node",
            "street",
            "station",
            "district",
            "category",
            "community",
            "assigned_deputy",
            "reported_by",
            "merged_into",
        ),
        pk=pk,
    )


def timeline(petition: Petition) -> QuerySet[PetitionEvent]:
    return petition.events.select_related("actor").prefetch_related("attachments").order_by("at", "id")


def handling_units_visible_to(user) -> QuerySet[HandlingUnit]:
    scope = scope_for(user)
    if scope.is_admin:
        return HandlingUnit.objects.all()
    districts = set(scope.district_ids)
    if scope.street_ids or scope.clerk_station_ids:
        districts |= set(
            Node.objects.filter(pk__in=sorted(scope.street_ids | scope.clerk_station_ids)).values_list(
                "district_id", flat=True
            )
        )
    return HandlingUnit.objects.filter(district_id__in=sorted(districts))


def open_load() -> Subquery:
    """The number of open cases a deputy holds, as a subquery on Deputy."""
    return Coalesce(
        Subquery(
            Petition.objects.filter(assigned_deputy=OuterRef("pk"), status__in=sorted(workflow.OPEN))
            .order_by()
            .values("assigned_deputy")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def suggest_deputies(petition: Petition, *, limit: int = 5) -> list[Deputy]:
    """Deputies to assign, best first: matching specialty (专业对口), placed at the case's station,
    placed in its street, then the lightest current load. One query."""
    return list(
        Deputy.objects.filter(district_id=petition.district_id, is_active=True)
        .annotate(
            specialty_match=Count("specialties", filter=Q(specialties__categories=petition.category_id), distinct=True),
            at_station=Exists(Assignment.objects.filter(deputy=OuterRef("pk"), node__station_id=petition.station_id))
            if petition.station_id
            else Value(False),
            in_street=Exists(Assignment.objects.filter(deputy=OuterRef("pk"), node__street_id=petition.street_id))
            if petition.street_id
            else Value(False),
            load=open_load(),
        )
        .order_by("-specialty_match", "-at_station", "-in_street", "load", "name", "pk")[:limit]
    )
