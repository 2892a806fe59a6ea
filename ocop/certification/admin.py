"""Certificates in the admin, read-only: they are recorded and revoked through the services
(`certificate_issue`, `certificate_revoke`), which keep the chain and the audit trail."""

from django.contrib import admin

from ocop.certification.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = [
        "product",
        "stars",
        "kind",
        "decision_number",
        "decision_date",
        "issuer_level",
        "valid_until",
        "revoked_on",
        "superseded_on",
    ]
    list_filter = ["stars", "kind", "issuer_level", "regime", "revocation_ground"]
    search_fields = ["decision_number", "product__name", "product__search_name", "product__producer__name"]
    list_select_related = ["product", "regime"]
    date_hierarchy = "decision_date"
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
