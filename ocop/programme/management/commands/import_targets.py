"""`ocop import_targets FILE.xlsx [--dry-run]`: import plans and targets from one Excel sheet, run
as the system (no province limit). Every problem is listed by row and column; a file with any
problem writes nothing and exits non-zero."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop.programme import imports


class Command(BaseCommand):
    help = "Nhập kế hoạch và chỉ tiêu OCOP từ tệp Excel: kiểm tra mọi dòng, rồi nhập tất cả hoặc không gì."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx theo mẫu /targets/import/template.xlsx")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi gì.")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        try:
            parsed, counts = imports.import_file(path, actor="system", dry_run=dry_run)
        except imports.FileProblem as problem:
            for item in problem.problems:
                self.stderr.write(item.describe())
            raise CommandError("Không đọc được tệp; chưa nhập gì.") from None
        for problem in parsed.problems:
            self.stderr.write(problem.describe())
        if parsed.problems:
            raise CommandError(f"Tệp có {len(parsed.problems)} lỗi; chưa nhập gì.")
        if dry_run:
            self.stdout.write("Chạy thử (--dry-run): không ghi gì. Nếu nhập sẽ có:")
        for key, label in imports.COUNT_LABELS.items():
            self.stdout.write(f"  {label}: {counts[key]}")
        self.stdout.write(self.style.SUCCESS("Xong." if counts["written"] else "Tệp hợp lệ."))
