"""Station assessments: the writes (checklist upkeep, scoring, reopening, publishing), each audited."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.audit import ADDED, CHANGED, DELETED, record_change
from performance.assessment.rules import DEFAULT_CHECKLIST, ZERO, ChecklistFrozen, can_assess, can_keep_checklist
from performance.assessment.selectors import checklist_for
from performance.models.assessment import Assessment, Category, Checklist, Item, ItemScore
from stations.models import Node

# --- the checklist -------------------------------------------------------------------------------


def _check_keeper(by, checklist_or_district_id) -> None:
    district_id = getattr(checklist_or_district_id, "district_id", checklist_or_district_id)
    if not can_keep_checklist(by, district_id):
        raise PermissionDenied


def _check_not_frozen(checklist: Checklist) -> None:
    if checklist.assessments.exists():
        raise ChecklistFrozen(
            _("Stations have been assessed against this checklist, so it can no longer change. "
              "Copy it for a new year instead.")
        )


@transaction.atomic
def checklist_create(*, by, district: Node, year: int, name: str, sample: bool = False) -> Checklist:
    """A new, empty checklist for a district's year; with sample=True, filled with DEFAULT_CHECKLIST."""
    _check_keeper(by, district.pk)
    if district.kind != Node.Kind.DISTRICT:
        raise ValidationError({"district": _("A checklist belongs to a district.")})
    if Checklist.objects.filter(district=district, year=year).exists():
        raise ValidationError({"year": _("%(year)d already has a checklist.") % {"year": year}})
    checklist = Checklist(district=district, year=year, name=name.strip())
    checklist.full_clean()
    checklist.save()
    if sample:
        for c_order, (category_name, items) in enumerate(DEFAULT_CHECKLIST, start=1):
            category = Category.objects.create(checklist=checklist, name=category_name, order=c_order)
            Item.objects.bulk_create(
                Item(category=category, text=text, max_score=Decimal(top), evidence_hint=hint, order=i_order)
                for i_order, (text, top, hint) in enumerate(items, start=1)
            )
    record_change(by=by, obj=checklist, action=ADDED, message=_("Checklist created"))
    return checklist


@transaction.atomic
def checklist_copy(*, by, source: Checklist, year: int) -> Checklist:
    """Next year's checklist as a copy of `source` (categories and items); the source stays as scored."""
    _check_keeper(by, source)
    if Checklist.objects.filter(district_id=source.district_id, year=year).exists():
        raise ValidationError({"year": _("%(year)d already has a checklist.") % {"year": year}})
    name = source.name.replace(str(source.year), str(year)) if str(source.year) in source.name else source.name
    copy = Checklist(district_id=source.district_id, year=year, name=name)
    copy.full_clean()
    copy.save()
    for category in source.categories.prefetch_related("items"):
        items = list(category.items.all())
        category.pk = None
        category.checklist = copy
        category.save()
        Item.objects.bulk_create(
            Item(category=category, text=i.text, max_score=i.max_score, evidence_hint=i.evidence_hint, order=i.order)
            for i in items
        )
    record_change(by=by, obj=copy, action=ADDED, message=_("Copied from %(source)s") % {"source": source})
    return copy


@transaction.atomic
def category_add(*, by, checklist: Checklist, name: str) -> Category:
    _check_keeper(by, checklist)
    _check_not_frozen(checklist)
    name = name.strip()
    if checklist.categories.filter(name=name).exists():
        raise ValidationError({"name": _("The checklist already has this category.")})
    last = checklist.categories.order_by("-order").values_list("order", flat=True).first() or 0
    category = Category(checklist=checklist, name=name, order=last + 1)
    category.full_clean()
    category.save()
    record_change(by=by, obj=checklist, action=CHANGED, message=_("Category added: %(name)s") % {"name": name})
    return category


@transaction.atomic
def item_add(*, by, category: Category, text: str, max_score: Decimal, evidence_hint: str = "") -> Item:
    checklist = category.checklist
    _check_keeper(by, checklist)
    _check_not_frozen(checklist)
    last = category.items.order_by("-order").values_list("order", flat=True).first() or 0
    item = Item(category=category, text=text.strip(), max_score=max_score, evidence_hint=evidence_hint.strip(),
                order=last + 1)
    item.full_clean()
    item.save()
    record_change(by=by, obj=checklist, action=CHANGED, message=_("Item added: %(text)s") % {"text": item.text})
    return item


@transaction.atomic
def item_delete(*, by, item: Item) -> None:
    checklist = item.category.checklist
    _check_keeper(by, checklist)
    _check_not_frozen(checklist)
    text = item.text
    item.delete()
    record_change(by=by, obj=checklist, action=DELETED, message=_("Item removed: %(text)s") % {"text": text})


# --- scoring ------------------------------------------------------------------------------------


@transaction.atomic
def assessment_save(
    *, by, station: Node, year: int, quarter: int, scores: dict[int, tuple[Decimal | None, str]], submit: bool
) -> Assessment:
    """Save a station's scores for a quarter as a draft, or submit them.

    1. Only an assessor of the station (street staff of its street, district staff) may; 403 otherwise.
    2. The district's checklist of that year must exist; a submitted or published assessment no
       longer changes here (district staff send it back to draft first).
    3. Every score lies within 0..the item's maximum (errors keyed "score_<item id>"); submitting
       needs every item scored.
    4. The scores are replaced in one transaction, and one audit row written.
    """
    if not can_assess(by, station):
        raise PermissionDenied
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("A quarter is 1 to 4."))
    checklist = checklist_for(district_id=station.district_id, year=year)
    if checklist is None:
        raise ValidationError(_("There is no assessment checklist for %(year)d yet.") % {"year": year})
    assessment, _created = Assessment.objects.select_for_update().get_or_create(
        station=station, checklist=checklist, year=year, quarter=quarter,
        defaults={"district_id": station.district_id, "street_id": station.street_id, "assessed_by": by},
    )
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(_("This assessment was already submitted; it can no longer be changed here."))

    items = {i.pk: i for i in Item.objects.filter(category__checklist=checklist)}
    errors: dict[str, list[str]] = {}
    for item_id, item in items.items():
        score, _note = scores.get(item_id, (None, ""))
        if score is None:
            if submit:
                errors[f"score_{item_id}"] = [_("Score every item before submitting.")]
        elif not ZERO <= score <= item.max_score:
            errors[f"score_{item_id}"] = [
                _("The score must be between 0 and %(max)s.") % {"max": _plain(item.max_score)}
            ]
    if errors:
        raise ValidationError(errors)

    ItemScore.objects.filter(assessment=assessment).delete()
    ItemScore.objects.bulk_create(
        ItemScore(assessment=assessment, item_id=item_id, score=scores[item_id][0], note=scores[item_id][1][:500])
        for item_id in items
        if item_id in scores and scores[item_id][0] is not None
    )
    assessment.assessed_by = by
    fields = ["assessed_by", "updated_at"]
    if submit:
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_at = timezone.now()
        fields += ["status", "submitted_at"]
    assessment.save(update_fields=fields)
    record_change(
        by=by, obj=assessment, action=CHANGED,
        message=_("Assessment submitted") if submit else _("Assessment draft saved"),
    )
    return assessment


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


@transaction.atomic
def assessment_reopen(*, by, assessment: Assessment) -> None:
    """District staff send a submitted assessment back to draft (a conditional update)."""
    if not can_keep_checklist(by, assessment.district_id):
        raise PermissionDenied
    changed = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.SUBMITTED).update(
        status=Assessment.Status.DRAFT, submitted_at=None, updated_at=timezone.now()
    )
    if not changed:
        raise ValidationError(_("Only a submitted assessment can be sent back to draft."))
    record_change(by=by, obj=assessment, action=CHANGED, message=_("Assessment sent back to draft"))


@transaction.atomic
def assessments_publish(*, by, district: Node, year: int, quarter: int) -> int:
    """Publish every submitted assessment of a district's quarter; returns how many (a conditional
    update, so publishing twice publishes nothing twice)."""
    if not can_keep_checklist(by, district.pk):
        raise PermissionDenied
    now = timezone.now()
    ids = list(
        Assessment.objects.select_for_update()
        .filter(district=district, year=year, quarter=quarter, status=Assessment.Status.SUBMITTED)
        .values_list("pk", flat=True)
    )
    count = Assessment.objects.filter(pk__in=ids, status=Assessment.Status.SUBMITTED).update(
        status=Assessment.Status.PUBLISHED, published_at=now, updated_at=now
    )
    if count:
        record_change(
            by=by, obj=district, action=CHANGED,
            message=_("%(count)d station assessments of %(year)d Q%(quarter)d published")
            % {"count": count, "year": year, "quarter": quarter},
        )
    return count
