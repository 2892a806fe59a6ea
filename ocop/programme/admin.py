from django.contrib import admin

from ocop.programme.models import Plan, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = [
        "position",
        "kind",
        "description",
        "target_value",
        "stars",
        "producer_type",
        "manual_value",
        "manual_source",
    ]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "period_start", "period_end", "reference"]
    list_filter = ["unit__scheme", "period_end"]
    search_fields = ["name", "reference", "unit__name", "unit__search_name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["created_by"]
    date_hierarchy = "period_end"
    inlines = [TargetInline]
