"""Admin views of producers and products, for system administrators.

Producer and product data are changed on the officials' pages, which call the services (checks,
duplicate detection, audit entry); the admin shows them read-only. Product images carry no rule
and can be managed here.
"""

from django.contrib import admin

from ocop.registry.models import Producer, Product, ProductImage


class ReadOnlyFieldsMixin:
    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProductInline(admin.TabularInline):
    model = Product
    fields = ["name", "group", "product_set", "status"]
    readonly_fields = fields
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Producer)
class ProducerAdmin(ReadOnlyFieldsMixin, admin.ModelAdmin):
    list_display = ["name", "producer_type", "tax_code", "province", "commune", "legacy_province"]
    list_filter = ["producer_type", "is_sme", "women_led", "ethnic_minority_led"]
    search_fields = ["name", "search_name", "=tax_code"]
    list_select_related = ["province", "commune", "legacy_province"]
    ordering = ["sort_key", "id"]
    show_full_result_count = False
    inlines = [ProductInline]

    def has_change_permission(self, request, obj=None):
        return False


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    fields = ["image", "caption", "uploaded_at"]
    readonly_fields = ["uploaded_at"]
    extra = 1


@admin.register(Product)
class ProductAdmin(ReadOnlyFieldsMixin, admin.ModelAdmin):
    list_display = ["name", "producer", "group", "product_set", "status"]
    list_filter = ["group__taxonomy", "group", "status"]
    search_fields = ["name", "search_name", "producer__name", "producer__search_name"]
    list_select_related = ["producer", "group", "product_set"]
    ordering = ["sort_key", "id"]
    show_full_result_count = False
    inlines = [ProductImageInline]

    def save_model(self, request, obj, form, change):
        # Only the images change here; the product's own fields are read-only.
        pass
