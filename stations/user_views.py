"""User accounts pages for district staff: list, create, and edit (positions, enable/disable, password).

Linking an account to a deputy is done on the deputy's page (its "login account"), since the
deputies app owns that record and stations may not import it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from stations import services
from stations.access import manager_required
from stations.forms import apply_errors
from stations.models import Position
from stations.user_forms import ActiveForm, NewPasswordForm, PositionAddForm, UserCreateForm, UserFilter
from stations.user_selectors import position_nodes_for, user_get_for_manager, users_for_list

PER_PAGE = 25


@manager_required
def user_list(request):
    user_filter = UserFilter(request.GET, queryset=users_for_list(request.user))
    page = Paginator(user_filter.qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {"filter": user_filter, "page_obj": page, "users": page.object_list}
    return render(request, "stations/user_list.html", context)


@manager_required
@sensitive_post_parameters("password1", "password2")
def user_create(request):
    nodes = position_nodes_for(request.user)
    form = UserCreateForm(request.POST or None, nodes=nodes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = services.user_create(
                    by=request.user, username=data["username"], password=data["password1"], first_name=data["full_name"]
                )
                if data["node"]:
                    services.position_grant(by=request.user, user=user, node=data["node"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Account %(username)s created.") % {"username": user.username})
            if not data["node"]:
                messages.info(
                    request, _("To give it a deputy's role, choose it as the login account on the deputy's page.")
                )
            return redirect("stations:user_edit", pk=user.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "stations/user_create.html", {"form": form}, status=status)


def _edit_page(request, target, status=200, **bound):
    """The edit page with a blank form for each action, or the bound form of the action that failed."""
    nodes = position_nodes_for(request.user)
    forms = {
        "position_form": bound.get("position_form") or PositionAddForm(nodes=nodes),
        "active_form": bound.get("active_form") or ActiveForm(initial={"active": "0" if target.is_active else "1"}),
        "password_form": bound.get("password_form") or NewPasswordForm(user=target),
    }
    context = {"target": target, "is_self": target.pk == request.user.pk, **forms}
    return render(request, "stations/user_edit.html", context, status=status)


@manager_required
def user_edit(request, pk: int):
    return _edit_page(request, user_get_for_manager(request.user, pk))


@manager_required
@require_POST
def user_position_add(request, pk: int):
    target = user_get_for_manager(request.user, pk)
    form = PositionAddForm(request.POST, nodes=position_nodes_for(request.user))
    if form.is_valid():
        try:
            services.position_grant(by=request.user, user=target, node=form.cleaned_data["node"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Position added at %(node)s.") % {"node": form.cleaned_data["node"]})
            return redirect("stations:user_edit", pk=target.pk)
    return _edit_page(request, target, status=400, position_form=form)


@manager_required
@require_POST
def user_position_remove(request, pk: int, position_pk: int):
    target = user_get_for_manager(request.user, pk)
    position = get_object_or_404(Position.objects.select_related("node"), pk=position_pk, user=target)
    services.position_revoke(by=request.user, position=position)
    messages.success(request, _("Position at %(node)s removed.") % {"node": position.node})
    return redirect("stations:user_edit", pk=target.pk)


@manager_required
@require_POST
def user_set_active(request, pk: int):
    target = user_get_for_manager(request.user, pk)
    form = ActiveForm(request.POST)
    if form.is_valid():
        active = form.cleaned_data["active"]
        try:
            services.user_set_active(by=request.user, user=target, active=active)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Account enabled.") if active else _("Account disabled."))
            return redirect("stations:user_edit", pk=target.pk)
    return _edit_page(request, target, status=400, active_form=form)


@manager_required
@require_POST
@sensitive_post_parameters("password1", "password2")
def user_password(request, pk: int):
    target = user_get_for_manager(request.user, pk)
    form = NewPasswordForm(request.POST, user=target)
    valid = form.is_valid()
    if target.pk == request.user.pk:
        # Your own password needs your current one: the "Change password" page.
        form.add_error(None, _("Change your own password on the Change password page."))
    elif valid:
        services.user_set_password(by=request.user, user=target, password=form.cleaned_data["password1"])
        messages.success(request, _("Password set; any log-in lockout on this account is lifted."))
        return redirect("stations:user_edit", pk=target.pk)
    return _edit_page(request, target, status=400, password_form=form)
