"""Staged imports of the provinces' lists (upload → validate → confirm → import)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """A staged import: upload → validate (every problem listed) → confirm → import."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Đã tải lên")
        VALIDATING = "validating", _("Đang kiểm tra")
        VALIDATED = "validated", _("Đã kiểm tra")
        IMPORTING = "importing", _("Đang nhập")
        IMPORTED = "imported", _("Đã nhập")
        FAILED = "failed", _("Lỗi")

    class Kind(models.TextChoices):
        PRODUCTS = "products", _("Danh sách sản phẩm OCOP")
        PRODUCERS = "producers", _("Danh sách chủ thể")

    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.UPLOADED)
    keep_valid = models.BooleanField(_("nhập các dòng hợp lệ"), default=False)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row", "column", "value", "message"}]
    result = models.JSONField(default=dict, blank=True)  # counts after import
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def progress_pct(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
