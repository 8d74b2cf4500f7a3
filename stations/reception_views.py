"""Reception-day pages: rules and occurrences for staff and clerks; the public notice for residents.

Thin: a form parses, one service call, render or redirect. The rota is on deputies' pages
(deputies.duty_views); logging a held reception is issue 3 part 2.
"""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from liaison import ratelimit
from liaison.audit import history_of
from liaison.errors import DomainError
from stations import reception_services as services
from stations.access import clerk_or_staff_required
from stations.forms import apply_errors
from stations.reception_forms import (
    BookingForm,
    CancelForm,
    GenerateForm,
    MoveForm,
    NoticeForm,
    ReceptionFilter,
    ReceptionRuleForm,
    TopicForm,
)
from stations.reception_selectors import (
    can_manage_receptions,
    notice_opens_on,
    on_duty,
    public_reception_or_404,
    reception_get_for_user,
    reception_node_get_for_user,
    reception_nodes_manageable_by,
    receptions_manageable_by,
    rule_get_for_user,
    rules_manageable_by,
    unconfirmed_receptions,
    upcoming_receptions,
)
from stations.scope import scope_for

PER_PAGE = 30
HISTORY_ROWS = 20

# Staff (street or district) and station clerks.
reception_staff_required = clerk_or_staff_required


@reception_staff_required
def reception_list(request):
    """Upcoming receptions in the user's scope, with filters; those with an unconfirmed calendar first."""
    visible = receptions_manageable_by(request.user)
    nodes = reception_nodes_manageable_by(request.user).order_by("code")
    filterset = ReceptionFilter(request.GET, queryset=upcoming_receptions(visible), nodes=nodes)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "unconfirmed": unconfirmed_receptions(visible).order_by("date")[:50],
        "nodes": nodes,
    }
    return render(request, "stations/reception_list.html", context)


def _node_page(request, node, *, status=200, generate_form=None):
    rules = rules_manageable_by(request.user).filter(node=node).order_by("-is_active", "id")
    upcoming = upcoming_receptions(receptions_manageable_by(request.user).filter(node=node))
    context = {
        "node": node,
        "rules": rules,
        "upcoming": upcoming[:60],
        "generate_form": generate_form or GenerateForm(),
    }
    return render(request, "stations/reception_node.html", context, status=status)


@reception_staff_required
def node_receptions(request, pk: int):
    return _node_page(request, reception_node_get_for_user(request.user, pk))


@reception_staff_required
@require_POST
def node_receptions_generate(request, pk: int):
    node = reception_node_get_for_user(request.user, pk)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        return _node_page(request, node, status=400, generate_form=form)
    today = timezone.localdate()
    until = form.cleaned_data["until"] or services.default_horizon(today)
    if not today <= until <= today + relativedelta(years=1):  # replace(year=...) fails on 29 February
        form.add_error("until", _("Choose a date within the next year."))
        return _node_page(request, node, status=400, generate_form=form)
    result = services.receptions_generate(node=node, until=until, by=request.user)
    messages.success(
        request,
        _("%(created)s receptions generated (%(shifted)s moved off holidays, %(unconfirmed)s to check by hand).")
        % {"created": result.created, "shifted": result.shifted, "unconfirmed": result.unconfirmed},
    )
    return redirect("stations:reception_node", pk=node.pk)


def _rule_form_page(request, form, node, rule=None, status=200):
    context = {"form": form, "node": node, "rule": rule}
    return render(request, "stations/reception_rule_form.html", context, status=status)


@reception_staff_required
def rule_create(request, pk: int):
    node = reception_node_get_for_user(request.user, pk)
    if request.method != "POST":
        form = ReceptionRuleForm(initial={"valid_from": timezone.localdate(), "place": node.address, "is_active": True})
        return _rule_form_page(request, form, node)
    form = ReceptionRuleForm(request.POST)
    if form.is_valid():
        try:
            services.rule_create(by=request.user, node=node, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Reception rule saved. Generate its receptions below."))
            return redirect("stations:reception_node", pk=node.pk)
    return _rule_form_page(request, form, node, status=400)


@reception_staff_required
def rule_edit(request, pk: int):
    rule = rule_get_for_user(request.user, pk)
    if request.method != "POST":
        return _rule_form_page(
            request, ReceptionRuleForm(initial=ReceptionRuleForm.initial_from(rule)), rule.node, rule
        )
    form = ReceptionRuleForm(request.POST)
    if form.is_valid():
        try:
            services.rule_update(by=request.user, rule=rule, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Reception rule saved; its future receptions follow."))
            return redirect("stations:reception_node", pk=rule.node_id)
    return _rule_form_page(request, form, rule.node, rule, status=400)


def _detail_page(request, reception, *, status=200, move_form=None, cancel_form=None, notice_form=None):
    manage = can_manage_receptions(request.user)
    scope = scope_for(request.user)
    context = {
        "reception": reception,
        "duties": on_duty(reception),
        "topics": reception.topics.all() if manage else [],
        "slots": reception.slots.prefetch_related("bookings") if manage else [],
        "manage": manage,
        # The station's clerks call residents back; supervising staff see phones masked.
        "show_phones": scope.is_admin or reception.station_id in scope.clerk_station_ids,
        "move_form": move_form or MoveForm(),
        "cancel_form": cancel_form or CancelForm(),
        "notice_form": notice_form or NoticeForm(initial={"notice": reception.notice}),
        "notice_opens_on": notice_opens_on(reception),
        "history": history_of(reception)[:HISTORY_ROWS] if manage else [],
        "today": timezone.localdate(),
    }
    return render(request, "stations/reception_detail.html", context, status=status)


@reception_staff_required
def reception_detail(request, pk: int):
    return _detail_page(request, reception_get_for_user(request.user, pk, manage=True))


def _change(request, pk, form_class, form_key, call, done_message):
    """Shared body of the move / cancel / notice POSTs: parse, call, message or 400."""
    reception = reception_get_for_user(request.user, pk, manage=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(reception, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done_message)
            return redirect("stations:reception_detail", pk=reception.pk)
    return _detail_page(request, reception, status=400, **{form_key: form})


@reception_staff_required
@require_POST
def reception_move(request, pk: int):
    def call(reception, data):
        services.reception_move(reception=reception, new_date=data["new_date"], reason=data["reason"], by=request.user)

    return _change(request, pk, MoveForm, "move_form", call, _("Reception moved."))


@reception_staff_required
@require_POST
def reception_cancel(request, pk: int):
    def call(reception, data):
        services.reception_cancel(reception=reception, reason=data["reason"], by=request.user)

    return _change(request, pk, CancelForm, "cancel_form", call, _("Reception cancelled."))


@reception_staff_required
@require_POST
def reception_notice_edit(request, pk: int):
    def call(reception, data):
        services.reception_set_notice(reception=reception, notice=data["notice"], by=request.user)

    return _change(request, pk, NoticeForm, "notice_form", call, _("Notice text saved."))


# The public notice: no login. Residents read it, send a topic, or book a slot.


def _public_page(request, reception, *, status=200, topic_form=None, booking_form=None):
    today = timezone.localdate()
    open_for_residents = reception.status == reception.Status.PLANNED and reception.date >= today
    context = {
        "reception": reception,
        "duties": on_duty(reception),
        "open": open_for_residents,
        "topic_form": topic_form or TopicForm(),
        "booking_form": booking_form or BookingForm(reception=reception),
        "is_appointment": reception.mode == "appointment",
    }
    return render(request, "stations/reception_notice.html", context, status=status)


def reception_public(request, pk: int):
    return _public_page(request, public_reception_or_404(pk))


def _over_rate_limit(request) -> bool:
    """Counts a public POST by IP in the shared cache (liaison/ratelimit.py); True once over the limit."""
    key = f"reception-public:{ratelimit.client_ip(request)}"
    return not ratelimit.hit(key, limit=settings.LIAISON_RECEPTION_PUBLIC_POSTS_PER_HOUR, window=ratelimit.HOUR)


def _public_post(request, reception, form, form_key, call, done_message):
    """Shared body of the public POSTs: rate limit, honeypot, one service call."""
    if _over_rate_limit(request):
        form.is_valid()
        form.add_error(None, _("Too many messages from your network; please try again in an hour."))
        return _public_page(request, reception, status=429, **{form_key: form})
    if form.is_valid():
        try:
            if not form.is_bot:  # a bot is thanked like a person, and nothing is saved
                call(form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done_message)
            return redirect("stations:reception_public", pk=reception.pk)
    return _public_page(request, reception, status=400, **{form_key: form})


@sensitive_post_parameters("phone", "name")
@require_POST
def reception_topic(request, pk: int):
    reception = public_reception_or_404(pk)

    def call(data):
        services.topic_submit(reception=reception, text=data["text"], name=data["name"], phone=data["phone"])

    form = TopicForm(request.POST)
    return _public_post(
        request, reception, form, "topic_form", call, _("Thank you: your topic was sent to the station.")
    )


@sensitive_post_parameters("phone", "name")
@require_POST
def reception_book(request, pk: int):
    reception = public_reception_or_404(pk)

    def call(data):
        services.booking_create(slot=data["slot"], name=data["name"], phone=data["phone"], topic=data["topic"])

    form = BookingForm(request.POST, reception=reception)
    done = _("Your appointment is booked. Please come at the chosen time.")
    return _public_post(request, reception, form, "booking_form", call, done)
