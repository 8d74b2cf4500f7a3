"""The SMS gateway behind a small interface.

A gateway is any class with `send(phone, text) -> None` that raises on failure; settings name it
by dotted path (`LIAISON_SMS_SENDER`). The default only logs, with the phone masked (PIPL).
"""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from liaison.masking import mask_phone
from liaison.privacy import mask_phones_in

log = logging.getLogger(__name__)


class SmsSender(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class LoggingSmsSender:
    """Development and demo: writes the message to the log instead of a gateway."""

    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", mask_phone(phone), mask_phones_in(text))


def sms_sender() -> SmsSender:
    return import_string(settings.LIAISON_SMS_SENDER)()
