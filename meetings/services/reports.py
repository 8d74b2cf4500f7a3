"""Writes of deputies' reports to voters (述职评议): plan, schedule, report text, one-time codes, the
anonymous rating, closing and publishing.

Every staff write checks who may act (NotAllowed → 403), changes rows in one transaction and records
who/when/what (liaison.audit). Casting a rating records nothing but the rating itself: no time, no
code, no address, so the rating cannot be traced back to the slip or to the order of voting.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from deputies.models import Deputy
from liaison.audit import ADDED, CHANGED, DELETED, record_change
from liaison.errors import DomainError
from meetings import codes
from meetings.models import Attendee, Meeting
from meetings.models.reports import COMMENT_MAX, Rating, RatingCredential, Report, ReportPlan
from meetings.selectors_reports import (
    can_edit_text,
    can_manage_plan,
    can_manage_report,
    deputies_in_plan_scope,
    meeting_nodes_for,
    plan_nodes_for,
    plan_suggestion,
)
from notifications.services import notify
from stations.models import Node

KIND_PLANNED = "report_planned"
KIND_RESULTS = "report_results"
MAX_CODES_PER_ISSUE = 500
S = Report.Status


class NotAllowed(DomainError):
    """The user's role does not allow this (views answer 403)."""


class CodeRefused(DomainError):
    """A rating code that cannot be used; `wrong` is True when no such code exists (counts for the rate limit)."""

    def __init__(self, message: str, *, wrong: bool = False):
        super().__init__(message)
        self.wrong = wrong


def _check_plan(by, plan: ReportPlan) -> None:
    if not can_manage_plan(by, plan):
        raise NotAllowed(_("Your role does not allow changing this reporting plan."))


def _check_report(by, report: Report) -> None:
    if not can_manage_report(by, report):
        raise NotAllowed(_("Your role does not allow changing this report."))


def _tell_deputies(reports: Iterable[Report]) -> None:
    """Ask each planned deputy (who has a login) to write their report. Idempotent per report."""
    for report in reports:
        user = report.deputy.user
        if user is None:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            title = _("You report to voters in %(year)s") % {"year": report.year}
            body = _("Please write your report to voters (述职报告) for %(year)s in the portal.") % {
                "year": report.year
            }
        notify(
            users=[user],
            kind=KIND_PLANNED,
            title=title,
            body=body,
            url=reverse("meetings:report_detail", args=[report.pk]),
            key=f"report-planned:{report.pk}",
        )


# Plans


@transaction.atomic
def plan_create(*, by, node: Node, year: int) -> ReportPlan:
    """A draft plan for a street or the district, filled with the suggested third of its deputies."""
    if not plan_nodes_for(by).filter(pk=node.pk).exists():
        raise NotAllowed(_("Your role does not allow planning reports for %(node)s.") % {"node": node})
    if ReportPlan.objects.filter(node=node, year=year).exists():
        raise ValidationError({"year": _("%(node)s already has a plan for %(year)s.") % {"node": node, "year": year}})
    plan = ReportPlan(
        node=node,
        district_id=node.district_id,
        street_id=node.street_id if node.kind == Node.Kind.STREET else None,
        year=year,
        created_by=by,
    )
    plan.full_clean(exclude=["created_by", "district", "street"], validate_unique=False)
    plan.save()
    _add_reports(plan, plan_suggestion(plan))
    record_change(by=by, obj=plan, action=ADDED, message=_("Reporting plan created."))
    return plan


def _add_reports(plan: ReportPlan, deputies: Iterable[Deputy]) -> list[Report]:
    added = []
    for deputy in deputies:
        report = Report(
            plan=plan,
            deputy=deputy,
            year=plan.year,
            district_id=plan.district_id,
            street_id=plan.street_id or deputy.street_id,
        )
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:
            raise ValidationError(
                _("%(name)s already reports in %(year)s under another plan.") % {"name": deputy, "year": plan.year}
            ) from exc
        added.append(report)
    return added


@transaction.atomic
def plan_set_deputies(*, by, plan: ReportPlan, deputies: Iterable[Deputy]) -> tuple[list[Report], list[Report]]:
    """Make the plan's list exactly `deputies`. A report already rated (codes issued) is never removed.
    Once the plan is confirmed, added deputies are told at once. Returns (added, removed)."""
    _check_plan(by, plan)
    plan = ReportPlan.objects.select_for_update().get(pk=plan.pk)
    wanted = {d.pk: d for d in deputies}
    allowed = set(deputies_in_plan_scope(plan.node).filter(pk__in=list(wanted)).values_list("pk", flat=True))
    outside = [d.name for pk, d in wanted.items() if pk not in allowed]
    if outside:
        raise ValidationError(_("Not a deputy of this plan's area: %(names)s.") % {"names": "、".join(outside)})
    current = {r.deputy_id: r for r in plan.reports.select_related("deputy")}
    removed = [r for pk, r in current.items() if pk not in wanted]
    locked = [r.deputy.name for r in removed if r.status in (S.RATING_OPEN, S.RATING_CLOSED) or r.credentials.exists()]
    if locked:
        raise ValidationError(
            _("Rating has started for %(names)s: they stay in the plan.") % {"names": "、".join(locked)}
        )
    Report.objects.filter(pk__in=[r.pk for r in removed]).delete()
    added = _add_reports(plan, [d for pk, d in wanted.items() if pk not in current])
    if added or removed:
        message = _("Deputies added: %(added)s. Removed: %(removed)s.") % {
            "added": "、".join(r.deputy.name for r in added) or "—",
            "removed": "、".join(r.deputy.name for r in removed) or "—",
        }
        record_change(by=by, obj=plan, action=CHANGED, message=message)
    if plan.status == ReportPlan.Status.CONFIRMED and added:
        transaction.on_commit(lambda: _tell_deputies(added), robust=True)
    return added, removed


@transaction.atomic
def plan_confirm(*, by, plan: ReportPlan) -> ReportPlan:
    """Confirm the plan: each planned deputy is told to write their report."""
    _check_plan(by, plan)
    changed = ReportPlan.objects.filter(pk=plan.pk, status=ReportPlan.Status.DRAFT).update(
        status=ReportPlan.Status.CONFIRMED, confirmed_by=by, confirmed_at=timezone.now()
    )
    if not changed:
        raise DomainError(_("This plan is already confirmed."))
    plan.refresh_from_db()
    if not plan.reports.exists():
        raise ValidationError(_("Add at least one deputy before confirming the plan."))
    record_change(by=by, obj=plan, action=CHANGED, message=_("Reporting plan confirmed."))
    reports = list(plan.reports.select_related("deputy__user"))
    transaction.on_commit(lambda: _tell_deputies(reports), robust=True)
    return plan


# Reports


@transaction.atomic
def report_schedule(
    *,
    by,
    report: Report,
    node: Node | None = None,
    starts_at: datetime | None = None,
    place: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    """Hold the report at a meeting: an existing report meeting of the plan's area (several deputies
    report at one 述职评议会), or the report's own meeting, created or moved to `node`, `starts_at`, `place`."""
    _check_report(by, report)
    report = Report.objects.select_for_update().select_related("plan__node", "deputy").get(pk=report.pk)
    if report.is_closed:
        raise DomainError(_("The rating of this report is closed: its meeting can no longer change."))
    if meeting is None:
        if node is None or starts_at is None:
            raise ValidationError(_("Choose an existing meeting, or give a place and a start time."))
        if not meeting_nodes_for(report.plan).filter(pk=node.pk).exists():
            raise ValidationError({"node": _("Choose a place in this plan's area.")})
        meeting = report.meeting
        created = meeting is None
        if created:
            with translation.override(settings.LANGUAGE_CODE):
                title = _("Report to voters: %(name)s (%(year)s)") % {"name": report.deputy.name, "year": report.year}
            meeting = Meeting(kind=Meeting.Kind.REPORT, title=title[:200], created_by=by)
        meeting.place_at(node)
        meeting.starts_at = starts_at
        meeting.place = place
        meeting.full_clean(exclude=["district", "street", "station", "created_by"], validate_unique=False)
        if created:
            meeting.save()
        else:
            meeting.version += 1
            meeting.save(
                update_fields=["node", "district", "street", "station", "starts_at", "place", "version", "updated_at"]
            )
    elif meeting.kind != Meeting.Kind.REPORT or not meeting_nodes_for(report.plan).filter(pk=meeting.node_id).exists():
        raise ValidationError({"meeting": _("Choose a report meeting in this plan's area.")})
    report.meeting = meeting
    report.save(update_fields=["meeting"])
    Attendee.objects.get_or_create(meeting=meeting, deputy=report.deputy, defaults={"kind": Attendee.Kind.DEPUTY})
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    record_change(
        by=by,
        obj=report,
        action=CHANGED,
        message=_("Scheduled: %(when)s, %(place)s.")
        % {"when": when, "place": meeting.place or meeting.node.display_name},
    )
    return meeting


@transaction.atomic
def report_text_submit(*, by, report: Report, text: str) -> Report:
    """The deputy writes their report (staff may paste it) while the rating is not closed."""
    if not can_edit_text(by, report):
        raise NotAllowed(_("Your role does not allow editing this report's text."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the report before saving.")})
    if len(text) > Report._meta.get_field("text").max_length:
        raise ValidationError({"text": _("The report is too long.")})
    new_status = {S.PLANNED: S.TEXT_SUBMITTED}
    now = timezone.now()
    updated = (
        Report.objects.filter(pk=report.pk).exclude(status=S.RATING_CLOSED).update(text=text, text_by=by, text_at=now)
    )
    if not updated:
        raise DomainError(_("The rating of this report is closed: its text can no longer change."))
    Report.objects.filter(pk=report.pk, status=S.PLANNED).update(status=new_status[S.PLANNED])
    report.refresh_from_db()
    record_change(by=by, obj=report, action=CHANGED, message=_("Report text saved."))
    return report


@transaction.atomic
def report_codes_issue(*, by, report: Report, count: int) -> list[str]:
    """Issue `count` one-time codes and open the rating. The codes are returned once, to print; only
    their digests are kept."""
    _check_report(by, report)
    if not 1 <= count <= MAX_CODES_PER_ISSUE:
        raise ValidationError(
            {"count": _("Issue between 1 and %(max)s codes at a time.") % {"max": MAX_CODES_PER_ISSUE}}
        )
    opened = Report.objects.filter(pk=report.pk, status__in=[S.PLANNED, S.TEXT_SUBMITTED]).update(
        status=S.RATING_OPEN, opened_at=timezone.now()
    )
    if not opened and not Report.objects.filter(pk=report.pk, status=S.RATING_OPEN).exists():
        raise DomainError(_("The rating of this report is closed: no more codes can be issued."))
    issued: list[str] = []
    while len(issued) < count:
        batch = [codes.new_code() for _i in range(count - len(issued))]
        digests = {codes.code_digest(c): c for c in batch}
        # A clash with an existing code (about one in 10^11 per code) is simply drawn again.
        taken = set(
            RatingCredential.objects.filter(code_digest__in=list(digests)).values_list("code_digest", flat=True)
        )
        fresh = {d: c for d, c in digests.items() if d not in taken}
        RatingCredential.objects.bulk_create([RatingCredential(report=report, code_digest=d) for d in fresh])
        issued.extend(fresh.values())
    report.refresh_from_db()
    record_change(by=by, obj=report, action=CHANGED, message=_("%(count)s rating codes issued.") % {"count": count})
    return issued


@transaction.atomic
def report_close(*, by, report: Report) -> Report:
    """Close the rating; the deputy is told the results are ready. Unused codes stop working."""
    _check_report(by, report)
    closed = Report.objects.filter(pk=report.pk, status=S.RATING_OPEN).update(
        status=S.RATING_CLOSED, closed_at=timezone.now(), closed_by=by
    )
    if not closed:
        raise DomainError(_("Only an open rating can be closed."))
    report.refresh_from_db()
    if report.meeting_id:
        Meeting.objects.filter(pk=report.meeting_id, status=Meeting.Status.PLANNED).update(status=Meeting.Status.HELD)
    record_change(by=by, obj=report, action=CHANGED, message=_("Rating closed."))
    user = report.deputy.user
    if user is not None:
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Voters' rating of your %(year)s report") % {"year": report.year}
            body = _("The rating is closed. See the results and the voters' comments.")
        url = reverse("meetings:report_detail", args=[report.pk])
        key = f"report-results:{report.pk}"
        transaction.on_commit(
            lambda: notify(users=[user], kind=KIND_RESULTS, title=title, body=body, url=url, key=key), robust=True
        )
    return report


@transaction.atomic
def report_publish(*, by, report: Report, public: bool) -> Report:
    """Publish (or withdraw) a closed report's counts on the public side. Comments are never published."""
    _check_report(by, report)
    if not Report.objects.filter(pk=report.pk, status=S.RATING_CLOSED).update(is_public=public):
        raise DomainError(_("Only the results of a closed rating can be published."))
    report.refresh_from_db()
    message = _("Results published.") if public else _("Results withdrawn from the public side.")
    record_change(by=by, obj=report, action=CHANGED, message=message)
    return report


@transaction.atomic
def plan_delete(*, by, plan: ReportPlan) -> None:
    """Delete a draft plan whose reports have no codes yet."""
    _check_plan(by, plan)
    if plan.status != ReportPlan.Status.DRAFT or RatingCredential.objects.filter(report__plan=plan).exists():
        raise DomainError(_("Only a draft plan can be deleted."))
    record_change(by=by, obj=plan, action=DELETED, message=_("Reporting plan deleted."))
    plan.delete()


# The anonymous rating


def credential_for(code: str) -> RatingCredential:
    """The code's credential, if it can still rate; CodeRefused otherwise."""
    normalised = codes.normalise(code)
    if len(normalised) != codes.LENGTH:
        raise CodeRefused(_("This code is not valid. Check it and try again."), wrong=True)
    credential = (
        RatingCredential.objects.filter(code_digest=codes.code_digest(normalised))
        .select_related("report__deputy")
        .first()
    )
    if credential is None:
        raise CodeRefused(_("This code is not valid. Check it and try again."), wrong=True)
    if credential.used:
        raise CodeRefused(_("This code has already been used. Each code rates once."))
    if credential.report.status != S.RATING_OPEN:
        raise CodeRefused(_("The rating of this report is closed."))
    return credential


def rating_cast(*, code: str, level: str, comment: str = "") -> Report:
    """Rate once with a one-time code.

    1. Find the credential by the code's digest (refused: unknown, used, or rating not open).
    2. In one transaction, flip it used=False → True with a conditional update: of two tries at once
       exactly one changes a row; the other is told the code was used.
    3. Insert the rating: a random key, the level and the comment, with no link to the credential.
    """
    if level not in Report.Level.values:
        raise ValidationError({"level": _("Choose satisfied, mostly satisfied or not satisfied.")})
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": _("At most %(max)s characters.") % {"max": COMMENT_MAX}})
    credential = credential_for(code)
    with transaction.atomic():
        # A condition on the row's own column only: PostgreSQL re-checks it against the row a concurrent
        # cast just changed. (A condition through the report would become a subquery on the old
        # snapshot, and both casts would win: tests/meetings/test_reports_concurrency.py.)
        won = RatingCredential.objects.filter(pk=credential.pk, used=False).update(used=True)
        if not won:
            credential_for(code)  # says why: used meanwhile, or the rating closed meanwhile
            raise CodeRefused(_("This code has already been used. Each code rates once."))
        # Lock the report row (as a ballot locks its round): a close running at this moment waits for
        # this rating, or, if it committed first, PostgreSQL re-checks the status and finds it closed, so
        # no rating lands after the counts are final.
        if not Report.objects.select_for_update().filter(pk=credential.report_id, status=S.RATING_OPEN).exists():
            raise CodeRefused(_("The rating of this report is closed."))  # closed meanwhile: the code stays unused
        Rating.objects.create(report_id=credential.report_id, level=level, comment=comment)
    return credential.report
