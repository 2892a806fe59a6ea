"""`ocop import_products FILE.xlsx|FILE.csv [--dry-run] [--keep-valid]`: the staged import of a
"danh sách sản phẩm OCOP", run as the system (no province limit)."""

import contextlib
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop.imports import imports


class ListImportCommand(BaseCommand):
    kind = imports.PRODUCTS

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")
        parser.add_argument("--keep-valid", action="store_true", help="Nhập các dòng hợp lệ dù có dòng lỗi.")

    def handle(self, *args, file, dry_run, keep_valid, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        started = time.monotonic()
        shown = {"at": 0.0}

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done == total or now - shown["at"] >= 1:
                shown["at"] = now
                self.stdout.write(f"  … {done}/{total} dòng")

        self.stdout.write(f"Đang kiểm tra {path.name} …")
        # Validation and writing in one transaction holding the import lock: what was checked is
        # what is written, even when another import runs at the same time.
        with contextlib.nullcontext() if dry_run else imports.registry_write():
            plan, counts = self._run(path, dry_run, keep_valid, progress)
        for key, label in imports.COUNT_LABELS.items():
            if key in counts:
                self.stdout.write(f"  {label}: {counts[key]}")
        self.stdout.write(f"Thời gian: {time.monotonic() - started:.1f} giây")
        if plan.errors:
            written = "đã nhập các dòng hợp lệ" if counts["written"] else "chưa nhập dòng nào"
            raise CommandError(f"{plan.rows_rejected} dòng bị loại ({written}).")
        self.stdout.write(self.style.SUCCESS("Xong." if counts["written"] else "Tệp hợp lệ."))

    def _run(self, path, dry_run, keep_valid, progress):
        try:
            plan = imports.validate_file(path, kind=self.kind, name=path.name, progress=progress)
        except imports.FileProblem as problem:
            for item in problem.problems:
                self.stderr.write(item.describe() if item.row else item.message)
            raise CommandError("Không đọc được tệp; chưa nhập gì.") from None
        for warning in plan.warnings:
            self.stdout.write(self.style.WARNING("Cảnh báo: " + warning.describe()))
        for error in plan.errors:
            self.stdout.write(self.style.ERROR(error.describe()))
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): không ghi gì. Nếu nhập sẽ có:")
            return plan, {**plan.counts(), "written": False}
        self.stdout.write("Đang nhập …")
        counts = imports.import_plan(
            plan, actor="system", keep_valid=keep_valid, source=path.name, progress=progress
        )
        return plan, counts


class Command(ListImportCommand):
    help = "Nhập danh sách sản phẩm OCOP (.xlsx/.csv): kiểm tra mọi dòng, rồi nhập tất cả hoặc không gì."
