"""The two periods of the case lifecycle, from settings (the period, the roll-over rule)."""

from datetime import date

from django.conf import settings

from liaison.deadlines import Deadline, period_end


def reply_deadline(received_on: date) -> Deadline:
    """The written reply: LIAISON_REPLY_PERIOD_MONTHS (3) after the unit received the letter."""
    return period_end(
        received_on,
        months=settings.LIAISON_REPLY_PERIOD_MONTHS,
        roll_to_working_day=settings.LIAISON_REPLY_ROLL_TO_WORKING_DAY,
    )


def rereply_deadline(opened_on: date) -> Deadline:
    """The re-reply after a "not satisfied" rating: LIAISON_REREPLY_PERIOD_MONTHS (1)."""
    return period_end(
        opened_on,
        months=settings.LIAISON_REREPLY_PERIOD_MONTHS,
        roll_to_working_day=settings.LIAISON_REPLY_ROLL_TO_WORKING_DAY,
    )
