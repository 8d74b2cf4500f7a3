"""One-time voting codes (for project votes and reports to voters).

A code is handed to one voter (printed slip, SMS or QR). Only its keyed digest is stored, so a database
dump does not reveal usable codes. Codes use an alphabet without look-alike characters (no 0/O, 1/I/L)
because voters type them on a phone.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def new_code() -> str:
    """A fresh random code, e.g. "K7M2-QX9P" without the dash (LENGTH characters, ~39 bits)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """What the voter typed, as stored: upper case, without spaces or dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def code_digest(code: str) -> str:
    """The keyed digest stored instead of the code (HMAC-SHA256 with SECRET_KEY, hex)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"voting-code:" + normalise(code).encode(), hashlib.sha256).hexdigest()


def display(code: str) -> str:
    """Grouped for printing: "K7M2-QX9P"."""
    return f"{code[:4]}-{code[4:]}"
