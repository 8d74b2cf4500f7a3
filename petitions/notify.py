"""Who is told what when a case moves, and when its deadline comes near or passes.

Recipients are users holding a Position on the case's station (its clerks), street (street
committee staff) or district (district staff), and the deputy in charge through their login; they
are looked up for many cases at once (`Audience`), in two queries. Texts are written in the site's
language (notifications store them as given) and name the case by tracking number and category
only: never the resident's name or phone. Keys make each notice idempotent.

Services call the `case_*` functions after commit, e.g.
`transaction.on_commit(lambda: notify.case_assigned(petition), robust=True)`; the deadline sweep
calls `deadline_step` inside its own transaction, so a step is recorded together with its notices.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.services import Notice, notify, notify_many, sms_send
from petitions.models import Petition, Referral
from stations.models import Position

KIND_ASSIGNED = "case_assigned"
KIND_REFERRED = "case_referred"
KIND_REPLIED = "case_replied"
KIND_REVIEW = "case_review"
KIND_REMINDER = "case_reminder"
KIND_OVERDUE = "case_overdue"
KIND_ESCALATED = "case_escalated"
KIND_SUPERVISION = "case_supervision"


class Audience:
    """The people around a set of cases: two queries, however many cases. Anything with station, street
    and district columns works (meetings' action items use it too); the deputy only for cases."""

    def __init__(self, petitions: Iterable[Petition]):
        petitions = list(petitions)
        node_ids = {n for p in petitions for n in (p.station_id, p.street_id, p.district_id) if n}
        self._by_node: dict[int, list] = defaultdict(list)
        if node_ids:
            for position in Position.objects.filter(node_id__in=node_ids, user__is_active=True).select_related("user"):
                self._by_node[position.node_id].append(position.user)
        deputy_ids = {p.assigned_deputy_id for p in petitions if getattr(p, "assigned_deputy_id", None)}
        self._deputy_user: dict[int, object] = {}
        if deputy_ids:
            users = get_user_model().objects.filter(deputy__in=deputy_ids, is_active=True).select_related("deputy")
            self._deputy_user = {u.deputy.pk: u for u in users}

    def deputy(self, p: Petition) -> list:
        user = self._deputy_user.get(p.assigned_deputy_id)
        return [user] if user else []

    def clerks(self, p: Petition) -> list:
        # A case taken in at a street's deputies' home has no station: the street's staff clerk it.
        return self._by_node[p.station_id] if p.station_id else self.street(p)

    def street(self, p: Petition) -> list:
        return self._by_node[p.street_id] if p.street_id else self.district(p)

    def district(self, p: Petition) -> list:
        return self._by_node[p.district_id]


def case_url(petition: Petition) -> str:
    try:
        return reverse("petitions:detail", args=[petition.pk])
    except NoReverseMatch:  # the case pages are mounted by another module; the planned address
        return f"/cases/{petition.pk}/"


def _title(label: str, petition: Petition) -> str:
    return f"{label}: {petition.tracking_no} · {petition.category.name}"


def _send(petition: Petition, *, users, kind: str, label: str, body: str, key: str) -> int:
    notes = notify(users=users, kind=kind, title=_title(label, petition), body=body, url=case_url(petition), key=key)
    return len(notes)


def _fresh(petition: Petition) -> Petition:
    """The case as committed (the callback runs after commit), with what the texts need."""
    return Petition.objects.select_related("category").get(pk=petition.pk)


def case_assigned(petition: Petition) -> int:
    """The deputy in charge learns the case is theirs (包干)."""
    key = f"case:{petition.pk}:assign:{petition.version}"
    case = _fresh(petition)
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            case,
            users=Audience([case]).deputy(case),
            kind=KIND_ASSIGNED,
            label=_("Case assigned to you"),
            body=_("You are the deputy in charge of this case. Please look into it."),
            key=key,
        )


def case_referred(petition: Petition) -> int:
    """The station's clerks follow the referral: the unit and the reply deadline."""
    key = f"case:{petition.pk}:refer:{petition.version}"
    case = _fresh(petition)
    referral = Referral.objects.filter(petition=case, is_current=True).select_related("unit").first()
    with translation.override(settings.LANGUAGE_CODE):
        body = _("Referred to %(unit)s; the written reply is due on %(date)s.") % {
            "unit": referral.unit.name if referral else "—",
            "date": case.due_on.isoformat() if case.due_on else "—",
        }
        return _send(
            case, users=Audience([case]).clerks(case), kind=KIND_REFERRED, label=_("Case referred"), body=body, key=key
        )


def case_replied(petition: Petition) -> int:
    """The written reply is in: the deputy and the clerks inform the resident and take the rating."""
    key = f"case:{petition.pk}:reply:{petition.version}"
    case = _fresh(petition)
    audience = Audience([case])
    with translation.override(settings.LANGUAGE_CODE):
        return _send(
            case,
            users=audience.deputy(case) + audience.clerks(case),
            kind=KIND_REPLIED,
            label=_("Written reply received"),
            body=_("The handling unit has replied. Inform the resident and take their rating."),
            key=key,
        )


def case_review_opened(petition: Petition) -> int:
    """A "not satisfied" rating opened a review (复核): the street committee follows it."""
    key = f"case:{petition.pk}:review:{petition.version}"
    case = _fresh(petition)
    with translation.override(settings.LANGUAGE_CODE):
        body = _("The resident is not satisfied with the reply. The re-reply is due on %(date)s.") % {
            "date": case.due_on.isoformat() if case.due_on else "—"
        }
        return _send(
            case, users=Audience([case]).street(case), kind=KIND_REVIEW, label=_("Review opened"), body=body, key=key
        )


def deadline_step(petition: Petition, *, step: str, due_on: date, today: date, audience: Audience) -> int:
    """The notices of one deadline step (see petitions/sweep.py); returns how many were created."""
    return notify_many([deadline_notice(petition, step=step, due_on=due_on, today=today, audience=audience)])


def deadline_notice(petition: Petition, *, step: str, due_on: date, today: date, audience: Audience) -> Notice:
    """The notice of one deadline step (the sweep sends a batch's notices together with notify_many).

    remind_<n> → the deputy in charge and the station's clerks; overdue → the street's staff;
    escalate_district and supervision → the district's staff.
    """
    key = f"case:{petition.pk}:{step}:{due_on.isoformat()}"
    days_left = (due_on - today).days
    days_late = (today - due_on).days
    with translation.override(settings.LANGUAGE_CODE):
        if step.startswith("remind_"):
            users = audience.deputy(petition) + audience.clerks(petition)
            kind, label = KIND_REMINDER, _("Reply due soon")
            body = ngettext(
                "The written reply is due on %(date)s, in %(days)d day. Please chase the handling unit.",
                "The written reply is due on %(date)s, in %(days)d days. Please chase the handling unit.",
                days_left,
            ) % {"date": due_on.isoformat(), "days": days_left}
        elif step == "overdue":
            users = audience.street(petition)
            kind, label = KIND_OVERDUE, _("Reply overdue")
            body = _("The written reply was due on %(date)s and has not arrived. Please chase the handling unit.") % {
                "date": due_on.isoformat()
            }
        elif step == "escalate_district":
            users = audience.district(petition)
            kind, label = KIND_ESCALATED, _("Overdue: district supervision")
            body = _("No written reply %(days)d days after the deadline of %(date)s. Please supervise the unit.") % {
                "days": days_late,
                "date": due_on.isoformat(),
            }
        else:
            users = audience.district(petition)
            kind, label = KIND_SUPERVISION, _("Listed for a supervision meeting")
            body = _(
                "No written reply %(days)d days after the deadline of %(date)s: the case is listed for a "
                "supervision meeting."
            ) % {"days": days_late, "date": due_on.isoformat()}
        return Notice(
            users=tuple(users), kind=kind, title=_title(label, petition), body=body, url=case_url(petition), key=key
        )


# Residents have no account: they hear from the portal by SMS (notifications.sms, a logging sender
# unless a gateway is configured), in the site's language, with no personal data in the text.
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def _resident_sms(petition: Petition, *, step: str, text: str) -> bool:
    phone = "".join(ch for ch in petition.resident_phone if ch.isdigit())
    if not _MOBILE.match(phone):
        return False
    sms_send(phone=phone, text=text, key=f"case:{petition.pk}:resident:{step}")
    return True


def resident_received(petition: Petition) -> bool:
    """The tracking number, so the resident can follow the case."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "Your opinion has been received. Tracking number %(no)s: use it with the last four digits "
            "of this phone to follow the case."
        ) % {"no": petition.tracking_no}
    return _resident_sms(petition, step="received", text=text)


def resident_informed(petition: Petition) -> bool:
    """The result is ready: the resident can read it and rate it with their tracking number."""
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "There is a result for your case %(no)s. You can read it and tell us whether you are satisfied "
            "with your tracking number and the last four digits of this phone."
        ) % {"no": petition.tracking_no}
    return _resident_sms(petition, step=f"informed:{petition.version}", text=text)
