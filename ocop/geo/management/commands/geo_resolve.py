"""`ocop geo_resolve "soc trang"`: which unit a name or address means, in both schemes.

Exit code: 0 resolved, 3 ambiguous (a person must choose), 4 unknown.
"""

import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from ocop.geo import resolver

EXIT_CODES = {resolver.RESOLVED: 0, resolver.AMBIGUOUS: 3, resolver.UNKNOWN: 4}


class Command(BaseCommand):
    help = (
        "Tra cứu đơn vị hành chính theo tên hoặc địa chỉ (cũ hoặc mới). "
        "Mã thoát: 0 đã xác định, 3 cần chọn, 4 không tìm thấy."
    )

    def add_arguments(self, parser):
        parser.add_argument("text", help="Tên hoặc địa chỉ, ví dụ “soc trang” hoặc “Phường 1, TP Sóc Trăng”")
        parser.add_argument("--province", help="Tỉnh/thành phố (cũ hoặc mới) chứa đơn vị cần tìm")
        parser.add_argument("--date", help="Ngày, YYYY-MM-DD (trước 2025-07-01 ưu tiên đơn vị cũ)")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON")

    def handle(self, *args, text, province=None, date=None, json=False, **options):
        when = None
        if date:
            try:
                when = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Ngày không hợp lệ: “{date}”; hãy viết theo dạng YYYY-MM-DD.") from None
        resolution = resolver.resolve(text, province=province, date=when)
        if json:
            self.stdout.write(_json_dumps(resolution.to_dict()))
        else:
            self.stdout.write(resolution.message)
            if resolution.status == resolver.AMBIGUOUS:
                for number, unit in enumerate(resolution.candidates, start=1):
                    where = resolver.path_of(unit)
                    suffix = f" — {where}" if where else ""
                    self.stdout.write(f"  {number}. {unit.label} (mã {unit.code_str}){suffix}")
            if resolution.suggestions:
                self.stdout.write("Có phải: " + ", ".join(resolution.suggestions) + "?")
        code = EXIT_CODES[resolution.status]
        if code:
            sys.exit(code)


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
