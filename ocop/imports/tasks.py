"""Background work of staged imports: validate an uploaded batch, then import it once confirmed.

Both re-read the stored file, so a worker needs nothing but the batch id. Progress is written to
the batch every few hundred rows for the page that polls it (and as a heartbeat for the time-out).
States move only through `services.batch_move`.
"""

import logging

from django.tasks import task

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import scope_for
from ocop.imports import imports, services
from ocop.imports.models import ImportBatch

logger = logging.getLogger(__name__)
State = ImportBatch.State
# What a person sees when the worker fails for a reason that is not the file's (logged in full).
SYSTEM_ERROR = "Lỗi hệ thống khi xử lý tệp; chưa nhập gì. Hãy thử lại sau hoặc báo quản trị viên."
FILE_GONE = "Tệp đã tải lên không còn (đã quá thời hạn lưu): hãy tải tệp lên lại."


def _progress(batch_id: int):
    def report(done: int, total: int) -> None:
        services.batch_heartbeat(batch_id, done=done, total=total)

    return report


def _validate(batch: ImportBatch) -> imports.Plan:
    if not batch.file.name:
        raise imports.FileProblem([imports.Problem(0, "", "", FILE_GONE)])
    scope = scope_for(batch.created_by, caps.EDIT_REGISTRY) if batch.created_by else None
    with batch.file.open("rb") as handle:
        return imports.validate_file(
            handle, kind=batch.kind, name=batch.original_name, scope=scope, progress=_progress(batch.pk)
        )


def _fail(batch_id: int, problems: list[imports.Problem], message: str) -> None:
    services.batch_move(
        batch_id, State.FAILED, errors=[p.to_dict() for p in problems], error_rows=0, message=message
    )


def _recorded(plan: imports.Plan) -> dict:
    return {
        "total_rows": plan.total_rows,
        "processed_rows": plan.total_rows,
        "error_rows": plan.rows_rejected,
        "errors": [p.to_dict() for p in plan.errors],
    }


@task
def validate_batch(batch_id: int) -> None:
    """Parse and check every row; the batch then shows its problems and a preview."""
    if not services.batch_move(batch_id, State.VALIDATING, sources=[State.UPLOADED], processed_rows=0):
        return  # another worker took it, or it timed out
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    try:
        plan = _validate(batch)
    except imports.FileProblem as problem:
        _fail(batch_id, problem.problems, str(problem))
        return
    except Exception:  # a worker must leave the batch in a state a person can see
        logger.exception("validating import batch %s", batch_id)
        _fail(batch_id, [], SYSTEM_ERROR)
        return
    services.batch_move(
        batch_id,
        State.VALIDATED,
        sources=[State.VALIDATING],
        result=plan.to_json(),
        message="",
        **_recorded(plan),
    )


@task
def import_batch(batch_id: int) -> None:
    """Validate again and write, in one transaction holding the registry's import lock and the
    batch's row: the database may have changed since the preview (another batch of the same
    file, a producer typed in by hand), and only a batch still `importing` is written."""
    try:
        with imports.registry_write():
            batch = (
                ImportBatch.objects.select_for_update(of=("self",))
                .select_related("created_by")
                .get(pk=batch_id)
            )
            if batch.state != State.IMPORTING:
                return
            plan = _validate(batch)
            counts = imports.import_plan(
                plan,
                actor=batch.created_by or "system",
                keep_valid=batch.keep_valid,
                progress=_progress(batch.pk),
                source=batch.original_name,
                batch=batch,
            )
            written = counts["written"]
            services.batch_move(
                batch_id,
                State.IMPORTED if written else State.VALIDATED,
                sources=[State.IMPORTING],
                result={**plan.to_json(), "counts": counts},
                message="" if written else "Tệp có lỗi: chưa nhập dòng nào.",
                **_recorded(plan),
            )
    except imports.FileProblem as problem:
        _fail(batch_id, problem.problems, str(problem))
    except Exception:
        logger.exception("importing batch %s", batch_id)
        _fail(batch_id, [], SYSTEM_ERROR)


@task
def housekeeping_task() -> dict:
    """Periodic: fail stuck batches, delete uploaded files past their retention."""
    return {"timed_out": services.batches_time_out(), "files_deleted": services.batch_files_purge()}
