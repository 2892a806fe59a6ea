"""Write a province's OCOP report to a file, e.g.

    ocop report --unit "Long An" --scheme legacy --from 2024-01-01 --to 2024-12-31 \
        --format docx --output bc.docx
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ocop.core.templatetags.ocop_format import vn_number
from ocop.reporting.documents import WRITERS
from ocop.reporting.management.commands.stats import parse_date
from ocop.reporting.narrative import build_report
from ocop.reporting.places import PlaceError, place_from_text

MISSING = {"from": "date_from", "to": "date_to", "format": "format", "output": "output"}


class Command(BaseCommand):
    help = (
        "Xuất báo cáo kết quả thực hiện Chương trình OCOP của một đơn vị, một vùng hoặc toàn quốc "
        "(docx, pdf, xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", default="", help="Tên hoặc mã đơn vị, mã/tên vùng, hoặc 'toàn quốc'")
        parser.add_argument("--scheme", default="current", help="current (hiện hành) hoặc legacy (cũ)")
        parser.add_argument("--from", dest="date_from", help="Ngày đầu kỳ báo cáo (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", help="Ngày cuối kỳ báo cáo (YYYY-MM-DD)")
        parser.add_argument(
            "--as-of", dest="as_of", help="Ngày tính số sản phẩm còn hiệu lực (mặc định: ngày cuối kỳ)"
        )
        parser.add_argument("--format", help="docx, pdf hoặc xlsx")
        parser.add_argument("--output", help="Tệp kết quả")

    def handle(self, *args, **options):
        missing = [f"--{name}" for name in ("from", "to", "format", "output") if not options[MISSING[name]]]
        if missing:
            raise CommandError("Thiếu tham số: " + ", ".join(missing) + ".")
        if options["format"] not in WRITERS:
            raise CommandError(
                f"--format: định dạng '{options['format']}' không hỗ trợ, chọn docx, pdf hoặc xlsx."
            )
        date_from = parse_date(options["date_from"], "--from")
        date_to = parse_date(options["date_to"], "--to")
        as_of = parse_date(options["as_of"], "--as-of") if options["as_of"] else None
        if date_from > date_to:
            raise CommandError("--from phải trước hoặc bằng --to.")
        output = Path(options["output"])
        if output.suffix.lower() != f".{options['format']}":
            raise CommandError(
                f"--output phải có đuôi .{options['format']} cho định dạng {options['format']}."
            )
        if not output.parent.is_dir():
            raise CommandError(f"Thư mục '{output.parent}' không tồn tại.")
        try:
            place = place_from_text(options["unit"], options["scheme"])
        except PlaceError as error:
            raise CommandError(str(error)) from None
        report = build_report(place, date_from=date_from, date_to=date_to, as_of=as_of)
        try:
            WRITERS[options["format"]](report, str(output))
        except OSError as error:
            raise CommandError(f"Không ghi được tệp '{output}': {error.strerror or error}.") from None
        size = output.stat().st_size
        self.stdout.write(f"{output} ({vn_number(size)} byte)")
