"""The Django admin for deputies: for administrators; daily work happens in the portal pages.

A new photo uploaded here is checked and re-encoded like one uploaded in the portal.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from deputies.models import Assignment, Deputy, Duty, ImportJob, Specialty, VoterContact
from deputies.services import photo_prepare
from liaison.admin_base import ReadOnlyAdmin, ViewOnlyAdmin


class DeputyAdminForm(forms.ModelForm):
    class Meta:
        model = Deputy
        fields = [
            "user",
            "name",
            "gender",
            "level",
            "district",
            "street",
            "electoral_district",
            "profession",
            "specialties",
            "is_leader",
            "phone",
            "bio",
            "photo",
            "term_start",
            "term_end",
            "is_active",
        ]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            try:
                return photo_prepare(photo)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict["photo"]) from exc
        return photo


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ["node"]
    fields = ["node", "role", "since"]


class VoterContactInline(admin.TabularInline):
    model = VoterContact
    extra = 0
    fields = ["name", "phone", "community", "note"]


@admin.register(Deputy)
class DeputyAdmin(admin.ModelAdmin):
    form = DeputyAdminForm
    list_display = ["name", "level", "district", "street", "is_leader", "is_active"]
    list_filter = ["level", "is_leader", "is_active", "district"]
    list_select_related = ["district", "street"]
    search_fields = ["name", "phone", "profession"]
    raw_id_fields = ["user"]
    filter_horizontal = ["specialties"]
    inlines = [AssignmentInline, VoterContactInline]


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(ImportJob)
class ImportJobAdmin(ViewOnlyAdmin):
    """Read-only: jobs are created and run through the portal's import pages."""

    list_display = ["original_name", "kind", "status", "district", "total_rows", "created_by", "created_at"]
    list_filter = ["kind", "status", "district"]
    list_select_related = ["district", "created_by"]
    search_fields = ["original_name"]


@admin.register(Duty)
class DutyAdmin(ReadOnlyAdmin):
    """Read-only: the rota and attendance change through the reception pages (audited there)."""

    list_display = ["reception", "deputy", "attendance"]
    list_filter = ["attendance"]
    list_select_related = ["reception__node", "deputy"]
    search_fields = ["deputy__name", "reception__node__name"]
