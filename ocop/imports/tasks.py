"""Background work of staged imports: validate an uploaded batch, then import it once confirmed.

Both re-read the stored file, so a worker needs nothing but the batch id. Progress is written to
the batch every few hundred rows for the page that polls it.
"""

import logging

from django.db import transaction
from django.tasks import task

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import scope_for
from ocop.imports import imports
from ocop.imports.models import ImportBatch

logger = logging.getLogger(__name__)
# What a person sees when the worker fails for a reason that is not the file's (logged in full).
SYSTEM_ERROR = "Lỗi hệ thống khi xử lý tệp; chưa nhập gì. Hãy thử lại sau hoặc báo quản trị viên."


def _progress(batch_id: int):
    def report(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(processed_rows=done, total_rows=total)

    return report


def _validate(batch: ImportBatch) -> imports.Plan:
    scope = scope_for(batch.created_by, caps.EDIT_REGISTRY) if batch.created_by else None
    with batch.file.open("rb") as handle:
        return imports.validate_file(
            handle, kind=batch.kind, name=batch.original_name, scope=scope, progress=_progress(batch.pk)
        )


def _fail(batch: ImportBatch, problems: list[imports.Problem], message: str) -> None:
    batch.state = ImportBatch.State.FAILED
    batch.errors = [p.to_dict() for p in problems]
    batch.error_rows = 0
    batch.message = message
    batch.save(update_fields=["state", "errors", "error_rows", "message", "updated_at"])


def _record(batch: ImportBatch, plan: imports.Plan) -> None:
    batch.total_rows = plan.total_rows
    batch.processed_rows = plan.total_rows
    batch.error_rows = plan.rows_rejected
    batch.errors = [p.to_dict() for p in plan.errors]


@task
def validate_batch(batch_id: int) -> None:
    """Parse and check every row; the batch then shows its problems and a preview."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    batch.state = ImportBatch.State.VALIDATING
    batch.processed_rows = 0
    batch.save(update_fields=["state", "processed_rows", "updated_at"])
    try:
        plan = _validate(batch)
    except imports.FileProblem as problem:
        _fail(batch, problem.problems, str(problem))
        return
    except Exception:  # a worker must leave the batch in a state a person can see
        logger.exception("validating import batch %s", batch_id)
        _fail(batch, [], SYSTEM_ERROR)
        return
    _record(batch, plan)
    batch.result = plan.to_json()
    batch.state = ImportBatch.State.VALIDATED
    batch.message = ""
    batch.save()


@task
def import_batch(batch_id: int) -> None:
    """Validate again (the database may have changed since the preview) and write."""
    with transaction.atomic():
        batch = (
            ImportBatch.objects.select_for_update(of=("self",)).select_related("created_by").get(pk=batch_id)
        )
        if batch.state != ImportBatch.State.IMPORTING:
            return
        batch.processed_rows = 0
        batch.save(update_fields=["processed_rows", "updated_at"])
    try:
        plan = _validate(batch)
        counts = imports.import_plan(
            plan,
            actor=batch.created_by or "system",
            keep_valid=batch.keep_valid,
            progress=_progress(batch.pk),
            source=batch.original_name,
        )
    except imports.FileProblem as problem:
        _fail(batch, problem.problems, str(problem))
        return
    except Exception:
        logger.exception("importing batch %s", batch_id)
        _fail(batch, [], SYSTEM_ERROR)
        return
    _record(batch, plan)
    batch.result = {**plan.to_json(), "counts": counts}
    batch.state = ImportBatch.State.IMPORTED if counts["written"] else ImportBatch.State.VALIDATED
    batch.message = "" if counts["written"] else "Tệp có lỗi: chưa nhập dòng nào."
    batch.save()
