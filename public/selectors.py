"""Reads for the public pages (no login): only active nodes and deputies, and never a resident's data.

Cases appear here only as counts and as examples made of fixed fields (category, month, how it was
resolved): no free text of a case, resident name, phone, place or tracking number ever leaves this module.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deputies.models import Assignment, Deputy, Duty
from petitions.models import Petition, PetitionEvent
from stations.models import Community, Node, Reception, ReceptionRule
from stations.reception_selectors import notice_opens_on

S = Petition.Status
# A case counts as resolved once it has an answer: solved directly, or the unit's written reply.
RESOLVED = (S.RESOLVED, S.REPLIED, S.INFORMED, S.RATED, S.CLOSED)
RESULT_ACTIONS = ("resolve", "reply")
# How a published example was resolved: fixed phrases, never the case's own words.
HOW_RESOLVED = {
    "resolve": gettext_lazy("Resolved directly by the deputy and the station"),
    "reply": gettext_lazy("Answered in writing by the responsible unit"),
}
PUBLIC_KINDS = (Node.Kind.STREET, Node.Kind.STATION)
EXAMPLES = 5
UPCOMING_RECEPTIONS = 5
UPCOMING_DUTIES = 10
ATTENDED = (Duty.Attendance.PRESENT, Duty.Attendance.LATE)


def _year_start(today: date) -> datetime:
    return datetime(today.year, 1, 1, tzinfo=timezone.get_current_timezone())  # midnight, 1 January, local


# The network


def public_nodes() -> QuerySet[Node]:
    """Deputies' homes and stations that are active, under an active street."""
    return Node.objects.filter(kind__in=PUBLIC_KINDS, is_active=True).exclude(
        kind=Node.Kind.STATION, street__is_active=False
    )


def public_node_or_404(code: str) -> Node:
    return get_object_or_404(public_nodes().select_related("street", "district"), code=code)


def public_streets() -> QuerySet[Node]:
    return Node.objects.filter(kind=Node.Kind.STREET, is_active=True).order_by("code")


def public_communities() -> QuerySet[Community]:
    return Community.objects.filter(street__is_active=True).select_related("street").order_by("street__code", "name")


def station_finder(*, street: str = "", community: int | None = None, search: str = "") -> list[dict]:
    """Streets with their stations, filtered; two queries (stations with their street, their communities).

    Search matches a station's name, code, address or the name of a community it covers; a street whose
    own name matches keeps all its stations."""
    stations = public_nodes().filter(kind=Node.Kind.STATION)
    if street:
        stations = stations.filter(street__code=street)
    if community:
        stations = stations.filter(communities__pk=community)
    search = search.strip()[:50]
    if search:
        matching = Q(name__icontains=search) | Q(code__icontains=search) | Q(address__icontains=search)
        matching |= Q(street__name__icontains=search) | Q(street__home_name__icontains=search)
        matching |= Q(Exists(Community.objects.filter(nodes=OuterRef("pk"), name__icontains=search)))
        stations = stations.filter(matching)
    stations = (
        stations.distinct()
        .select_related("street")
        .prefetch_related(Prefetch("communities", queryset=Community.objects.order_by("name")))
        .order_by("street__code", "code")
    )
    groups: dict[int, dict] = {}
    for station in stations:
        groups.setdefault(station.street_id, {"street": station.street, "stations": []})["stations"].append(station)
    return list(groups.values())


# A station's page ("五公开": profile, duties, deputies, schedule, results)


def node_deputies(node: Node) -> list[Assignment]:
    """Active deputies placed at the node, the head first; with their specialties (two queries)."""
    return list(
        Assignment.objects.filter(node=node, deputy__is_active=True)
        .select_related("deputy")
        .prefetch_related("deputy__specialties")
        .order_by("role", "deputy__name")
    )


def active_rules(node: Node, *, today: date | None = None) -> list[ReceptionRule]:
    today = today or timezone.localdate()
    return list(
        node.reception_rules.filter(is_active=True, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .order_by("id")
    )


def rule_in_words(rule: ReceptionRule, *, today: date | None = None) -> str:
    """E.g. "Every month, the second Tuesday, 09:00–11:30, at the station's hall (at the station)"."""
    today = today or timezone.localdate()
    kind = ReceptionRule.Kind
    if rule.kind == kind.NTH_WEEKDAY:
        when = _("every month, the %(nth)s %(weekday)s") % {
            "nth": str(ReceptionRule.Nth(rule.nth).label).lower(),
            "weekday": ReceptionRule.Weekday(rule.weekday).label,
        }
    elif rule.kind == kind.MONTH_DAY:
        when = _("every month on day %(day)s") % {"day": rule.day_of_month}
    elif rule.kind == kind.WEEKLY:
        when = _("every %(weekday)s") % {"weekday": ReceptionRule.Weekday(rule.weekday).label}
    else:
        coming = sorted(d for d in rule.dates if d >= today.isoformat())
        when = _("on %(dates)s") % {"dates": ", ".join(coming) or _("no dates ahead")}
    return _("%(when)s, %(start)s–%(end)s, %(place)s (%(mode)s)") % {
        "when": when[:1].upper() + when[1:],
        "start": rule.start_time.strftime("%H:%M"),
        "end": rule.end_time.strftime("%H:%M"),
        "place": rule.place,
        "mode": rule.get_mode_display(),
    }


def upcoming_receptions(node: Node, *, today: date | None = None) -> list[dict]:
    """The next planned receptions; `notice_open` says whether the public notice may be linked."""
    today = today or timezone.localdate()
    receptions = Reception.objects.filter(node=node, status=Reception.Status.PLANNED, date__gte=today).order_by(
        "date", "start_time", "id"
    )[:UPCOMING_RECEPTIONS]
    return [{"reception": r, "notice_open": today >= notice_opens_on(r)} for r in receptions]


def _cases_at(node: Node) -> QuerySet[Petition]:
    # A station's cases include its points'; a deputies' home has only those taken at the home itself.
    return Petition.objects.filter(Q(node_id=node.pk) | Q(station_id=node.pk))


def _resolved_since(start) -> Exists:
    return Exists(PetitionEvent.objects.filter(petition=OuterRef("pk"), action__in=RESULT_ACTIONS, at__gte=start))


def _counts(cases: QuerySet[Petition], today: date) -> dict:
    start = _year_start(today)
    return cases.aggregate(
        received=Count("pk", filter=Q(received_at__gte=start)),
        resolved=Count("pk", filter=Q(status__in=RESOLVED) & Q(_resolved_since(start))),
    )


def station_results(node: Node, *, today: date | None = None) -> dict:
    """This year's counts and the latest resolved examples (two queries).

    An example is only the category, the month of the result and how it was reached: no free text
    of a case (content, notes) is ever published, since no redaction can be trusted with it."""
    today = today or timezone.localdate()
    latest = PetitionEvent.objects.filter(petition=OuterRef("pk"), action__in=RESULT_ACTIONS).order_by("-at", "-id")
    examples = (
        _cases_at(node)
        .filter(status__in=RESOLVED)
        .annotate(result_at=Subquery(latest.values("at")[:1]), result_action=Subquery(latest.values("action")[:1]))
        .filter(result_at__isnull=False)
        .order_by("-result_at", "-id")
        .values("category__name", "result_at", "result_action")[:EXAMPLES]
    )
    return {
        **_counts(_cases_at(node), today),
        "year": today.year,
        "examples": [
            {
                "category": case["category__name"],
                "month": timezone.localtime(case["result_at"]).date().replace(day=1),
                "how": HOW_RESOLVED.get(case["result_action"], HOW_RESOLVED["resolve"]),
            }
            for case in examples
        ],
    }


# Deputies


def _active_assignments() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(node__is_active=True, node__kind__in=(*PUBLIC_KINDS, Node.Kind.POINT))
        .select_related("node", "node__station")
        .order_by("node__code"),
        to_attr="public_assignments",
    )


def public_deputies(*, level: str = "", street: str = "", search: str = "") -> QuerySet[Deputy]:
    """Active deputies; `street` matches their electoral street or a station they are placed at."""
    deputies = Deputy.objects.filter(is_active=True)
    if level in Deputy.Level.values:
        deputies = deputies.filter(level=level)
    if street:
        placed = Assignment.objects.filter(deputy=OuterRef("pk"), node__street__code=street)
        deputies = deputies.filter(Q(street__code=street) | Q(Exists(placed)))
    search = search.strip()[:50]
    if search:
        deputies = deputies.filter(name__icontains=search)
    return deputies.prefetch_related("specialties", _active_assignments()).order_by("name", "id")


def public_deputy_or_404(pk: int) -> Deputy:
    deputies = Deputy.objects.filter(is_active=True).prefetch_related("specialties", _active_assignments())
    return get_object_or_404(deputies, pk=pk)


def deputy_with_photo_or_404(pk: int) -> Deputy:
    deputy = get_object_or_404(Deputy.objects.only("pk", "photo"), pk=pk, is_active=True)
    if not deputy.photo:
        raise Http404
    return deputy


def upcoming_duties(deputy: Deputy, *, today: date | None = None) -> list[dict]:
    today = today or timezone.localdate()
    duties = (
        Duty.objects.filter(deputy=deputy, reception__status=Reception.Status.PLANNED, reception__date__gte=today)
        .filter(reception__node__is_active=True)
        .select_related("reception__node")
        .order_by("reception__date", "reception__start_time", "id")[:UPCOMING_DUTIES]
    )
    return [{"reception": d.reception, "notice_open": today >= notice_opens_on(d.reception)} for d in duties]


def deputy_activity(deputy: Deputy, *, today: date | None = None) -> dict:
    """This year: receptions attended (present or late), cases in charge received and resolved (two queries)."""
    today = today or timezone.localdate()
    attended = Duty.objects.filter(
        deputy=deputy,
        attendance__in=ATTENDED,
        reception__date__gte=date(today.year, 1, 1),
        reception__date__lte=today,
    ).count()
    return {"year": today.year, "attended": attended, **_counts(Petition.objects.filter(assigned_deputy=deputy), today)}


def street_stations(street: Node) -> QuerySet[Node]:
    return Node.objects.filter(kind=Node.Kind.STATION, street=street, is_active=True).order_by("code")
