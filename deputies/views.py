"""Deputy pages. (Being built: list filters, CRUD, assignments, voter contacts, import.)"""

from django.shortcuts import render

from deputies.selectors import deputies_visible_to, deputy_get_for_user, unassigned_deputies
from stations.access import manager_required, member_required
from stations.scope import scope_for


@member_required
def home(request):
    scope = scope_for(request.user)
    deputy = deputy_get_for_user(request.user, scope.deputy_id) if scope.deputy_id else None
    return render(request, "deputies/deputy_home.html", {"deputy": deputy})


@member_required
def deputy_list(request):
    deputies = deputies_visible_to(request.user).select_related("street")[:50]
    return render(request, "deputies/deputy_list.html", {"deputies": deputies})


@member_required
def deputy_detail(request, pk: int):
    return render(request, "deputies/deputy_detail.html", {"deputy": deputy_get_for_user(request.user, pk)})


@manager_required
def coverage(request):
    return render(request, "deputies/coverage.html", {"unassigned": unassigned_deputies(request.user)})


@manager_required
def import_start(request):
    return render(request, "deputies/import_start.html", {})
