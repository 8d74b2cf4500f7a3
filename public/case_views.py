"""Residents' case pages, no login: submit an opinion from a QR code, track it, rate the answer.

The station comes from the QR link (`?station=<code>`, or `?deputy=<pk>`: the deputy's first
station); without one the resident picks a street, then a station. Tracking needs the tracking
number and the last 4 digits of the phone; a wrong number and wrong digits get the same answer.
A successful look-up is remembered in the session (signed, LIAISON_PUBLIC_TRACK_GRANT_MINUTES) so
the resident can rate without typing again; the rating POST requires it. Nothing here shows a
resident's name or phone, staff names, or internal notes.
"""

from __future__ import annotations

import hmac
import re

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from deputies.models import Assignment, Deputy
from liaison import ratelimit
from liaison.errors import DomainError
from petitions import services, workflow
from petitions.models import Petition, PetitionEvent
from public.case_forms import RateForm, SubmitForm, TrackForm
from stations.forms import apply_errors
from stations.models import Node

DONE_KEY = "public_submitted"
GRANT_KEY = "public_track"
GRANT_SALT = "public.track.grant"
S = Petition.Status

# What the resident reads for each step of the case: plain words, no names, no internal notes.
EVENT_TEXT = {
    "create": gettext_lazy("We received your opinion."),
    "assign": gettext_lazy("A deputy has taken charge of your case."),
    "resolve": gettext_lazy("Your matter was dealt with directly by the deputy and the station."),
    "refer": gettext_lazy("Your case was sent to the responsible unit to handle."),
    "acknowledge": gettext_lazy("The responsible unit confirmed it has received your case."),
    "reply": gettext_lazy("The responsible unit answered in writing."),
    "extend": gettext_lazy("The time for the written answer was extended."),
    "inform": gettext_lazy("The station told you the result."),
    "close": gettext_lazy("Your case is closed."),
    "withdraw": gettext_lazy("Your case was withdrawn."),
    "merge": gettext_lazy("Your case was joined with another report of the same problem and is handled there."),
    "escalate": gettext_lazy("Your opinion was taken up as a formal deputy suggestion to the congress."),
}
RATE_TEXT = {
    Petition.Rating.SATISFIED: gettext_lazy("You rated the answer: satisfied. Thank you."),
    Petition.Rating.MOSTLY: gettext_lazy("You rated the answer: mostly satisfied. Thank you."),
    Petition.Rating.UNSATISFIED: gettext_lazy("You were not satisfied, so your case is being looked at again."),
}
STATUS_TEXT = {
    S.RECEIVED: gettext_lazy("Received. The station will look at it soon."),
    S.ASSIGNED: gettext_lazy("A deputy is looking into it."),
    S.RESOLVED: gettext_lazy("Dealt with. The station will tell you the result."),
    S.REFERRED: gettext_lazy("Being handled by the responsible unit."),
    S.ACKNOWLEDGED: gettext_lazy("Being handled by the responsible unit."),
    S.REPLIED: gettext_lazy("The unit has answered. The station will tell you the result."),
    S.INFORMED: gettext_lazy("The result is ready. Please tell us whether you are satisfied."),
    S.RATED: gettext_lazy("Thank you for your rating."),
    S.REVIEW: gettext_lazy("Being looked at again after your rating."),
    S.CLOSED: gettext_lazy("Closed."),
    S.WITHDRAWN: gettext_lazy("Withdrawn."),
    S.MERGED: gettext_lazy("Joined with another report of the same problem."),
    S.ESCALATED: gettext_lazy("Taken up as a formal deputy suggestion."),
}
NOT_FOUND = gettext_lazy(
    "We could not find a case with this tracking number and these digits. Please check both and try again."
)

# Submit


def _public_nodes():
    return Node.objects.filter(is_active=True).exclude(kind=Node.Kind.DISTRICT).select_related("street")


def _source(request):
    """(node, deputy) from the QR parameters; node None when the parameter names nothing we know."""
    code = request.GET.get("station", "").strip()
    if code:
        return _public_nodes().filter(code=code[:20]).first(), None
    deputy_pk = request.GET.get("deputy", "").strip()
    deputy = Deputy.objects.filter(pk=deputy_pk, is_active=True).first() if deputy_pk.isdigit() else None
    if deputy is None:
        return None, None
    assignments = Assignment.objects.filter(deputy=deputy, node__is_active=True).select_related("node__street")
    # The deputy's station first, then a point, then the street's home.
    rank = {Node.Kind.STATION: 0, Node.Kind.POINT: 1, Node.Kind.STREET: 2}
    nodes = sorted((a.node for a in assignments), key=lambda n: (rank.get(n.kind, 9), n.code))
    return (nodes[0] if nodes else None), deputy


def _picker(request, *, status: int = 200):
    street_pk = request.GET.get("street", "")
    streets = Node.objects.filter(kind=Node.Kind.STREET, is_active=True).order_by("code")
    street = streets.filter(pk=street_pk).first() if street_pk.isdigit() else None
    stations = []
    if street is not None:
        stations = list(
            Node.objects.filter(street=street, kind=Node.Kind.STATION, is_active=True).order_by("code")
        ) or [street]
    context = {"streets": streets, "street": street, "stations": stations, "unknown": status == 404}
    return render(request, "public/submit_pick.html", context, status=status)


def _submit_page(request, form, node, deputy, *, status: int = 200):
    context = {"form": form, "node": node, "deputy": deputy}
    return render(request, "public/submit.html", context, status=status)


def _body_size(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django itself reads a malformed length


def _limited(request, template: str, *, status: int = 429):
    return render(request, template, {"too_large": status == 413}, status=status)


@csrf_exempt
def submit(request):
    """Checks the size and the address's rate before the body is read (CSRF is checked after)."""
    if request.method == "POST":
        if _body_size(request) > settings.LIAISON_PUBLIC_SUBMIT_MAX_BYTES:
            return _limited(request, "public/submit_limited.html", status=413)
        if not ratelimit.submit_ip_ok(request):
            return _limited(request, "public/submit_limited.html")
    return _submit(request)


@csrf_protect
@sensitive_post_parameters("resident_name", "resident_phone")
@sensitive_variables("form")
def _submit(request):
    if not request.GET.get("station") and not request.GET.get("deputy"):
        return _picker(request)
    node, deputy = _source(request)
    if node is None:
        return _picker(request, status=404)
    if request.method != "POST":
        return _submit_page(request, SubmitForm(node=node), node, deputy)
    form = SubmitForm(request.POST, request.FILES, node=node)
    if not form.is_valid():
        return _submit_page(request, form, node, deputy, status=400)
    if form.is_bot:  # thanked like a person; nothing is saved
        request.session[DONE_KEY] = {"no": None}
        return redirect("public:submit_done")
    if not ratelimit.submit_phone_ok(form.cleaned_data["resident_phone"]):
        return _limited(request, "public/submit_limited.html")
    note = ""
    if deputy is not None:
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Sent through deputy %(name)s's QR code.") % {"name": deputy.name}
    try:
        petition = services.petition_create(
            by=None, node=node, channel=Petition.Channel.ONLINE, note=note, **form.service_fields()
        )
    except ValidationError as error:
        apply_errors(form, error)
    except DomainError as error:
        form.add_error(None, str(error))
    else:
        request.session[DONE_KEY] = {"no": petition.tracking_no}
        return redirect("public:submit_done")
    return _submit_page(request, form, node, deputy, status=400)


def submit_done(request):
    done = request.session.get(DONE_KEY)
    if not done:
        return redirect("public:submit")
    return render(request, "public/submit_done.html", {"tracking_no": done.get("no")})


# Track and rate


def _grant(request, petition: Petition) -> None:
    request.session[GRANT_KEY] = signing.dumps(petition.pk, salt=GRANT_SALT)


def _granted_pk(request) -> int | None:
    token = request.session.get(GRANT_KEY)
    if not token:
        return None
    try:
        return signing.loads(token, salt=GRANT_SALT, max_age=settings.LIAISON_PUBLIC_TRACK_GRANT_MINUTES * 60)
    except signing.BadSignature:  # includes SignatureExpired
        return None


@sensitive_variables("digits", "tail")
def _match(tracking_no: str, digits: str) -> Petition | None:
    """The case when the number exists and the phone ends in `digits`; one query and one
    constant-time comparison either way, so a wrong number and wrong digits look alike."""
    petition = None
    if tracking_no:
        petition = Petition.objects.filter(tracking_no__in={tracking_no, tracking_no.upper()}).first()
    tail = re.sub(r"\D", "", petition.resident_phone)[-4:] if petition else "----"
    matches = hmac.compare_digest(tail.encode(), digits.encode())
    return petition if matches and petition is not None else None


def _track_page(request, form, *, status: int = 200):
    return render(request, "public/track.html", {"form": form}, status=status)


@sensitive_post_parameters("digits")
def track(request):
    if request.method != "POST":
        return _track_page(request, TrackForm())
    if not ratelimit.track_ip_ok(request):
        return _limited(request, "public/track_limited.html")
    form = TrackForm(request.POST)
    if not form.is_valid():
        return _track_page(request, form, status=400)
    tracking_no, digits = form.cleaned_data["tracking_no"], form.cleaned_data["digits"]
    # Counted before the digits are compared; the same 429 whether or not the number exists.
    if tracking_no and not ratelimit.track_number_ok(tracking_no):
        return _limited(request, "public/track_limited.html")
    petition = None if form.is_bot else _match(tracking_no, digits)
    if petition is None:
        form.add_error(None, NOT_FOUND)
        return _track_page(request, form, status=400)
    _grant(request, petition)
    return redirect("public:track_case")


def _timeline(petition: Petition) -> list[dict]:
    events = PetitionEvent.objects.filter(petition=petition, action__in=[*EVENT_TEXT, "rate"]).order_by("at", "id")
    lines = []
    for event in events.values("at", "action", "data"):
        if event["action"] == "rate":
            text = RATE_TEXT.get((event["data"] or {}).get("rating"), RATE_TEXT[Petition.Rating.SATISFIED])
        else:
            text = EVENT_TEXT[event["action"]]
        lines.append({"at": event["at"], "text": text})
    return lines


def _answer(petition: Petition):
    """The latest written answer: a unit's reply (its event note is the reply text) or the note of
    a direct resolution. Only these two kinds of note are ever shown to the resident."""
    events = PetitionEvent.objects.filter(petition=petition, action__in=["reply", "resolve"])
    return events.order_by("-at", "-id").values("at", "note").first()


def _case_page(request, petition: Petition, *, rate_form=None, status: int = 200):
    can_rate = petition.status == S.INFORMED
    context = {
        "petition": petition,
        "status_text": STATUS_TEXT.get(petition.status, ""),
        "timeline": _timeline(petition),
        "answer": _answer(petition),
        "awaiting_reply": petition.status in workflow.AWAITING_REPLY,
        "can_rate": can_rate,
        "rate_form": rate_form or (RateForm(initial={"version": petition.version}) if can_rate else None),
    }
    return render(request, "public/track_case.html", context, status=status)


def _granted_case(request) -> Petition | None:
    pk = _granted_pk(request)
    if pk is None:
        return None
    return Petition.objects.select_related("category", "node").filter(pk=pk).first()


def track_case(request):
    petition = _granted_case(request)
    if petition is None:
        messages.info(request, _("Please enter your tracking number and the last 4 digits of your phone again."))
        return redirect("public:track")
    return _case_page(request, petition)


@require_POST
def rate(request):
    petition = _granted_case(request)
    if petition is None:
        messages.error(request, _("Please enter your tracking number and the last 4 digits of your phone again."))
        return _track_page(request, TrackForm(), status=403)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _case_page(request, petition, rate_form=form, status=400)
    if petition.status != S.INFORMED:
        messages.error(request, _("This case cannot be rated now."))
        return redirect("public:track_case")
    data = form.cleaned_data
    try:
        services.petition_rate(
            petition=petition,
            rating=data["rating"],
            comment=data["comment"],
            by=None,
            expected_version=data["version"],
        )
    except DomainError:  # the case moved meanwhile (e.g. rated twice from two tabs)
        messages.error(request, _("This case cannot be rated now."))
        return redirect("public:track_case")
    if data["rating"] == Petition.Rating.UNSATISFIED:
        messages.success(request, _("Thank you. The station will look at your case again and answer you."))
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("public:track_case")
