"""Residents' phone numbers never reach the logs or error reports (PIPL)."""

import logging
import sys

from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from liaison.privacy import PhoneMaskingFilter, mask_phones_in


def test_phone_numbers_are_masked_but_longer_digit_runs_are_not():
    text = "resident 13812348000 called; case LT01-20261126-00013812348000 and id 440301199001011234"
    assert mask_phones_in(text) == (
        "resident 138****8000 called; case LT01-20261126-00013812348000 and id 440301199001011234"
    )


def test_every_configured_root_handler_masks_phones():
    handlers = [h for h in logging.getLogger().handlers if any(isinstance(f, PhoneMaskingFilter) for f in h.filters)]
    assert handlers, "the console handler must carry the phone-masking filter"
    record = logging.LogRecord("petitions", logging.INFO, __file__, 1, "sms to %s failed", ("13912345678",), None)
    assert handlers[0].filter(record)
    assert record.getMessage() == "sms to 139****5678 failed"


def _report_for(request):
    def view(resident_phone):
        raise ValueError("boom")

    try:
        view(request.POST["resident_phone"])
    except ValueError:
        return ExceptionReporter(request, *sys.exc_info()).get_traceback_text()


def test_error_reports_hide_personal_post_fields_and_variables():
    request = RequestFactory().post("/cases/new/", {"resident_phone": "13812348000", "resident_name": "王小明"})
    report = _report_for(request)
    assert "13812348000" not in report
    assert "王小明" not in report
    assert "********************" in report
