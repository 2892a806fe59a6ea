from django.contrib import admin

from ocop.geo.models import AdminUnit, Region


class ReadOnlyAdmin(admin.ModelAdmin):
    """Units come from the official lists (`ocop geo_load`), never from hand edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdminUnit)
class AdminUnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "scheme", "level", "unit_type", "province", "region"]
    list_filter = ["scheme", "level", "unit_type", "region"]
    search_fields = ["name", "search_name", "=code"]
    list_select_related = ["province", "region"]
    ordering = ["scheme", "level", "sort_key"]
    show_full_result_count = False


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "sort_order"]
