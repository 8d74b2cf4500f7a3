"""Rate limits of the public forms, counted in the shared cache (Redis in production).

A counter is created with `cache.add` (only if absent, with the window as its timeout) and raised
with `cache.incr`, which is atomic on Redis and on the local-memory cache: two requests at once
never both read "4" and both write "5". Windows are fixed and numbered from the epoch (the window's
number is part of the key), so a new window is a new key: no reliance on the cache's own expiry
clock, which on Redis is the server's and not the application's.
Limits are in settings (LIAISON_PUBLIC_*) so a district can loosen them, e.g. for a station whose
residents all share one network at a reception day.
"""

from __future__ import annotations

import hashlib
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

HOUR = 60 * 60
DAY = 24 * HOUR


def _window_key(key: str, window: int) -> str:
    return f"public-rate:{key}:{int(time.time() // window)}"


def count(key: str, *, window: int) -> int:
    """Count one hit on `key` in the current window; return the window's count so far."""
    key = _window_key(key, window)
    # The key outlives its window a little, so it is never gone before the window ends.
    cache.add(key, 0, window + 60)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr: this hit starts the count again
        return 1 if cache.add(key, 1, window + 60) else cache.incr(key)  # unless another request just did


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit on `key`; True while the count is within `limit` for the current window."""
    return count(key, window=window) <= limit


def reached(key: str, *, limit: int, window: int) -> bool:
    """Whether `key` has reached `limit` in the current window, without counting (for limits that count
    only failures: wrong voting codes, where the right ones from one shared network must all get in)."""
    return (cache.get(_window_key(key, window)) or 0) >= limit


def client_ip(request) -> str:
    return get_client_ip_address(request) or "unknown"


def _digest(value: str) -> str:
    # Phones and tracking numbers are not kept in the cache as they are (PIPL: keep only what is needed).
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def submit_ip_ok(request) -> bool:
    """Every submission POST from an address counts, valid or not (uploads cost work to check)."""
    return hit(f"submit-ip:{client_ip(request)}", limit=settings.LIAISON_PUBLIC_SUBMITS_PER_IP_PER_HOUR, window=HOUR)


def submit_phone_ok(phone: str) -> bool:
    """Cases one phone number may send per day."""
    return hit(f"submit-phone:{_digest(phone)}", limit=settings.LIAISON_PUBLIC_SUBMITS_PER_PHONE_PER_DAY, window=DAY)


def track_ip_ok(request) -> bool:
    """Tracking attempts from one address, right or wrong."""
    return hit(
        f"track-ip:{client_ip(request)}",
        limit=settings.LIAISON_PUBLIC_TRACKS_PER_IP,
        window=settings.LIAISON_PUBLIC_TRACK_WINDOW_MINUTES * 60,
    )


def track_number_ok(tracking_no: str) -> bool:
    """Count one attempt on a tracking number, from anywhere, right or wrong, and say whether it is
    within the hourly and the daily limit. Counted (atomically) before the digits are compared, so
    parallel guesses cannot all pass a check made before the count; counted whether or not the
    number exists, so the limit reveals nothing. A resident needs only a few look-ups a day."""
    key = _digest(tracking_no.upper())
    # Both counters are raised on every attempt (no short-circuit): a blocked hour still uses up the day.
    hourly = hit(f"track-no:{key}", limit=settings.LIAISON_PUBLIC_TRACK_FAILURES_PER_NUMBER, window=HOUR)
    daily = hit(f"track-no-day:{key}", limit=settings.LIAISON_PUBLIC_TRACK_ATTEMPTS_PER_NUMBER_PER_DAY, window=DAY)
    return hourly and daily
