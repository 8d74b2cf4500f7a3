import logging

import pytest

from notifications import delivery, services
from notifications.sms import LoggingSmsSender, sms_sender
from tests.notifications.senders import RecordingSmsSender

PHONE = "13812348000"


def test_the_logging_sender_never_logs_the_full_phone(caplog):
    with caplog.at_level(logging.INFO, logger="notifications.sms"):
        LoggingSmsSender().send(PHONE, f"您的意见已受理,查询码 LT01-2026-0001,回电 {PHONE}")

    assert PHONE not in caplog.text
    assert "138****8000" in caplog.text
    assert "LT01-2026-0001" in caplog.text


def test_the_gateway_is_the_class_named_in_settings(settings):
    assert isinstance(sms_sender(), LoggingSmsSender)
    settings.LIAISON_SMS_SENDER = "tests.notifications.senders.RecordingSmsSender"
    assert isinstance(sms_sender(), RecordingSmsSender)


@pytest.mark.django_db
def test_a_failed_send_logs_no_phone(failing_sms, caplog):
    sms = services.sms_send(phone=PHONE, text="t", key="k")
    with caplog.at_level(logging.INFO):
        assert delivery.sms_deliver(sms.pk) is False
    assert "ConnectionError" in caplog.text
    assert PHONE not in caplog.text
    sms.refresh_from_db()
    assert (sms.status, sms.last_error) == ("failed", "ConnectionError")
