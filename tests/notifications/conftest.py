import pytest
from django.utils import translation

from tests.notifications.senders import RecordingSmsSender


@pytest.fixture
def sms_outbox(settings):
    """The SMS sent during the test, as (phone, text) pairs."""
    settings.LIAISON_SMS_SENDER = "tests.notifications.senders.RecordingSmsSender"
    RecordingSmsSender.sent = []
    yield RecordingSmsSender.sent
    RecordingSmsSender.sent = []


@pytest.fixture
def failing_sms(settings):
    settings.LIAISON_SMS_SENDER = "tests.notifications.senders.FailingSmsSender"


@pytest.fixture
def english(settings):
    """Pages in English, so assertions hold once the lead translates them."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
