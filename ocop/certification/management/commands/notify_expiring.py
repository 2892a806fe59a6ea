"""Notify, once, every certificate that has entered its expiry notice window (run daily)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.certification.services import notify_expiring


def parse_day(text: str | None) -> datetime.date:
    if not text:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"Ngày không hợp lệ: «{text}». Hãy nhập theo dạng YYYY-MM-DD, ví dụ 2026-01-31."
        ) from None


class Command(BaseCommand):
    help = (
        "Gửi thông báo sắp hết hạn cho chủ thể và tỉnh, mỗi giấy chứng nhận một lần, khi giấy "
        "chứng nhận vào thời hạn thông báo (≥30 ngày trước khi hết hạn). Chạy hằng ngày."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày xét, dạng YYYY-MM-DD (mặc định: hôm nay).")

    def handle(self, *args, date=None, **options):
        today = parse_day(date)
        sent = notify_expiring(today=today, actor="system:notify_expiring")
        self.stdout.write(
            f"Đã gửi thông báo sắp hết hạn cho {sent} giấy chứng nhận (ngày xét {today:%d/%m/%Y})."
        )
