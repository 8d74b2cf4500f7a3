"""Admin base classes for records that change only through the portal's services."""

from django.contrib import admin


class ViewOnlyAdmin(admin.ModelAdmin):
    """Listed and opened in the admin, never added or edited there (deleting stays allowed)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ViewOnlyAdmin):
    """As ViewOnlyAdmin, and not deleted either: the services keep these rows in step with others."""

    def has_delete_permission(self, request, obj=None):
        return False
