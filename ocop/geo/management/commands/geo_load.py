"""`ocop geo_load`: refresh both administrative schemes, the 2025 mapping and the regions from the
installed `vietnam-provinces` package and `ocop/geo/data/regions.json`. Safe to run again."""

from django.core.management.base import BaseCommand
from django.db import transaction

from ocop.geo import resolver
from ocop.geo.loader import load_units
from ocop.geo.models import AdminUnit, Region, Scheme, UnitSuccession


class Command(BaseCommand):
    help = "Nạp/cập nhật đơn vị hành chính cả hai hệ thống và bảng chuyển đổi 2025 (chạy lại không sao)."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_units(AdminUnit, Region, UnitSuccession)
        resolver.clear_cache()
        self.stdout.write(
            f"Tạo mới {counts['units_created']} đơn vị, cập nhật {counts['units_updated']}, "
            f"{counts['successions']} dòng chuyển đổi."
        )
        for scheme, label in ((Scheme.LEGACY, "Hệ thống cũ"), (Scheme.CURRENT, "Hệ thống mới")):
            units = AdminUnit.objects.in_scheme(scheme)
            parts = [f"{units.provinces().count()} tỉnh/thành phố"]
            if scheme == Scheme.LEGACY:
                parts.append(f"{units.filter(level='district').count()} quận/huyện")
            parts.append(f"{units.communes().count()} xã/phường")
            self.stdout.write(f"{label}: " + ", ".join(parts))
        self.stdout.write(f"{Region.objects.count()} vùng kinh tế - xã hội.")
