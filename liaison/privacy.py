"""Keep residents' personal data (PIPL) out of logs and error reports.

Phone numbers are masked in every log record, and error reports never show POST values or
variables whose names say they carry personal data.
"""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

from liaison.masking import mask_phone

# Mainland mobiles (1 + 10 digits), not inside longer digit runs (ids, tracking numbers).
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_PERSONAL = re.compile(r"phone|mobile|tel|name|id_?card|address|password|secret|token", re.IGNORECASE)


def mask_phones_in(text: str) -> str:
    return _MOBILE.sub(lambda m: mask_phone(m.group(0)), text)


class PhoneMaskingFilter(logging.Filter):
    """Rewrites a record's message with phone numbers masked (138****8000)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_phones_in(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports (emails to ADMINS, the debug page) hide personal fields and phone numbers."""

    cleansed_substitute = "********************"

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if request is None:
            return params
        cleansed = params.copy()
        for key in cleansed:
            if _PERSONAL.search(key):
                cleansed[key] = self.cleansed_substitute
        return cleansed

    def cleanse_special_types(self, request, value):
        value = super().cleanse_special_types(request, value)
        return mask_phones_in(value) if isinstance(value, str) else value

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, self.cleansed_substitute if _PERSONAL.search(name) else value)
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]
