"""`ocop imports_housekeeping`: fail import batches stuck in a working state (no progress for
IMPORT_TIMEOUT_MINUTES) and delete uploaded files older than IMPORT_RETENTION_DAYS. Run it daily
(cron), or enqueue `ocop.imports.tasks.housekeeping_task` for the database worker."""

from django.core.management.base import BaseCommand

from ocop.imports import services


class Command(BaseCommand):
    help = "Dừng các lần nhập bị treo và xoá các tệp đã tải lên quá thời hạn lưu."

    def handle(self, *args, **options):
        timed_out = services.batches_time_out()
        purged = services.batch_files_purge()
        self.stdout.write(f"Lần nhập bị dừng vì quá thời gian: {timed_out}")
        self.stdout.write(f"Tệp đã xoá vì quá thời hạn lưu: {purged}")
