"""`ocop load_rubric FILE…` and `ocop load_rubric --from-1048 rubrics-1048.json`: load scoring sheets,
one line per sheet (loaded, or refused with every reason); `--json` prints the same as a list.

The reasons come from the validator the upload page uses (translated there); the command always
speaks the default language (Vietnamese), whatever language is active where it is called from."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ocop.evaluation.rubric_convert import convert_1048
from ocop.evaluation.rubric_format import dump_rubric
from ocop.evaluation.rubrics import ensure_part_totals, rubric_load, sets_without_sheet


class Command(BaseCommand):
    help = "Nạp phiếu chấm điểm (tệp YAML ocop-rubric/1) hoặc chuyển đổi bản chép phiếu QĐ 1048."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="tệp phiếu chấm .yaml")
        parser.add_argument("--from-1048", dest="from_1048", help="tệp rubrics-1048.json")
        parser.add_argument("--write-yaml", help="thư mục ghi các phiếu đã chuyển đổi (kể cả phiếu lỗi)")
        parser.add_argument("--part-totals", action="store_true", help="tạo phiếu tổng điểm phần cho mọi bộ")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.load(**options)

    def load(self, *, files, from_1048=None, write_yaml=None, part_totals=False, as_json=False, **options):
        if not (files or from_1048 or part_totals):
            raise CommandError("Cần ít nhất một tệp phiếu, --from-1048 hoặc --part-totals.")
        sheets: list[tuple[str, str]] = []
        for name in files:
            path = Path(name)
            if not path.exists():
                raise CommandError(f"Không có tệp {name}.")
            sheets.append((path.stem, path.read_text(encoding="utf-8")))
        if from_1048:
            for spec in convert_1048(from_1048):
                text = dump_rubric(spec)
                if write_yaml:
                    Path(write_yaml).mkdir(parents=True, exist_ok=True)
                    (Path(write_yaml) / f"{spec['code']}.yaml").write_text(text, encoding="utf-8")
                sheets.append((spec["name"], text))
        results = [rubric_load(actor="ocop load_rubric", text=text, label=label) for label, text in sheets]
        created = ensure_part_totals(actor="ocop load_rubric") if part_totals else 0
        if as_json:
            self.stdout.write(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=2))
        else:
            for result in results:
                if result.loaded:
                    state = "không đổi" if result.unchanged else f"phiên bản {result.rubric.version}"
                    self.stdout.write(f"ĐÃ NẠP   {result.label} → {result.rubric.code} ({state})")
                else:
                    self.stdout.write(f"TỪ CHỐI  {result.label}: " + " | ".join(result.problems))
            loaded = sum(r.loaded for r in results)
            self.stdout.write(f"{loaded} phiếu đã nạp, {len(results) - loaded} phiếu bị từ chối.")
            if from_1048:
                for product_set in sets_without_sheet("1048"):
                    self.stdout.write(
                        f"CHƯA CÓ  bộ «{product_set.name}» ({product_set.code}) chưa có phiếu chấm."
                    )
            if part_totals:
                self.stdout.write(f"{created} phiếu tổng điểm phần được tạo.")
        if results and not any(r.loaded for r in results):
            raise CommandError("Không nạp được phiếu nào.")
