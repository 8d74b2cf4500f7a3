"""Reads of import jobs: a job belongs to its district's managers (and admins)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from deputies.models import ImportJob
from stations.scope import scope_for


def import_jobs_visible_to(user) -> QuerySet[ImportJob]:
    scope = scope_for(user)
    if scope.is_admin:
        return ImportJob.objects.all()
    if not scope.can_manage:
        return ImportJob.objects.none()
    return ImportJob.objects.filter(district_id__in=sorted(scope.district_ids))


def import_job_get_for_user(user, pk: int) -> ImportJob:
    """Fetch-or-404: another district's import does not exist for this user."""
    return get_object_or_404(import_jobs_visible_to(user).select_related("district", "created_by"), pk=pk)
