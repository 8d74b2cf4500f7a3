"""Meetings in the Django admin: read-only, since every change goes through the services (with its
record); the portal's pages are where meetings are run."""

from django.contrib import admin

from liaison.admin_base import ReadOnlyAdmin
from meetings.models import Attendee, Meeting
from meetings.models.deliberation import ActionItem, ActionProgress, ActionStep, Decision, Topic


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    can_delete = False
    fields = ("kind", "deputy", "unit", "name", "invited_at", "attendance")
    readonly_fields = fields


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "node", "starts_at", "status", "is_public")
    list_filter = ("kind", "status", "is_public")
    search_fields = ("title",)
    date_hierarchy = "starts_at"
    list_select_related = ("node",)
    inlines = [AttendeeInline]


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ("title", "meeting", "order")
    search_fields = ("title",)
    list_select_related = ("meeting",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "topic", "created_at")
    list_select_related = ("topic",)


@admin.register(ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "owner", "due_on", "status", "progress")
    list_filter = ("status",)
    list_select_related = ("owner", "decision")


@admin.register(ActionProgress)
class ActionProgressAdmin(ReadOnlyAdmin):
    list_display = ("action", "at", "by", "percent", "kind")
    list_select_related = ("action__decision", "by")


@admin.register(ActionStep)
class ActionStepAdmin(ReadOnlyAdmin):
    list_display = ("action", "step", "due_on", "created_at")
    list_filter = ("step",)
