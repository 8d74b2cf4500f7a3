"""The adoption certificate (采纳证明) of an adopted opinion: what it says, in the viewer's language.

The page (templates/meetings/consultation/certificate.html) prints on one A4 sheet (static/css/
consultation_certificate.css). It says which opinion on which draft was adopted, to whom the
certificate goes (the deputy who sent or raised it; otherwise the station where it was gathered;
otherwise the resident who sent it online), its number, the date of adoption and the issuing committee.
No phone number appears on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meetings.models.consultation import Opinion


@dataclass(frozen=True)
class Certificate:
    number: str
    adopted_on: dt.date
    adopted_on_text: str
    recipient: str
    draft_title: str
    issuing_body: str
    article: str
    opinion_text: str
    issuer: str
    body: str


def recipient_of(opinion: Opinion) -> str:
    if opinion.deputy_id:
        return _("Deputy %(name)s") % {"name": opinion.deputy.name}
    if opinion.station_id:
        return opinion.station.name
    if opinion.node_id:
        return opinion.node.home_name or opinion.node.name
    return opinion.contributor_name or _("A resident who took part online")


def issuer_of(opinion: Opinion) -> str:
    draft = opinion.draft
    if draft.street_id:
        return _("%(street)s People's Congress Working Committee") % {"street": draft.street.name}
    return _("%(district)s People's Congress Standing Committee") % {"district": draft.district.name}


def certificate_for(opinion: Opinion) -> Certificate:
    """The certificate of an adopted opinion (call with draft, street, district, deputy, station loaded)."""
    if opinion.decision != Opinion.Decision.ADOPTED or not opinion.certificate_no:
        raise ValueError("Only an adopted opinion has a certificate.")
    draft = opinion.draft
    adopted_on = timezone.localdate(opinion.decided_at)
    adopted_on_text = date_format(adopted_on, "DATE_FORMAT")
    recipient = recipient_of(opinion)
    body = _(
        "The opinion of %(recipient)s on the draft “%(draft)s”, submitted during the legislative "
        "consultation, was adopted on %(date)s. This certificate is issued in recognition."
    ) % {"recipient": recipient, "draft": draft.title, "date": adopted_on_text}
    return Certificate(
        number=opinion.certificate_no,
        adopted_on=adopted_on,
        adopted_on_text=adopted_on_text,
        recipient=recipient,
        draft_title=draft.title,
        issuing_body=draft.issuing_body,
        article=opinion.article,
        opinion_text=opinion.text,
        issuer=issuer_of(opinion),
        body=body,
    )
