"""Two phones sending the same code at the same moment: exactly one rating is stored (real threads,
real connections; run it on PostgreSQL with DATABASE_URL as well)."""

import threading

import pytest
from django.db import connection

from meetings.models.reports import Rating, RatingCredential
from meetings.services import reports as services
from tests.meetings.reports_helpers import issue, report_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_same_code_twice_at_once_stores_one_rating(world, monkeypatch):
    report = report_for(world)
    code = issue(world, report, 1)[0]
    barrier = threading.Barrier(2)
    seen = threading.local()
    original = services.credential_for

    def checked_then_wait(typed):
        # Both threads have found the code unused before either casts: the race the update must settle.
        credential = original(typed)
        if not getattr(seen, "waited", False):
            seen.waited = True
            barrier.wait(timeout=10)
        return credential

    monkeypatch.setattr(services, "credential_for", checked_then_wait)
    outcomes, errors = [], []

    def cast(level):
        try:
            services.rating_cast(code=code, level=level, comment=level)
            outcomes.append("stored")
        except services.CodeRefused as refused:
            outcomes.append("refused" if not refused.wrong else "wrong")
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(level,)) for level in ("satisfied", "not")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert sorted(outcomes) == ["refused", "stored"]
    assert Rating.objects.filter(report=report).count() == 1
    assert RatingCredential.objects.get(report=report).used
