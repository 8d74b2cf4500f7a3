"""Assignment, direct resolution, feedback to the resident, rating, review, and the side exits."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.errors import DomainError
from petitions import notify, workflow
from petitions.models import Petition, Review
from petitions.periods import rereply_deadline
from petitions.services.core import check_allowed, record, transition


@transaction.atomic
def petition_assign(*, petition: Petition, deputy, by, expected_version: int | None = None, note: str = "") -> Petition:
    """Give the case to a deputy (包干); reassigning an assigned case is allowed."""
    check_allowed(by, "assign", petition)
    if not deputy.is_active or deputy.district_id != petition.district_id:
        raise ValidationError({"deputy": _("Choose an active deputy of this district.")})
    transition(
        petition,
        action="assign",
        by=by,
        expected_version=expected_version,
        note=note,
        fields={"assigned_deputy": deputy},
        data={"deputy_id": deputy.pk, "deputy": deputy.name},
    )
    transaction.on_commit(lambda: notify.case_assigned(petition), robust=True)
    return petition


@transaction.atomic
def petition_resolve(*, petition: Petition, by, resolution: str, expected_version: int | None = None) -> Petition:
    """The deputy or station solved it directly, without a referral."""
    check_allowed(by, "resolve", petition)
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say how the matter was resolved.")})
    # From REVIEW this answers the review: close it and stop its clock in the same transition, or the
    # next "not satisfied" would open a second review (one open per case) and the sweep would chase it.
    from_review = petition.status == Petition.Status.REVIEW
    transition(
        petition,
        action="resolve",
        by=by,
        expected_version=expected_version,
        note=resolution.strip(),
        fields={"due_on": None, "due_provisional": False, "overdue_since": None},
    )
    if from_review:
        _close_open_review(petition)
    return petition


@transaction.atomic
def petition_inform(*, petition: Petition, by, note: str = "", expected_version: int | None = None) -> Petition:
    """The resident has been told the result (phone call, visit, SMS or the tracking page)."""
    check_allowed(by, "inform", petition)
    transition(petition, action="inform", by=by, expected_version=expected_version, note=note.strip())
    transaction.on_commit(lambda: notify.resident_informed(petition), robust=True)
    return petition


@transaction.atomic
def petition_rate(
    *, petition: Petition, rating: str, comment: str = "", by=None, expected_version: int | None = None, now=None
) -> Petition:
    """The resident's rating, taken by a clerk on the phone (`by`) or given online (`by=None`).

    Not satisfied opens a review (复核): the unit re-replies within LIAISON_REREPLY_PERIOD_MONTHS.
    """
    check_allowed(by, "rate", petition)
    Petition.Rating(rating)  # refuses unknown values
    now = now or timezone.now()
    fields = {"rating": rating, "rating_comment": comment.strip()[:500]}
    actor_label = "" if by else "resident"
    if rating != Petition.Rating.UNSATISFIED:
        transition(
            petition,
            action="rate",
            by=by,
            expected_version=expected_version,
            fields=fields,
            note=comment.strip(),
            data={"rating": rating},
            actor_label=actor_label,
            now=now,
        )
        return petition
    deadline = rereply_deadline(timezone.localdate(now))
    transition(
        petition,
        action="rate",
        by=by,
        to_status=Petition.Status.REVIEW,
        expected_version=expected_version,
        fields={**fields, "due_on": deadline.due_on, "due_provisional": deadline.provisional, "overdue_since": None},
        note=comment.strip(),
        data={"rating": rating, "review_due_on": deadline.due_on.isoformat()},
        actor_label=actor_label,
        now=now,
    )
    Review.objects.create(petition=petition, opened_at=now, reason=comment.strip()[:500], due_on=deadline.due_on)
    transaction.on_commit(lambda: notify.case_review_opened(petition), robust=True)
    return petition


@transaction.atomic
def petition_close(*, petition: Petition, by, note: str = "", expected_version: int | None = None) -> Petition:
    check_allowed(by, "close", petition)
    transition(
        petition,
        action="close",
        by=by,
        expected_version=expected_version,
        note=note.strip(),
        fields={"due_on": None, "due_provisional": False, "overdue_since": None},
    )
    _close_open_review(petition)  # safety net: a closed case never keeps an open review
    return petition


@transaction.atomic
def petition_withdraw(*, petition: Petition, by, reason: str, expected_version: int | None = None) -> Petition:
    check_allowed(by, "withdraw", petition)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the resident withdrew the case.")})
    _close_open_review(petition)
    transition(
        petition,
        action="withdraw",
        by=by,
        expected_version=expected_version,
        note=reason.strip(),
        fields={"due_on": None, "overdue_since": None},
    )
    return petition


@transaction.atomic
def petition_merge(*, petition: Petition, into: Petition, by, expected_version: int | None = None) -> Petition:
    """并案: a duplicate of the same problem follows the case it is merged into."""
    check_allowed(by, "merge", petition)
    # Lock both rows, in pk order (no deadlock), and read the target fresh: it cannot be closed or
    # merged meanwhile, and A→B racing B→A leaves exactly one merge.
    locked = {
        p.pk: p for p in Petition.objects.select_for_update().filter(pk__in=[petition.pk, into.pk]).order_by("pk")
    }
    into = locked[into.pk]
    if into.pk == petition.pk or into.merged_into_id or into.status == Petition.Status.MERGED:
        raise DomainError(_("Merge into a different case that is not itself merged."))
    if into.status not in workflow.OPEN:
        raise DomainError(_("Merge only into a case that is still open."))
    if into.district_id != petition.district_id:
        raise DomainError(_("Only cases of the same district can be merged."))
    _close_open_review(petition)
    transition(
        petition,
        action="merge",
        by=by,
        expected_version=expected_version,
        fields={"merged_into": into, "due_on": None, "overdue_since": None},
        data={"into": into.tracking_no},
    )
    record(
        into,
        by=by,
        action="comment",
        note=_("Case %(no)s was merged into this one.") % {"no": petition.tracking_no},
        data={"merged": petition.tracking_no},
    )
    return petition


@transaction.atomic
def petition_escalate(*, petition: Petition, by, note: str, expected_version: int | None = None) -> Petition:
    """The opinion grows into a formal deputy suggestion (代表建议) to the congress session."""
    check_allowed(by, "escalate", petition)
    _close_open_review(petition)
    transition(
        petition,
        action="escalate",
        by=by,
        expected_version=expected_version,
        note=note.strip(),
        fields={"due_on": None, "overdue_since": None},
    )
    return petition


@transaction.atomic
def petition_comment(*, petition: Petition, by, note: str) -> Petition:
    check_allowed(by, "comment", petition)
    if not note.strip():
        raise ValidationError({"note": _("Write a note.")})
    record(petition, by=by, action="comment", note=note.strip())
    return petition


def _close_open_review(petition: Petition) -> None:
    Review.objects.filter(petition=petition, closed_at__isnull=True).update(closed_at=timezone.now())
