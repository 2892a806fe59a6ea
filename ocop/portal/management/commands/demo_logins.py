"""Print the demo accounts: who to sign in as to see each role."""

from django.core.management.base import BaseCommand

from ocop.accounts.demo import DEMO_PASSWORD, DEMO_USERS
from ocop.accounts.models import User
from ocop.accounts.selectors import roles_of_user


class Command(BaseCommand):
    help = "In danh sách tài khoản mẫu (tên đăng nhập, vai trò, phạm vi, mật khẩu)."

    def handle(self, *args, **options):
        users = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS])}
        if not users:
            self.stdout.write("Chưa có tài khoản mẫu: chạy `ocop load_demo`.")
            return
        rows = []
        for spec in DEMO_USERS:
            user = users.get(spec.username)
            if user is None:
                continue
            lines = roles_of_user(user) or [None]
            for line in lines:
                role, scope = (str(line.role_label), str(line.scope_label)) if line else ("—", "—")
                rows.append((spec.username, role, scope))
        headers = ("Tên đăng nhập", "Vai trò", "Phạm vi")
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
        fmt = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write("Tài khoản mẫu:")
        self.stdout.write(fmt.format(*headers).rstrip())
        self.stdout.write(fmt.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(fmt.format(*row).rstrip())
        self.stdout.write(f"Mật khẩu của mọi tài khoản mẫu: {DEMO_PASSWORD}")
