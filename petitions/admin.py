"""The Django admin for cases: for administrators; daily work happens in the portal pages.

A case is read-mostly here: its status, deadlines, resident and timeline change only through the
services (petitions/services/), so the admin can correct a classification but never move a case.
Categories and handling units are plain records, editable.
"""

from django.contrib import admin

from petitions.models import Attachment, Category, HandlingUnit, Petition, PetitionEvent, Referral


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["specialties"]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "district", "street", "contact_person", "is_active"]
    list_filter = ["kind", "is_active", "district"]
    list_select_related = ["district", "street"]
    search_fields = ["name", "contact_person"]


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PetitionEventInline(_ReadOnlyInline):
    model = PetitionEvent
    fields = ["at", "actor", "actor_label", "action", "from_status", "to_status", "note"]
    readonly_fields = fields
    ordering = ["at", "id"]


class ReferralInline(_ReadOnlyInline):
    model = Referral
    fields = ["number", "route", "unit", "sent_at", "received_on", "reply_due_on", "extended_to", "replied_on"]
    readonly_fields = fields


class AttachmentInline(_ReadOnlyInline):
    model = Attachment
    fields = ["kind", "size", "event", "uploaded_by", "created_at"]
    readonly_fields = fields


# Fields the admin may correct: the classification. Everything else is the services' to change.
EDITABLE = ("category", "grade")


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = ["tracking_no", "status", "station", "category", "grade", "received_at", "due_on"]
    list_filter = ["status", "channel", "grade", "category", "district"]
    list_select_related = ["station", "category"]
    search_fields = ["tracking_no"]
    date_hierarchy = "received_at"
    inlines = [PetitionEventInline, ReferralInline, AttachmentInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Petition._meta.concrete_fields if f.name not in EDITABLE and f.name != "id"]

    def has_add_permission(self, request):
        return False  # cases are taken in through the portal (petition_create numbers them)

    def has_delete_permission(self, request, obj=None):
        return False
