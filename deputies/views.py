"""Deputy pages: list, detail, photo, create/edit, assignments, voter contacts, coverage, home.

Thin: a form parses, one service writes, the page renders or redirects. Rows come from the
selectors; a deputy outside the user's scope is a 404, a role that may not act gets a 403.
"""

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from deputies import services
from deputies.filters import DeputyFilter, sort_deputies
from deputies.forms import AssignmentForm, DeputyForm, apply_service_error, contact_formset
from deputies.models import VOTER_CONTACTS_MAX, VOTER_CONTACTS_MIN
from deputies.selectors import (
    assignment_get_for_user,
    can_edit_contacts,
    can_see_private_contact,
    coverage_by_street,
    deputy_get_for_user,
    deputy_list_for,
    unassigned_deputies,
)
from liaison.audit import history_of
from stations.access import manager_required, member_required
from stations.scope import scope_for
from stations.selectors import nodes_visible_to

LIST_PAGE_SIZE = 25


def _contacts_warning(count: int) -> str:
    """The 3–5 rule warns, never refuses: "" when the count is on target."""
    if VOTER_CONTACTS_MIN <= count <= VOTER_CONTACTS_MAX:
        return ""
    return _("%(count)d voter contacts: each deputy keeps %(min)d to %(max)d.") % {
        "count": count,
        "min": VOTER_CONTACTS_MIN,
        "max": VOTER_CONTACTS_MAX,
    }


@member_required
def home(request):
    """The deputy's own page. Someone with no deputy record is sent to their own home page."""
    scope = scope_for(request.user)
    if not scope.deputy_id:
        messages.info(request, _("Your account has no deputy record; this is your home page."))
        return redirect("home")
    deputy = deputy_get_for_user(request.user, scope.deputy_id)
    assignments = deputy.assignments.select_related("node", "node__street").order_by("node__code")
    contact_count = deputy.voter_contacts.count()
    return render(
        request,
        "deputies/deputy_home.html",
        {
            "deputy": deputy,
            "assignments": assignments,
            "contact_count": contact_count,
            "contacts_warning": _contacts_warning(contact_count),
        },
    )


@member_required
def deputy_list(request):
    filterset = DeputyFilter(request.GET or None, queryset=deputy_list_for(request.user), request=request)
    sort = request.GET.get("o", "name")
    page = Paginator(sort_deputies(filterset.qs, sort), LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    # Each sortable header links to its column ascending, or descending when already ascending.
    next_sort = {key: f"-{key}" if sort == key else key for key in ("name", "level")}
    return render(
        request,
        "deputies/deputy_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "sort": sort,
            "next_sort": next_sort,
            "can_manage": scope_for(request.user).can_manage,
        },
    )


def _detail_context(request, deputy, assignment_form=None) -> dict:
    scope = scope_for(request.user)
    contacts = list(deputy.voter_contacts.order_by("id"))
    assignments = list(deputy.assignments.select_related("node", "node__street").order_by("node__code"))
    # Link only the nodes the user may open (a clerk does not see the street's home a deputy is placed at).
    visible = nodes_visible_to(request.user).filter(pk__in=[a.node_id for a in assignments])
    context = {
        "deputy": deputy,
        "specialties": deputy.specialties.all(),
        "assignments": assignments,
        "visible_nodes": set(visible.values_list("pk", flat=True)) if assignments else set(),
        "contacts": contacts,
        "contacts_warning": _contacts_warning(len(contacts)),
        "show_phones": can_see_private_contact(request.user, deputy),
        "can_edit_contacts": can_edit_contacts(request.user, deputy),
        "can_manage": scope.can_manage,
    }
    if scope.can_manage:
        context["history"] = history_of(deputy)[:20]
        context["assignment_form"] = assignment_form or AssignmentForm(user=request.user, deputy=deputy)
    return context


@member_required
def deputy_detail(request, pk: int):
    deputy = deputy_get_for_user(request.user, pk)
    return render(request, "deputies/deputy_detail.html", _detail_context(request, deputy))


@member_required
def photo(request, pk: int):
    """Photos are private media: served only here, to users who may see the deputy."""
    deputy = deputy_get_for_user(request.user, pk)
    if not deputy.photo:
        raise Http404
    try:
        file = deputy.photo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(deputy.photo.name)[0] or "image/jpeg"
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _deputy_form_page(request, form, deputy=None):
    """Save through the service on a valid POST; otherwise (re-)render, 400 when the POST was refused."""
    if request.method == "POST" and form.is_valid():
        try:
            if deputy is None:
                deputy = services.deputy_create(by=request.user, **form.service_fields())
                messages.success(request, _("Deputy %(name)s added.") % {"name": deputy.name})
            else:
                services.deputy_update(by=request.user, deputy=deputy, **form.service_fields())
                messages.success(request, _("Changes saved."))
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("deputies:detail", deputy.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "deputies/deputy_form.html", {"form": form, "deputy": deputy}, status=status)


@sensitive_post_parameters("phone")
@manager_required
def deputy_create(request):
    form = DeputyForm(request.POST or None, request.FILES or None, user=request.user)
    return _deputy_form_page(request, form)


@sensitive_post_parameters("phone")
@manager_required
def deputy_edit(request, pk: int):
    deputy = deputy_get_for_user(request.user, pk)
    form = DeputyForm(request.POST or None, request.FILES or None, instance=deputy, user=request.user)
    return _deputy_form_page(request, form, deputy)


@manager_required
def assignment_add(request, pk: int):
    """GET: a page with the form (linked from the coverage list); POST: from there or the detail page."""
    deputy = deputy_get_for_user(request.user, pk)
    form = AssignmentForm(request.POST or None, user=request.user, deputy=deputy)
    if request.method == "POST":
        if form.is_valid():
            try:
                assignment = services.assignment_add(by=request.user, deputy=deputy, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(
                    request,
                    _("%(deputy)s assigned to %(node)s as %(role)s.")
                    % {"deputy": deputy.name, "node": assignment.node, "role": assignment.get_role_display()},
                )
                if request.POST.get("next") == "coverage":
                    return redirect("deputies:coverage")
                return redirect("deputies:detail", deputy.pk)
        return render(request, "deputies/assignment_form.html", {"deputy": deputy, "form": form}, status=400)
    return render(request, "deputies/assignment_form.html", {"deputy": deputy, "form": form})


@manager_required
@require_http_methods(["GET", "POST"])
def assignment_remove(request, pk: int):
    assignment = assignment_get_for_user(request.user, pk)
    if request.method == "POST":
        services.assignment_remove(by=request.user, assignment=assignment)
        messages.success(
            request,
            _("%(deputy)s removed from %(node)s.") % {"deputy": assignment.deputy.name, "node": assignment.node},
        )
        return redirect("deputies:detail", assignment.deputy_id)
    return render(request, "deputies/assignment_confirm_delete.html", {"assignment": assignment})


@sensitive_post_parameters()
@member_required
def contacts(request, pk: int):
    """The deputy's 3–5 voter contacts, edited by the deputy or district staff. Outside 3–5 the page
    warns but still saves: a deputy may be between voters."""
    deputy = deputy_get_for_user(request.user, pk)
    if not can_edit_contacts(request.user, deputy):
        raise PermissionDenied
    formset = contact_formset(deputy, request.POST or None)
    if request.method == "POST" and formset.is_valid() and _contacts_save(request, deputy, formset):
        messages.success(request, _("Voter contacts saved."))
        if warning := _contacts_warning(deputy.voter_contacts.count()):
            messages.warning(request, warning)
        return redirect("deputies:detail", deputy.pk)
    count = len(formset.get_queryset())
    return render(
        request,
        "deputies/voter_contacts_edit.html",
        {
            "deputy": deputy,
            "formset": formset,
            "contact_count": count,
            "contacts_warning": _contacts_warning(count),
        },
        status=400 if request.method == "POST" else 200,
    )


def _contacts_save(request, deputy, formset) -> bool:
    """Every row through voter_contact_save / voter_contact_delete, all or nothing."""
    form = None
    try:
        with transaction.atomic():
            for form in formset.forms:
                contact = form.instance if form.instance.pk else None
                if form.cleaned_data.get("DELETE"):
                    if contact is not None:
                        services.voter_contact_delete(by=request.user, contact=contact)
                elif form.has_changed():
                    fields = {k: form.cleaned_data.get(k, "") for k in ("name", "phone", "community", "note")}
                    services.voter_contact_save(by=request.user, deputy=deputy, contact=contact, **fields)
    except ValidationError as exc:
        apply_service_error(form, exc)
        return False
    return True


@manager_required
def coverage(request):
    rows, total = coverage_by_street(request.user)
    unassigned = (
        unassigned_deputies(request.user)
        .select_related("street")
        # NULLs sort first on SQLite and last on PostgreSQL: say which.
        .order_by(F("street__code").asc(nulls_last=True), "name", "id")
    )
    page = Paginator(unassigned, 50).get_page(request.GET.get("page"))
    return render(request, "deputies/coverage.html", {"rows": rows, "total": total, "page_obj": page})

