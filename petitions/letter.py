"""The referral letter (转办函): what it says, once, for the HTML print view and the PDF alike.

Personal data: the unit replies to the street committee, which reports back to the resident
(DOMAIN.md §4), so the unit never needs to call the resident: the letter carries the resident's
name (masked for a deputy the resident asked to keep it from) and never the phone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from liaison.masking import mask_name
from petitions import rules
from petitions.models import Referral
from petitions.periods import reply_deadline

PDF_FONT = "STSong-Light"  # reportlab's built-in Adobe CID font for Simplified Chinese: no file to ship
MARGIN = 20 * mm


def long_date(day: date) -> str:
    """2026年3月2日 in Chinese, March 2, 2026 in English (the locale's DATE_FORMAT)."""
    return date_format(day, "DATE_FORMAT")


@dataclass
class Letter:
    number: str
    sent_on: date
    issuer: str
    addressee: str
    route: str
    intro: str
    case_rows: list[tuple[str, str]]
    content: str
    opinions: list[tuple[str, str]]
    deadline: str  # "Please reply in writing by …": the sentence the unit acts on
    deadline_note: str  # how that date was reached (receipt, extension, "if received today")
    reply_to: str
    copy_to: list[str] = field(default_factory=list)
    contact: str = ""


def _committees(petition) -> tuple[str, str]:
    district = _("Office of the %(district)s People's Congress Standing Committee") % {
        "district": petition.district.name
    }
    street = (
        _("%(street)s People's Congress Working Committee") % {"street": petition.street.name}
        if petition.street_id
        else ""
    )
    return district, street


def _deadline(referral: Referral, today: date) -> tuple[str, str]:
    months = settings.LIAISON_REPLY_PERIOD_MONTHS
    if referral.extended_to:
        due, note = (
            referral.extended_to,
            _("Extended with approval; the letter was received on %(received)s.")
            % {"received": long_date(referral.received_on or timezone.localtime(referral.sent_at).date())},
        )
    elif referral.received_on:
        due = referral.reply_due_on
        note = ngettext(
            "Within %(months)d month of receipt on %(received)s.",
            "Within %(months)d months of receipt on %(received)s.",
            months,
        ) % {"months": months, "received": long_date(referral.received_on)}
    else:
        deadline = reply_deadline(today)
        due = deadline.due_on
        note = ngettext(
            "Within %(months)d month of receiving this letter: the date above applies if it is received today, "
            "%(today)s.",
            "Within %(months)d months of receiving this letter: the date above applies if it is received today, "
            "%(today)s.",
            months,
        ) % {"months": months, "today": long_date(today)}
        if deadline.provisional:
            note = f"{note} {deadline.reason}"
    return _("Please reply in writing by %(date)s.") % {"date": long_date(due)}, note


def letter_for(referral: Referral, *, viewer, today: date | None = None) -> Letter:
    """The letter of `referral` as `viewer` may read it (call with select_related petition parts)."""
    petition = referral.petition
    today = today or timezone.localdate()
    district_office, street_committee = _committees(petition)
    is_street = referral.route == Referral.Route.STREET
    name = petition.resident_name
    if petition.hide_name_from_deputy and rules.relations(viewer, petition) <= {rules.DEPUTY}:
        name = mask_name(name)
    deputy = petition.assigned_deputy
    case_rows = [
        (_("Tracking number"), petition.tracking_no),
        (
            _("Received at"),
            f"{petition.station or petition.node} · {long_date(timezone.localdate(petition.received_at))}",
        ),
        (_("Category"), str(petition.category)),
        (_("Grade"), petition.get_grade_display()),
        (_("Community"), str(petition.community or "—")),
        (_("Place"), petition.place or "—"),
        (_("Resident"), name),
        (_("Deputy in charge"), deputy.name if deputy else "—"),
    ]
    opinions = [
        (_("Deputy's opinion") + (f" ({deputy.name})" if deputy else ""), referral.deputy_opinion),
        (_("Street committee's opinion"), referral.street_opinion),
    ]
    if not is_street or referral.district_opinion:
        opinions.append((_("District committee's review opinion"), referral.district_opinion))
    deadline, deadline_note = _deadline(referral, today)
    reply_to = street_committee or district_office
    sender = referral.sent_by
    return Letter(
        number=referral.number,
        sent_on=timezone.localtime(referral.sent_at).date(),
        issuer=street_committee if is_street and street_committee else district_office,
        addressee=referral.unit.name,
        route=referral.get_route_display(),
        intro=_(
            "The following opinion of a resident, received through the deputies' liaison station, is referred to "
            "you for handling. Please deal with it and reply in writing to %(reply_to)s."
        )
        % {"reply_to": reply_to},
        case_rows=case_rows,
        content=petition.content,
        opinions=[(label, text or "—") for label, text in opinions],
        deadline=deadline,
        deadline_note=deadline_note,
        reply_to=reply_to,
        # The reply's copy goes to the district office; on the district route the office sends the
        # letter itself, so the street committee that reports back to the resident gets the copy.
        copy_to=[district_office] if is_street else [c for c in (street_committee,) if c],
        contact=(sender.get_full_name() or sender.username) if sender else "",
    )


# --- PDF -----------------------------------------------------------------------------------------


def _styles():
    base = ParagraphStyle("body", fontName=PDF_FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=26, alignment=TA_CENTER, spaceAfter=2),
        "issuer": ParagraphStyle("issuer", parent=base, fontSize=13, leading=18, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "strong": ParagraphStyle("strong", parent=base, fontSize=12, leading=17, spaceBefore=4, spaceAfter=2),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=13),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=13),
    }


def _p(text: str, style):
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def letter_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF (reportlab, Chinese in STSong-Light), with the tear-off receipt slip."""
    pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    s = _styles()
    grid = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), PDF_FONT, 10),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
        ]
    )
    width = A4[0] - 2 * MARGIN
    label = 45 * mm
    story = [
        _p(letter.issuer, s["issuer"]),
        _p(_("Referral letter"), s["title"]),
        _p(_("No. %(number)s") % {"number": letter.number}, s["right"]),
        Spacer(1, 2 * mm),
        _p(_("%(unit)s:") % {"unit": letter.addressee}, s["strong"]),
        _p(letter.intro, s["body"]),
        _p(_("Route: %(route)s") % {"route": letter.route}, s["body"]),
        Spacer(1, 2 * mm),
    ]
    rows = [[_p(label, s["cell"]), _p(value, s["cell"])] for label, value in letter.case_rows]
    rows.append([_p(_("What happened"), s["cell"]), _p(letter.content, s["cell"])])
    rows += [[_p(label, s["cell"]), _p(text, s["cell"])] for label, text in letter.opinions]
    table = Table(rows, colWidths=[label, width - label])
    table.setStyle(grid)
    story += [table, Spacer(1, 2 * mm), _p(letter.deadline, s["strong"]), _p(letter.deadline_note, s["body"])]
    story += [Spacer(1, 3 * mm), _p(letter.issuer, s["right"]), _p(long_date(letter.sent_on), s["right"])]
    if letter.contact:
        story.append(_p(_("Contact: %(name)s") % {"name": letter.contact}, s["right"]))
    if letter.copy_to:
        story += [Spacer(1, 2 * mm), _p(_("Copy to: %(units)s") % {"units": "、".join(letter.copy_to)}, s["small"])]
    slip = [
        [_p(_("Letter number"), s["cell"]), _p(letter.number, s["cell"])],
        [_p(_("Handling unit"), s["cell"]), _p(letter.addressee, s["cell"])],
        [_p(_("Received by"), s["cell"]), _p("", s["cell"])],
        [_p(_("Date received"), s["cell"]), _p(_("Year      Month      Day"), s["cell"])],
        [_p(_("Signature (seal)"), s["cell"]), _p("", s["cell"])],
    ]
    slip_table = Table(slip, colWidths=[label, width - label], rowHeights=[None, None, 9 * mm, 9 * mm, 12 * mm])
    slip_table.setStyle(grid)
    story.append(
        KeepTogether(
            [
                Spacer(1, 5 * mm),
                _p("- " * 20 + _("cut here") + " -" * 20, s["small"]),
                _p(_("Receipt"), s["issuer"]),
                slip_table,
                _p(_("Please return this slip to %(issuer)s on receipt.") % {"issuer": letter.issuer}, s["small"]),
            ]
        )
    )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN - 5 * mm,
        bottomMargin=MARGIN - 5 * mm,
        title=_("Referral letter %(number)s") % {"number": letter.number},
        author=letter.issuer,
    )
    doc.build(story)
    return buffer.getvalue()
