"""Writes on import batches. A batch's state changes only here, along `models.TRANSITIONS`, each
move one conditional UPDATE that only one request or worker can win.

- `batch_upload`: store the file (private, random name), audit, queue the validation.
- `batch_confirm`: validated → importing, once, whatever the number of clicks or requests.
- `batch_move`: the moves the worker makes (validating, validated, imported, failed).
- `batches_time_out`: working batches silent for longer than IMPORT_TIMEOUT_MINUTES fail.
- `batch_files_purge`: uploaded files older than IMPORT_RETENTION_DAYS are deleted.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ocop.core.audit import audit_log
from ocop.imports.models import TRANSITIONS, WORKING, ImportBatch

logger = logging.getLogger(__name__)
State = ImportBatch.State

TIMEOUT_MESSAGE = (
    "Quá thời gian xử lý ({minutes} phút không có tiến triển): lần nhập được dừng, chưa nhập gì. "
    "Hãy tải tệp lên lại; nếu lặp lại, báo quản trị viên."
)


class BatchError(Exception):
    """A move the batch's state does not allow now; the message is for the person confirming,
    in their language (gettext when raised)."""


def batch_move(batch_id: int, to: str, *, sources=None, **fields) -> bool:
    """Move the batch to `to` from one of `sources` (default: every state the table allows it
    from) in one UPDATE; False when the batch was no longer in such a state (someone else moved
    it first). `fields` are written in the same statement."""
    allowed = {state for state, targets in TRANSITIONS.items() if to in targets}
    sources = set(sources or allowed)
    if not sources <= allowed:
        raise ValueError(f"{sorted(sources - allowed)} → {to} is not a transition")
    updated = ImportBatch.objects.filter(pk=batch_id, state__in=sources).update(
        state=to, updated_at=timezone.now(), **fields
    )
    return updated == 1


def batch_heartbeat(batch_id: int, *, done: int, total: int) -> None:
    """Progress of a working batch; also tells the time-out it is alive."""
    ImportBatch.objects.filter(pk=batch_id, state__in=WORKING).update(
        processed_rows=done, total_rows=total, updated_at=timezone.now()
    )


@transaction.atomic
def batch_upload(*, actor, kind: str, upload, keep_valid: bool = False) -> ImportBatch:
    """Store an uploaded list and queue its validation in the background."""
    from ocop.imports import tasks

    batch = ImportBatch.objects.create(
        kind=kind, file=upload, original_name=upload.name[:255], keep_valid=keep_valid, created_by=actor
    )
    audit_log(actor=actor, action="imports.batch_upload", obj=batch, kind=kind, file=batch.original_name)
    # The database queue stores the task in this transaction: a worker sees it once committed.
    tasks.validate_batch.enqueue(batch.pk)
    return batch


@transaction.atomic
def batch_confirm(*, actor, batch: ImportBatch, keep_valid: bool) -> None:
    """Validated → importing, by one statement only one request can win; the import is queued
    once. Refused while rows have errors unless `keep_valid`."""
    from ocop.imports import tasks

    batch.refresh_from_db(fields=["state", "error_rows"])
    if batch.state != State.VALIDATED:
        raise BatchError(_("Lần nhập này không ở trạng thái chờ xác nhận (có thể đã được xác nhận)."))
    if batch.error_rows and not keep_valid:
        raise BatchError(
            ngettext(
                "Tệp còn %(count)s dòng lỗi: sửa tệp rồi tải lên lại, hoặc chọn chỉ nhập các dòng hợp lệ.",
                "Tệp còn %(count)s dòng lỗi: sửa tệp rồi tải lên lại, hoặc chọn chỉ nhập các dòng hợp lệ.",
                batch.error_rows,
            )
            % {"count": batch.error_rows}
        )
    if not batch_move(
        batch.pk, State.IMPORTING, sources=[State.VALIDATED], keep_valid=keep_valid, processed_rows=0
    ):
        raise BatchError(_("Lần nhập này đã được xác nhận."))
    audit_log(actor=actor, action="imports.batch_confirm", obj=batch, keep_valid=keep_valid)
    tasks.import_batch.enqueue(batch.pk)


def batches_time_out(*, now: datetime.datetime | None = None) -> int:
    """Fail the working batches with no progress for IMPORT_TIMEOUT_MINUTES (a worker killed or
    stopped); run on every read of the imports pages and by `ocop imports_housekeeping`."""
    now = now or timezone.now()
    minutes = settings.IMPORT_TIMEOUT_MINUTES
    stuck = list(
        ImportBatch.objects.filter(
            state__in=WORKING, updated_at__lt=now - datetime.timedelta(minutes=minutes)
        )
        .values_list("pk", flat=True)
        .order_by()
    )
    failed = [
        pk
        for pk in stuck
        if batch_move(pk, State.FAILED, sources=WORKING, message=TIMEOUT_MESSAGE.format(minutes=minutes))
    ]
    if failed:
        audit_log(actor="system", action="imports.batch_time_out", batches=failed, minutes=minutes)
    return len(failed)


def batch_files_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the uploaded files of batches older than IMPORT_RETENTION_DAYS that are not working
    (the batch, its problems and counts stay)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.IMPORT_RETENTION_DAYS)
    old = ImportBatch.objects.filter(created_at__lt=cutoff, file_deleted_at__isnull=True).exclude(
        state__in=WORKING
    )
    purged = []
    for batch in old.only("pk", "file").order_by("pk").iterator():
        if batch.file.name:
            try:
                batch.file.storage.delete(batch.file.name)
            except OSError:
                logger.warning("could not delete import file %s", batch.file.name, exc_info=True)
                continue
        ImportBatch.objects.filter(pk=batch.pk).update(file="", file_deleted_at=now)
        purged.append(batch.pk)
    if purged:
        audit_log(
            actor="system",
            action="imports.files_purge",
            batches=len(purged),
            days=settings.IMPORT_RETENTION_DAYS,
        )
    return len(purged)
