"""The records behind each count of a scorecard (traceability): the same filters as the counts
(counts.records_q), newest first, capped per source."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from deputies.models import Duty
from meetings.models import Attendee
from meetings.models.consultation import Opinion
from meetings.models.votes import Project
from performance.models.scorecard import Source
from performance.scorecard import counts as c
from petitions.models import Petition, Referral

RECORDS_CAP = 20


@dataclass(frozen=True)
class Record:
    day: object  # a date
    text: str
    url: str = ""


def _petition(p: Petition, when=None) -> Record:
    return Record(
        day=when or timezone.localtime(p.received_at).date(),
        text=f"{p.tracking_no} · {p.category.name} · {p.get_status_display()}",
        url=reverse("petitions:detail", args=[p.pk]),
    )


def _url(name: str, pk: int) -> str:
    """A link into another area's pages, or none if that page does not exist (yet)."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def records_for(key: str, *, deputy_id: int, year: int, link_receptions: bool, cap: int = RECORDS_CAP) -> list[Record]:
    """Up to `cap` records behind count `key` (one query)."""
    if key == Source.VOTER_CONTACT:
        return []  # listed on the deputy's own record page (names and phones are personal data)
    model, q = c.records_q(key, deputy_id=deputy_id, year=year)
    qs = model.objects.filter(q)
    if model is Petition:
        return [_petition(p) for p in qs.select_related("category").order_by("-received_at", "-id")[:cap]]
    if model is Referral:
        rows = qs.select_related("petition__category").order_by("-replied_on", "-id")[:cap]
        return [_petition(r.petition, when=r.replied_on) for r in rows]
    if model is Duty:
        rows = qs.select_related("reception__node").order_by("-reception__date", "-id")[:cap]
        return [
            Record(
                day=d.reception.date,
                text=f"{d.reception.node.display_name} · {d.get_attendance_display()}",
                url=reverse("stations:reception_detail", args=[d.reception_id]) if link_receptions else "",
            )
            for d in rows
        ]
    if model is Attendee:
        rows = qs.select_related("meeting__node").order_by("-meeting__starts_at", "-id")[:cap]
        return [
            Record(
                day=timezone.localtime(a.meeting.starts_at).date(),
                text=f"{a.meeting.title} · {a.meeting.get_kind_display()} · {a.meeting.node.display_name}",
            )
            for a in rows
        ]
    if model is Opinion:
        rows = qs.select_related("draft").order_by("-decided_at", "-id")[:cap]
        return [
            Record(
                day=timezone.localtime(o.decided_at).date(),
                text=f"{o.draft.title} · {o.article or ''} {o.text[:60]}".strip(),
                url=_url("meetings:consultation_detail", o.draft_id),
            )
            for o in rows
        ]
    if model is Project.supervisors.through:
        rows = qs.select_related("project__candidate").order_by("-project__year", "-id")[:cap]
        return [
            Record(
                day=None, text=f"{row.project.year} · {row.project.candidate.name}",
                url=_url("meetings:vote_project", row.project_id),
            )
            for row in rows
        ]
    raise ValueError(key)
