from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.permission_labels import permission_label
from core.readonly_admin import ReadOnlyAdmin

from .models import ApiToken, Department, User


@admin.register(Department)
class DepartmentAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ("code", "name", "parent", "is_active")
    list_filter = ("is_active", "parent")
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "department", "grade", "source", "is_active")
    list_filter = ("source", "grade", "is_active", "groups", "department")
    search_fields = ("username", "full_name", "email", "department__name")
    ordering = ("full_name",)
    autocomplete_fields = ("department",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email", "department", "grade", "source")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email", "password1", "password2")}),
    )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Django's groups, their permissions listed in the active language
    (``core.permission_labels.permission_label``) instead of the English names Django stored."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if db_field.name == "permissions":
            field.label_from_instance = permission_label
        return field


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Looked at only: a token is made and revoked by its owner (the digest is not shown)."""

    list_display = ("name", "user", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("name", "user__username", "user__full_name")
    exclude = ("digest",)
