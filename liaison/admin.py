"""The Django admin for the calendar overrides. Saves and deletes go through liaison.workdays services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from liaison import workdays
from liaison.models import CalendarDay, CalendarYear


class _ServiceLogged:
    """The services write the audit row (liaison.audit); the admin's own would be a second one."""

    def log_addition(self, request, obj, message):
        return None

    def log_change(self, request, obj, message):
        return None

    def log_deletions(self, request, queryset):
        return None


@admin.register(CalendarDay)
class CalendarDayAdmin(_ServiceLogged, admin.ModelAdmin):
    list_display = ("date", "is_working", "note", "created_by", "created_at")
    list_filter = ("is_working",)
    list_select_related = ("created_by",)
    date_hierarchy = "date"
    search_fields = ("note",)
    fields = ("date", "is_working", "note", "created_by", "created_at")
    readonly_fields = ("created_by", "created_at")

    def get_readonly_fields(self, request, obj=None):
        # An override is keyed by its date: another date is another override (delete and add).
        return (*self.readonly_fields, "date") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        saved = workdays.calendar_day_set(by=request.user, date=obj.date, is_working=obj.is_working, note=obj.note)
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        workdays.calendar_day_delete(by=request.user, calendar_day=obj)

    def delete_queryset(self, request, queryset):
        for calendar_day in queryset:
            workdays.calendar_day_delete(by=request.user, calendar_day=calendar_day)


class CalendarYearAdminForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ("year", "note")

    def clean_year(self):
        # The service's rules beside the field, rather than a 500 from save_model.
        year = self.cleaned_data["year"]
        try:
            workdays.check_year_confirmable(year)
        except ValidationError as error:
            raise ValidationError(error.message_dict["year"]) from error
        return year


@admin.register(CalendarYear)
class CalendarYearAdmin(_ServiceLogged, admin.ModelAdmin):
    form = CalendarYearAdminForm
    list_display = ("year", "note", "confirmed_by", "confirmed_at")
    list_select_related = ("confirmed_by",)
    fields = ("year", "note", "confirmed_by", "confirmed_at")
    readonly_fields = ("confirmed_by", "confirmed_at")

    def get_readonly_fields(self, request, obj=None):
        # A confirmation is a fact about one year; withdraw it (delete) rather than edit it.
        return (*self.readonly_fields, "year", "note") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        saved = workdays.calendar_year_confirm(by=request.user, year=obj.year, note=obj.note)
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        workdays.calendar_year_unconfirm(by=request.user, calendar_year=obj)

    def delete_queryset(self, request, queryset):
        for calendar_year in queryset:
            workdays.calendar_year_unconfirm(by=request.user, calendar_year=calendar_year)
