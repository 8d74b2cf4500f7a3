"""The anonymous rating: one-time codes (digests only), one rating per code, nothing that links a
rating to a code, a time or an order; the rate limit on wrong codes; the results."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from meetings import codes
from meetings.models.reports import Rating, RatingCredential, Report
from meetings.selectors_reports import report_comments, report_result
from meetings.services import reports as services
from notifications.models import Notification
from tests.meetings.reports_helpers import issue, rated, report_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """These tests read the services' messages in English (the source language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def test_codes_are_stored_only_as_digests_and_issuing_opens_the_rating(world):
    report = report_for(world)
    issued = issue(world, report, 5)

    report.refresh_from_db()
    assert report.status == Report.Status.RATING_OPEN and report.opened_at is not None
    assert len(set(issued)) == 5
    assert all(len(c) == codes.LENGTH and set(c) <= set(codes.ALPHABET) for c in issued)
    stored = set(RatingCredential.objects.filter(report=report).values_list("code_digest", flat=True))
    assert stored == {codes.code_digest(c) for c in issued}
    assert not stored & set(issued)
    # More codes may be issued while the rating is open (lost slips, latecomers).
    issue(world, report, 2)
    assert RatingCredential.objects.filter(report=report).count() == 7


def test_the_number_of_codes_is_bounded_and_only_staff_issue_them(world):
    report = report_for(world)
    for count in (0, services.MAX_CODES_PER_ISSUE + 1):
        with pytest.raises(ValidationError):
            services.report_codes_issue(by=world.street_staff, report=report, count=count)
    for user in (world.clerk, world.deputy_user, world.other_clerk):
        with pytest.raises(services.NotAllowed):
            services.report_codes_issue(by=user, report=report, count=1)


def test_a_code_rates_once_and_the_rating_carries_nothing_but_level_and_comment(world):
    report = report_for(world)
    code = issue(world, report, 1)[0]

    # Typed by hand: lower case, with the dash and spaces from the slip.
    services.rating_cast(code=f" {codes.display(code).lower()} ", level="mostly", comment=" 希望多来社区 ")

    rating = Rating.objects.get()
    assert (rating.report_id, rating.level, rating.comment) == (report.pk, "mostly", "希望多来社区")
    assert RatingCredential.objects.get().used
    # No time, no code, no person: the rating's only columns.
    assert {f.name for f in Rating._meta.get_fields()} == {"id", "report", "level", "comment"}
    assert rating.pk.version == 4  # a random key, not a sequence

    with translation.override("en"), pytest.raises(services.CodeRefused, match="already been used") as refused:
        services.rating_cast(code=code, level="not")
    assert not refused.value.wrong
    assert Rating.objects.count() == 1


def test_unknown_codes_and_closed_ratings_are_refused(world):
    report = report_for(world)
    first, second = issue(world, report, 2)
    with translation.override("en"):
        for typed in ("", "ABC", "ZZZZ-ZZZZ", "0000-0000"):
            with pytest.raises(services.CodeRefused, match="not valid") as refused:
                services.rating_cast(code=typed, level="satisfied")
            assert refused.value.wrong
        with pytest.raises(ValidationError):
            services.rating_cast(code=first, level="excellent")
        with pytest.raises(ValidationError):
            services.rating_cast(code=first, level="satisfied", comment="长" * 501)

        services.rating_cast(code=first, level="satisfied")
        services.report_close(by=world.street_staff, report=report)
        with pytest.raises(services.CodeRefused, match="closed"):
            services.rating_cast(code=second, level="satisfied")
    assert Rating.objects.count() == 1
    assert not RatingCredential.objects.get(code_digest=codes.code_digest(second)).used


def test_closing_counts_and_tells_the_deputy(world, django_capture_on_commit_callbacks):
    report = report_for(world)
    with django_capture_on_commit_callbacks(execute=True):
        rated(world, report, ["satisfied", "satisfied", "mostly", "not", "satisfied"], unused=3,
              comments=["讲得实在", "", "停车难的问题还没解决", "", "B好"])

    assert report.status == Report.Status.RATING_CLOSED and report.closed_by == world.street_staff
    assert report.meeting.status == "held"
    result = report_result(report)
    assert [(row["level"], row["count"], row["percent"]) for row in result["levels"]] == [
        ("satisfied", 3, 60.0), ("mostly", 1, 20.0), ("not", 1, 20.0)]
    assert (result["total"], result["codes_issued"], result["satisfaction_rate"], result["turnout"]) == (
        5, 8, 80.0, 62.5)
    # Comments in text order, never in the order they came in.
    assert report_comments(report) == sorted(["讲得实在", "停车难的问题还没解决", "B好"])
    assert Notification.objects.filter(user=world.deputy_user, kind="report_results").count() == 1

    with pytest.raises(Exception, match="open"):
        services.report_close(by=world.street_staff, report=report)
    with pytest.raises(services.NotAllowed):
        services.report_close(by=world.deputy_user, report=report)


def test_no_ratings_means_no_rates(world):
    report = report_for(world)
    issue(world, report, 4)
    services.report_close(by=world.street_staff, report=report)
    result = report_result(report)
    assert (result["total"], result["satisfaction_rate"], result["turnout"]) == (0, None, 0.0)


def test_only_closed_results_are_published(world):
    report = report_for(world)
    with pytest.raises(Exception, match="closed"):
        services.report_publish(by=world.street_staff, report=report, public=True)
    rated(world, report, ["satisfied"], publish=True)
    assert report.is_public
    services.report_publish(by=world.street_staff, report=report, public=False)
    report.refresh_from_db()
    assert not report.is_public
