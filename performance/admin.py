"""Admin of the performance app. Each area keeps its own clearly marked section."""

from django.contrib import admin

from liaison.admin_base import ReadOnlyAdmin

# ---- scorecard (point rules and quotas) ----------------------------------------------------------------
from performance.models.scorecard import PointRule, Quota  # noqa: E402


@admin.register(PointRule)
class PointRuleAdmin(ReadOnlyAdmin):
    """Changed on the rules page (performance.scorecard.services, audited); listed here for reference."""

    list_display = ["district", "source", "points", "active", "valid_from", "updated_by", "updated_at"]
    list_filter = ["district", "source", "valid_from"]


@admin.register(Quota)
class QuotaAdmin(ReadOnlyAdmin):
    """Changed on the quotas page (performance.scorecard.services, audited); listed here for reference."""

    list_display = ["district", "metric", "minimum", "maximum", "valid_from", "updated_by", "updated_at"]
    list_filter = ["district", "metric", "valid_from"]


# ---- end of scorecard ---------------------------------------------------------------------------------------


# ---- assessment (checklists, station assessments, activity targets) -----------------------------------
from performance.models.assessment import Assessment, Checklist, ItemScore, Target  # noqa: E402


@admin.register(Checklist)
class ChecklistAdmin(ReadOnlyAdmin):
    """Kept on the checklist pages (performance.assessment, audited; frozen once used)."""

    list_display = ["year", "name", "district", "created_at"]
    list_filter = ["district", "year"]


class ItemScoreInline(admin.TabularInline):
    model = ItemScore
    fields = ["item", "score", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Scored, submitted and published on the assessment pages; listed here for reference."""

    list_display = ["station", "year", "quarter", "status", "assessed_by", "submitted_at", "published_at"]
    list_filter = ["district", "year", "quarter", "status"]
    search_fields = ["station__name", "station__code"]
    inlines = [ItemScoreInline]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    """Set on the targets page (performance.targets, audited)."""

    list_display = ["district", "year", "name", "kinds", "minimum"]
    list_filter = ["district", "year"]


# ---- end of assessment --------------------------------------------------------------------------------
