"""Personal data shown to roles that do not need it in full."""

import re

_DIGITS = re.compile(r"\d")


def mask_phone(phone: str) -> str:
    """13812348000 → 138****8000; short numbers keep only their last two digits."""
    digits = "".join(_DIGITS.findall(phone or ""))
    if not digits:
        return ""
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 2, 0) + digits[-2:]


def mask_name(name: str) -> str:
    """张三丰 → 张**; used where a resident asked to stay anonymous."""
    return (name[:1] + "*" * (len(name) - 1)) if name else ""
