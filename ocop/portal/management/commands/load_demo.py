"""Load demonstration data, step by step. Later apps add their steps to STEPS."""

from django.core.management.base import BaseCommand

from ocop.accounts.demo import create_demo_users
from ocop.accounts.models import User

# (label, function) in the order they must run; each function is idempotent.
STEPS = [
    ("Tài khoản mẫu (mỗi vai trò một tài khoản)", create_demo_users),
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu để trình diễn (tài khoản theo vai trò, …)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Không làm gì nếu cơ sở dữ liệu đã có người dùng.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Đã có dữ liệu: bỏ qua việc nạp dữ liệu mẫu.")
            return
        for label, step in STEPS:
            self.stdout.write(f"· {label} …")
            step()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
