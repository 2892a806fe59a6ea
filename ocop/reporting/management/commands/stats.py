"""`ocop stats --unit "Long An" --scheme legacy --as-of 2024-12-31 [--from … --to …] [--format json|table]`"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ocop.reporting.places import PlaceError, place_from_text
from ocop.reporting.stats import statistics


def parse_date(value: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: ngày không hợp lệ '{value}', cần dạng YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Thống kê sản phẩm OCOP của một đơn vị (cũ hoặc hiện hành), một vùng hoặc toàn quốc."

    def add_arguments(self, parser):
        parser.add_argument("--unit", default="", help="Tên hoặc mã đơn vị, mã/tên vùng, hoặc 'toàn quốc'")
        parser.add_argument("--scheme", choices=["current", "legacy"], default="current")
        parser.add_argument(
            "--as-of", dest="as_of", help="Ngày tính số sản phẩm còn hiệu lực (mặc định hôm nay)"
        )
        parser.add_argument("--from", dest="date_from")
        parser.add_argument("--to", dest="date_to")
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **options):
        as_of = parse_date(options["as_of"], "--as-of") if options["as_of"] else timezone.localdate()
        date_from = parse_date(options["date_from"], "--from") if options["date_from"] else None
        date_to = parse_date(options["date_to"], "--to") if options["date_to"] else None
        if bool(date_from) != bool(date_to):
            raise CommandError("Cần cả --from và --to để thống kê theo kỳ.")
        if date_from and date_to and date_from > date_to:
            raise CommandError("--from phải trước hoặc bằng --to.")
        try:
            place = place_from_text(options["unit"], options["scheme"])
        except PlaceError as error:
            raise CommandError(str(error)) from None
        result = statistics(place, as_of=as_of, date_from=date_from, date_to=date_to)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(format_table(place, result))


def format_table(place, result) -> str:
    from ocop.core.templatetags.ocop_format import vn_number
    from ocop.registry.models import ProducerType
    from ocop.reporting.stats import group_names

    groups = group_names()
    products, producers = result["products"], result["producers"]
    lines = [
        f"{place.label} — số liệu đến {datetime.date.fromisoformat(result['as_of']):%d/%m/%Y}",
        f"Sản phẩm OCOP còn hiệu lực: {vn_number(products['total'])}",
        "  theo hạng sao: " + ", ".join(f"{s} sao: {vn_number(n)}" for s, n in products["by_star"].items()),
        "  theo nhóm: "
        + ", ".join(f"{groups.get(g, g)}: {vn_number(n)}" for g, n in products["by_group"].items()),
        f"Chủ thể: {vn_number(producers['total'])}",
    ]
    for kind, n in producers["by_type"].items():
        share = vn_number(producers["share_by_type_pct"][kind], 1)
        lines.append(f"  {ProducerType(kind).label}: {vn_number(n)} ({share}%)")
    if period := result.get("period"):
        rec = period["recognitions"]
        lines += [
            f"Trong kỳ {period['from']} – {period['to']}: {vn_number(rec['total'])} lượt công nhận "
            f"(mới {rec['new']}, lại {rec['renewed']}, nâng hạng {rec['upgraded']}, "
            f"hạ hạng {rec['downgraded']})",
            "  theo hạng sao: " + ", ".join(f"{s} sao: {n}" for s, n in rec["by_star"].items()),
            f"  chủ thể được công nhận: {period['producers_recognised']}",
            f"  sản phẩm được công nhận (lũy kế, không trùng): {period['cumulative_products']['total']}",
            f"  thu hồi: {period['revocations']}, hết hạn: {period['expiries']}",
        ]
    if activities := result.get("activities"):
        channels, training = activities["channels"], activities["training"]
        lines += [
            f"Hoạt động {activities['from']} – {activities['to']}:",
            f"  chủ thể OCOP bán hàng trực tuyến: {channels['online']['producers']} "
            f"({vn_number(channels['online']['share_pct'], 1)}%), "
            f"kênh hiện đại: {channels['modern']['producers']} "
            f"({vn_number(channels['modern']['share_pct'], 1)}%)",
            f"  điểm giới thiệu và bán sản phẩm: {activities['points_of_sale']['total']}",
            f"  sự kiện xúc tiến thương mại: {activities['events']['total']}",
            f"  lớp tập huấn: {training['classes']}, lượt chủ thể: {training['producer_participations']}, "
            f"lượt cán bộ: {training['official_participations']}",
            f"  nguồn lực huy động: {vn_number(activities['funding']['total_million'])} triệu đồng",
            f"  hỗ trợ chủ thể: {activities['support']['total']} lượt",
        ]
    return "\n".join(lines)
