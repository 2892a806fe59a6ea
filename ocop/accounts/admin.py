"""The Django admin, for system administrators only.

`admin.site` is shared by every app, so its permission check is replaced here rather than by a
custom site: is_staff alone no longer opens the admin, the user must also hold ACCESS_ADMIN
(system administrator role or superuser).
"""

import types

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ocop.accounts import capabilities as caps
from ocop.accounts.models import RoleAssignment, User
from ocop.accounts.permissions import has_capability
from ocop.accounts.services import role_grant, role_revoke


def admin_has_permission(site, request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and has_capability(user, caps.ACCESS_ADMIN))


admin.site.has_permission = types.MethodType(admin_has_permission, admin.site)
admin.site.site_header = _("Quản trị hệ thống thông tin OCOP")
admin.site.site_title = _("Quản trị OCOP")
admin.site.index_title = _("Quản trị hệ thống")


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "unit", "scope_type", "scope_id", "granted_at"]
    readonly_fields = ["granted_at"]
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "phone", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "phone")}),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser")},
        ),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    inlines = [RoleAssignmentInline]

    def get_inlines(self, request, obj):
        # Roles are granted on the change page Django opens right after the user is created.
        return self.inlines if obj is not None else []

    def save_formset(self, request, form, formset, change):
        """Role assignments go through the services so every grant and revoke is validated and
        audited like anywhere else; an edited row is a revoke of the old one plus a grant."""
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        user = form.instance
        try:
            with transaction.atomic():
                for assignment in formset.deleted_objects:
                    role_revoke(actor=request.user, assignment=assignment)
                for assignment, _fields in formset.changed_objects:
                    role_revoke(actor=request.user, assignment=RoleAssignment.objects.get(pk=assignment.pk))
                    self._grant(request, user, assignment)
                for assignment in formset.new_objects:
                    self._grant(request, user, assignment)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), level="error")

    @staticmethod
    def _grant(request, user, assignment):
        scope_obj = None
        if assignment.scope_type_id:
            scope_obj = assignment.scope_type.get_object_for_this_type(pk=assignment.scope_id)
        role_grant(
            actor=request.user, user=user, role=assignment.role, unit=assignment.unit, scope_obj=scope_obj
        )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Read-only list of who holds which role where; grants are made on the user page."""

    list_display = ["user", "role", "unit", "scope_type", "scope_id", "granted_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    list_select_related = ["user", "unit", "scope_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
