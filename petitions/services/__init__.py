"""Every write to a case. Views, the reception page, the public form, Celery tasks and management
commands all call these; none of them changes a case any other way."""

from petitions.services.attachments import petition_attach
from petitions.services.core import NotAllowed, StaleCase
from petitions.services.intake import petition_create
from petitions.services.lifecycle import (
    petition_assign,
    petition_close,
    petition_comment,
    petition_escalate,
    petition_inform,
    petition_merge,
    petition_rate,
    petition_resolve,
    petition_withdraw,
)
from petitions.services.referrals import petition_refer, petition_reply, referral_acknowledge, referral_extend
from petitions.services.units import unit_create, unit_update

__all__ = [
    "NotAllowed",
    "StaleCase",
    "petition_assign",
    "petition_attach",
    "petition_close",
    "petition_comment",
    "petition_create",
    "petition_escalate",
    "petition_inform",
    "petition_merge",
    "petition_rate",
    "petition_refer",
    "petition_reply",
    "petition_resolve",
    "petition_withdraw",
    "referral_acknowledge",
    "referral_extend",
    "unit_create",
    "unit_update",
]
