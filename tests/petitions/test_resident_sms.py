"""Residents have no account: they get their tracking number, and word of the result, by SMS."""

import pytest
from django.utils import translation

from notifications.models import SmsMessage
from petitions import services
from petitions.models import Petition


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _case(world, category, **extra):
    fields = dict(
        by=world.clerk, node=world.station_a, channel=Petition.Channel.STATION, resident_name="王小明",
        resident_phone="138 1234 8000", category=category, content="路灯坏了",
    )
    fields.update(extra)
    return services.petition_create(**fields)


def test_the_resident_gets_the_tracking_number_once(world, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = _case(world, category)
    sms = SmsMessage.objects.get()
    assert sms.phone == "13812348000"
    assert case.tracking_no in sms.text and "王小明" not in sms.text


def test_landlines_and_deputy_reports_get_no_sms(world, category, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _case(world, category, resident_phone="0755-12345678")
        _case(world, category, by=world.deputy_user, channel=Petition.Channel.DEPUTY, resident_phone="13900001111")
    assert SmsMessage.objects.count() == 0


def test_informing_the_resident_sends_word_of_the_result(world, category, django_capture_on_commit_callbacks):
    case = _case(world, category)
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    services.petition_resolve(petition=case, by=world.clerk, resolution="已修复")
    with django_capture_on_commit_callbacks(execute=True):
        services.petition_inform(petition=case, by=world.clerk, note="电话告知")
    texts = list(SmsMessage.objects.filter(key__contains=":informed:").values_list("text", flat=True))
    assert len(texts) == 1 and case.tracking_no in texts[0] and "result" in texts[0]
