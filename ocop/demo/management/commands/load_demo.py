"""Load demonstration data, step by step; every step is idempotent."""

from django.core.management.base import BaseCommand

from ocop.accounts.demo import create_demo_users
from ocop.accounts.models import User
from ocop.activities.demo import load_activities_demo
from ocop.demo.first_day import give_commune_officer_products, link_demo_producer_user
from ocop.demo.generator import SCALES, load_registry_demo
from ocop.demo.plans import load_demo_plans
from ocop.evaluation.demo import load_evaluation_demo
from ocop.public.catalogue import catalogue_sync
from ocop.registry.models import Producer


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu để trình diễn: tài khoản theo vai trò, chủ thể, sản phẩm, giấy chứng nhận."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Không làm gì nếu cơ sở dữ liệu đã có người dùng hoặc chủ thể "
            "(không trộn dữ liệu mẫu vào dữ liệu thật).",
        )
        parser.add_argument(
            "--scale",
            choices=SCALES,
            default="provinces",
            help="provinces: vài tỉnh khớp số liệu báo cáo; national: ≈18.000 sản phẩm trên cả nước.",
        )

    def handle(self, *args, if_empty=False, scale="provinces", **options):
        if if_empty and (User.objects.exists() or Producer.objects.exists()):
            self.stdout.write("Đã có dữ liệu: bỏ qua việc nạp dữ liệu mẫu.")
            return
        steps = [
            ("Tài khoản mẫu (mỗi vai trò một tài khoản)", create_demo_users),
            (
                f"Chủ thể, sản phẩm và giấy chứng nhận ({scale})",
                lambda: load_registry_demo(scale=scale, stdout=self.stdout),
            ),
            ("Chủ thể và sản phẩm tại xã của cán bộ xã mẫu", give_commune_officer_products),
            ("Gắn tài khoản chủ thể mẫu với một chủ thể", link_demo_producer_user),
            (
                "Hoạt động: kênh bán hàng, tập huấn, xúc tiến thương mại, nguồn lực",
                lambda: load_activities_demo(stdout=self.stdout),
            ),
            ("Kế hoạch và chỉ tiêu theo báo cáo của các tỉnh", load_demo_plans),
            (
                "Đánh giá, phân hạng: phiếu chấm QĐ 1048, đợt đánh giá 2026 ở mỗi tỉnh, hồ sơ ở mọi bước",
                lambda: load_evaluation_demo(stdout=self.stdout),
            ),
            # The bulk load bypasses save signals: the public catalogue's rows are written here.
            ("Danh mục sản phẩm công khai", catalogue_sync),
        ]
        for label, step in steps:
            self.stdout.write(f"· {label} …")
            step()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
