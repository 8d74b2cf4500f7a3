"""Read-only admin pages: what was sent, to whom (masked), and why a send failed."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from liaison.admin_base import ViewOnlyAdmin
from liaison.masking import mask_phone
from notifications.models import Delivery, Notification, SmsMessage


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["channel", "status", "attempts", "last_error", "sent_at", "updated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ViewOnlyAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["key", "user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "notification", "status", "attempts", "last_error", "sent_at", "updated_at"]
    list_filter = ["channel", "status"]
    list_select_related = ["notification"]
    exclude = ["address"]


@admin.register(SmsMessage)
class SmsMessageAdmin(ViewOnlyAdmin):
    list_display = ["key", "masked_phone", "status", "attempts", "last_error", "sent_at", "updated_at"]
    list_filter = ["status"]
    search_fields = ["key"]
    exclude = ["phone"]
    readonly_fields = ["masked_phone"]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)
