"""iCalendar (RFC 5545) feeds of reception days, for phone calendars that subscribe by URL.

One event per reception: its UID never changes (a phone updates the event, not a copy), times
carry TZID=Asia/Shanghai with the VTIMEZONE included, and a cancelled reception stays in the feed
with STATUS:CANCELLED so subscribed phones remove it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from stations.models import Reception

TZ = ZoneInfo("Asia/Shanghai")
PRODID = "-//liaison-portal//reception days//ZH"


def reception_uid(reception: Reception) -> str:
    return f"reception-{reception.pk}@liaison-portal"


def build_feed(receptions, *, title: str) -> bytes:
    """The feed as bytes. `receptions` should have `duties__deputy` prefetched."""
    with translation.override(settings.LANGUAGE_CODE):  # no user here: the portal's language
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", title)
        calendar.add("x-wr-timezone", TZ.key)
        for reception in receptions:
            calendar.add_component(_event(reception))
        calendar.add_missing_timezones()
        return calendar.to_ical()


def _event(reception: Reception) -> Event:
    event = Event()
    event.add("uid", reception_uid(reception))
    event.add("dtstamp", reception.updated_at)
    event.add("last-modified", reception.updated_at)
    event.add("dtstart", datetime.combine(reception.date, reception.start_time, tzinfo=TZ))
    event.add("dtend", datetime.combine(reception.date, reception.end_time, tzinfo=TZ))
    event.add("summary", _("Reception day · %(node)s") % {"node": reception.node.display_name})
    event.add("location", reception.place)
    event.add("description", _description(reception))
    cancelled = reception.status == Reception.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _description(reception: Reception) -> str:
    deputies = "、".join(f"{duty.deputy.name}" for duty in reception.duties.all()) or _("not yet set")
    lines = [
        _("Mode: %(mode)s") % {"mode": reception.get_mode_display()},
        _("Deputies on duty: %(names)s") % {"names": deputies},
    ]
    if reception.status == Reception.Status.CANCELLED and reception.change_reason:
        lines.append(_("Cancelled: %(reason)s") % {"reason": reception.change_reason})
    elif reception.moved_from:
        lines.append(_("Moved from %(date)s") % {"date": reception.moved_from.isoformat()})
    if reception.notice:
        lines.append(reception.notice)
    return "\n".join(lines)
