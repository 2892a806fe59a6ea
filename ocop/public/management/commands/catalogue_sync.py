"""Rebuild the public catalogue's search rows (after a bulk load that bypassed save signals)."""

from django.core.management.base import BaseCommand

from ocop.public.catalogue import catalogue_sync


class Command(BaseCommand):
    help = "Ghi lại toàn bộ danh mục sản phẩm công khai (tìm kiếm) từ sổ đăng ký và giấy chứng nhận."

    def handle(self, *args, **options):
        written = catalogue_sync()
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {written} sản phẩm vào danh mục công khai."))
