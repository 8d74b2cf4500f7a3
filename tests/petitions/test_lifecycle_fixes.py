"""Lifecycle bugs found in review: a second review after a direct resolution, overdue only while a
reply is owed, an extension kept across the unit's receipt, merges into closed or merged cases."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from liaison.errors import DomainError
from petitions import services
from petitions.models import Petition, Review
from tests.petitions.case_helpers import new_case

CN = ZoneInfo("Asia/Shanghai")
S = Petition.Status


def _open_reviews(case):
    return Review.objects.filter(petition=case, closed_at__isnull=True).count()


def _resolve_and_rate(world, case, rating):
    services.petition_resolve(petition=case, by=world.clerk, resolution="站里协调物业修好了。")
    services.petition_inform(petition=case, by=world.clerk, note="电话告知")
    services.petition_rate(petition=case, by=world.clerk, rating=rating, comment="还是不亮")


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False)
def test_resolving_a_review_directly_closes_it_so_a_second_review_can_open(world):
    case = new_case(world)
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    _resolve_and_rate(world, case, "unsatisfied")
    assert (case.status, case.due_on, _open_reviews(case)) == (S.REVIEW, dt.date(2026, 4, 10), 1)

    services.petition_resolve(petition=case, by=world.clerk, resolution="重新维修。")
    assert (case.status, case.due_on, case.due_provisional, case.overdue_since) == (S.RESOLVED, None, False, None)
    assert _open_reviews(case) == 0

    services.petition_inform(petition=case, by=world.clerk)
    services.petition_rate(petition=case, by=world.clerk, rating="unsatisfied", comment="又坏了")
    assert (case.status, case.due_on) == (S.REVIEW, dt.date(2026, 4, 10))
    assert Review.objects.filter(petition=case).count() == 2 and _open_reviews(case) == 1

    _resolve_and_rate(world, case, "satisfied")
    services.petition_close(petition=case, by=world.clerk)
    assert case.status == S.CLOSED and _open_reviews(case) == 0


@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False)
def test_closing_closes_a_review_left_open(world):
    case = new_case(world)
    services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    _resolve_and_rate(world, case, "satisfied")
    # A review left open by older data: closing the case must not leave it behind.
    Review.objects.create(petition=case, opened_at=dt.datetime(2026, 3, 1, tzinfo=CN), due_on=dt.date(2026, 4, 1))
    services.petition_close(petition=case, by=world.clerk)
    assert case.status == S.CLOSED and _open_reviews(case) == 0


def _listed(client, query):
    with time_machine.travel(dt.datetime(2026, 5, 20, 10, 0, tzinfo=CN), tick=False):
        response = client.get(f"/cases/{query}")
    assert response.status_code == 200
    return {p.tracking_no: p.overdue for p in response.context["page_obj"]}


def test_only_a_case_awaiting_a_reply_is_overdue(world, client_for):
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False):
        resolved, review = new_case(world), new_case(world)
    for case in (resolved, review):
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
    services.petition_resolve(petition=resolved, by=world.clerk, resolution="已修好。")
    # A stale due date on the resolved case (older data); the review's re-reply is two days late.
    Petition.objects.filter(pk=resolved.pk).update(due_on=dt.date(2026, 5, 1))
    Petition.objects.filter(pk=review.pk).update(status=S.REVIEW, due_on=dt.date(2026, 5, 18))

    clerk = client_for("clerk")
    assert _listed(clerk, "?overdue=on") == {review.tracking_no: True}
    everything = _listed(clerk, "")
    assert everything == {review.tracking_no: True, resolved.tracking_no: False}
    assert list(everything) == [review.tracking_no, resolved.tracking_no]  # overdue first

    with time_machine.travel(dt.datetime(2026, 5, 20, 10, 0, tzinfo=CN), tick=False):
        response = client_for("deputy_user").get("/cases/mine/")
    assert response.status_code == 200 and response.context["overdue_total"] == 1


def _referred(world, street_office):
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False):
        case = new_case(world)
        services.petition_assign(petition=case, deputy=world.deputy, by=world.clerk)
        services.petition_refer(
            petition=case, by=world.street_staff, unit=street_office, route="street", street_opinion="同意转办"
        )
    assert case.due_on == dt.date(2026, 6, 10)
    return case


@pytest.mark.parametrize(
    "extended_to,received_on,reply_due_on,due_on",
    [
        # The extension is later than three months from receipt (2026-06-12, a Friday): it stays.
        (dt.date(2026, 7, 20), dt.date(2026, 3, 12), dt.date(2026, 6, 12), dt.date(2026, 7, 20)),
        # Three months from a late receipt (2026-06-24, a Wednesday) is later than the extension.
        (dt.date(2026, 6, 15), dt.date(2026, 3, 24), dt.date(2026, 6, 24), dt.date(2026, 6, 24)),
    ],
)
@time_machine.travel(dt.datetime(2026, 3, 25, 10, 0, tzinfo=CN), tick=False)
def test_receipt_after_an_extension_keeps_the_later_due_date(
    world, street_office, extended_to, received_on, reply_due_on, due_on
):
    case = _referred(world, street_office)
    Petition.objects.filter(pk=case.pk).update(due_provisional=True)
    services.referral_extend(petition=case, by=world.district_staff, new_due_on=extended_to, reason="需协调")
    assert (case.due_on, case.due_provisional) == (extended_to, False)

    referral = services.referral_acknowledge(
        petition=case, by=world.clerk, received_on=received_on, received_by_name="李收文"
    )
    case.refresh_from_db()
    assert (case.status, case.due_on, case.due_provisional) == (S.ACKNOWLEDGED, due_on, False)
    # The referral keeps the statutory date and the extension apart (the unit's compliance uses both).
    assert (referral.reply_due_on, referral.extended_to) == (reply_due_on, extended_to)


@translation.override("en")
@time_machine.travel(dt.datetime(2026, 3, 10, 10, 0, tzinfo=CN), tick=False)
def test_merge_refuses_a_target_that_is_closed_or_merged(world):
    a, b, withdrawn = new_case(world), new_case(world), new_case(world)
    services.petition_withdraw(petition=withdrawn, by=world.clerk, reason="居民撤回")
    with pytest.raises(DomainError, match="still open"):
        services.petition_merge(petition=a, into=withdrawn, by=world.clerk)
    a.refresh_from_db()
    assert (a.status, a.merged_into) == (S.RECEIVED, None)

    stale_a = Petition.objects.get(pk=a.pk)  # read before the first merge, as a form would have it
    services.petition_merge(petition=a, into=b, by=world.clerk)
    assert (a.status, a.merged_into) == (S.MERGED, b)
    with pytest.raises(DomainError, match="not itself merged"):
        services.petition_merge(petition=b, into=stale_a, by=world.clerk)
    b.refresh_from_db()
    assert (b.status, b.merged_into) == (S.RECEIVED, None)
