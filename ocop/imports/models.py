"""Staged imports of the provinces' lists (upload → validate → confirm → import).

A batch's state changes only through `ocop.imports.services`, along `TRANSITIONS`. Uploaded files
are private: stored under random names in `settings.PRIVATE_ROOT` (never under MEDIA_ROOT, never
served directly), downloaded through a permission-checked view, deleted after
`settings.IMPORT_RETENTION_DAYS`.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PrivateStorage(FileSystemStorage):
    """Files in settings.PRIVATE_ROOT (read on every use) that have no URL: served only by
    permission-checked views."""

    @property
    def base_location(self):
        return settings.PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


def upload_path(batch: "ImportBatch", filename: str) -> str:
    """A random name: the original name is kept in the row, not on disk."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


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
    file = models.FileField(
        _("tệp"), upload_to=upload_path, storage=private_storage, max_length=200, blank=True
    )
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
    # Every state change and progress report sets it: a working batch that stays silent longer
    # than IMPORT_TIMEOUT_MINUTES is marked failed (services.batches_time_out).
    updated_at = models.DateTimeField(auto_now=True)
    file_deleted_at = models.DateTimeField(_("đã xoá tệp lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.original_name}"

    @property
    def working(self) -> bool:
        return self.state in WORKING

    def allowed(self, state: str) -> bool:
        return state in TRANSITIONS[self.state]

    @property
    def progress_pct(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


State = ImportBatch.State
# The one table of moves. A worker takes an uploaded batch (validating), then either lists its
# problems (validated) or fails; a person confirms a validated batch (importing); the import ends
# imported, back to validated when the file turned out to have errors and nothing was written, or
# failed. Working states that stay silent too long fail (time-out).
TRANSITIONS: dict[str, frozenset[str]] = {
    State.UPLOADED: frozenset({State.VALIDATING, State.FAILED}),
    State.VALIDATING: frozenset({State.VALIDATED, State.FAILED}),
    State.VALIDATED: frozenset({State.IMPORTING}),
    State.IMPORTING: frozenset({State.IMPORTED, State.VALIDATED, State.FAILED}),
    State.IMPORTED: frozenset(),
    State.FAILED: frozenset(),
}
WORKING = frozenset({State.UPLOADED, State.VALIDATING, State.IMPORTING})
