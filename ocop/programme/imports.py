"""Staged import of plans and their targets from one Excel sheet.

Upload → read the header (folded: any case, with or without diacritics) → parse and check every
row, listing every problem as {row, column, value, message} → confirm → write everything or
nothing. Rows with the same unit, plan name and period form one plan. Re-importing the same file
changes nothing: a plan is matched by unit + name + period, a target by plan + description.

Places go through `geo.resolver`; the target rules are the ones in `programme.services`, which
also do the writing. Reading the sheet, problems and the general parsers are `core.tabular`'s;
producer types and stars are parsed by `registry.parsing`.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from ocop.core import vntext
from ocop.core.tabular import (
    Column,
    Mapping,
    Problem,
    display,
    map_headers,
    parse_date,
    parse_number,
    read_table,
)
from ocop.core.tabular import FileProblem as FileProblem  # re-exported: callers catch it from here
from ocop.geo import resolver
from ocop.geo.models import AdminUnit, Level, Scheme
from ocop.programme import services
from ocop.programme.models import COMPUTED_KINDS, PERCENT_KINDS, Target, TargetKind
from ocop.registry.models import ProducerType
from ocop.registry.parsing import PRODUCER_TYPE_WORDS, parse_producer_type, parse_stars
from ocop.rules.selectors import certified_stars_text

# --------------------------------------------------------------------------------------------
# Columns


COLUMNS = [
    Column(
        "unit",
        "Đơn vị",
        ("don vi hanh chinh", "tinh", "tinh thanh pho", "dia ban", "ma don vi", "unit"),
        True,
        "Tên hoặc mã đơn vị của kế hoạch: tỉnh/thành phố, huyện (cũ) hoặc xã/phường. "
        "Ví dụ: Cao Bằng; 04; Sóc Trăng (với Hệ thống = cũ).",
        width=18,
    ),
    Column(
        "scheme",
        "Hệ thống",
        ("he thong don vi", "dia gioi", "scheme"),
        False,
        "cũ (63 tỉnh, trước 01/07/2025) hoặc mới (34 tỉnh, từ 01/07/2025); để trống là mới.",
        width=10,
    ),
    Column("name", "Tên kế hoạch", ("ke hoach", "plan"), True, "Tên kế hoạch như trong văn bản.", width=36),
    Column(
        "period_start",
        "Từ ngày",
        ("tu", "bat dau", "ngay bat dau", "start"),
        True,
        "Ngày bắt đầu giai đoạn: dd/mm/yyyy hoặc chỉ năm (2021 = 01/01/2021).",
        width=12,
    ),
    Column(
        "period_end",
        "Đến ngày",
        ("den", "ket thuc", "ngay ket thuc", "end"),
        True,
        "Ngày kết thúc giai đoạn: dd/mm/yyyy hoặc chỉ năm (2025 = 31/12/2025).",
        width=12,
    ),
    Column(
        "reference",
        "Văn bản",
        ("so van ban", "so ke hoach", "can cu", "reference"),
        False,
        "Số, ký hiệu văn bản: Kế hoạch số 123/KH-UBND.",
        width=24,
    ),
    Column(
        "kind",
        "Loại chỉ tiêu",
        ("loai", "kind"),
        True,
        "Tên loại chỉ tiêu (xem bảng bên dưới), mã loại, hoặc cách viết thường gặp: "
        "“sản phẩm 4 sao”, “tỷ lệ hợp tác xã”, “điểm bán”, “tập huấn cán bộ”.",
        width=30,
    ),
    Column(
        "stars",
        "Hạng sao",
        ("so sao", "sao", "stars"),
        False,
        "3, 4 hoặc 5: bắt buộc với chỉ tiêu sản phẩm theo hạng sao; không bắt buộc với chỉ tiêu công nhận.",
        width=10,
    ),
    Column(
        "producer_type",
        "Loại hình chủ thể",
        ("loai hinh", "producer type"),
        False,
        "Với chỉ tiêu tỷ lệ chủ thể theo loại hình: Hợp tác xã, Tổ hợp tác, Doanh nghiệp, "
        "Hộ sản xuất kinh doanh.",
        width=18,
    ),
    Column(
        "description",
        "Nội dung chỉ tiêu",
        ("chi tieu", "noi dung", "description"),
        True,
        "Chỉ tiêu như ghi trong kế hoạch; không trùng trong cùng kế hoạch.",
        width=40,
    ),
    Column(
        "target_value",
        "Giá trị chỉ tiêu",
        ("gia tri", "chi tieu so", "muc tieu", "target"),
        True,
        "Số lớn hơn 0; tỷ lệ viết 40 hoặc 40%; số thập phân dùng dấu phẩy (2,5).",
        width=14,
    ),
    Column(
        "manual_value",
        "Kết quả nhập tay",
        ("ket qua", "ket qua dat duoc", "da dat", "manual value"),
        False,
        "Chỉ với chỉ tiêu hệ thống không tự tính được (trực tuyến, điểm bán, tập huấn, làng nghề, khác).",
        width=14,
    ),
    Column(
        "manual_source",
        "Nguồn số liệu",
        ("nguon", "nguon ket qua", "source"),
        False,
        "Bắt buộc khi có kết quả nhập tay: báo cáo, văn bản nguồn.",
        width=28,
    ),
]
BY_FIELD = {c.field: c for c in COLUMNS}

EXAMPLE_ROWS = [
    ["Cao Bằng", "mới", "Kế hoạch thực hiện Chương trình OCOP giai đoạn 2021–2025", "01/01/2021",
     "31/12/2025", "Kế hoạch số 1234/KH-UBND", "Số sản phẩm OCOP theo hạng sao", 4, "",
     "10 sản phẩm 4 sao đến hết 2025", 10, "", ""],
    ["Cao Bằng", "mới", "Kế hoạch thực hiện Chương trình OCOP giai đoạn 2021–2025", "01/01/2021",
     "31/12/2025", "Kế hoạch số 1234/KH-UBND", "tỷ lệ hợp tác xã", "", "Hợp tác xã",
     "Ít nhất 40% chủ thể OCOP là hợp tác xã", "40%", "", ""],
    ["Cao Bằng", "mới", "Kế hoạch thực hiện Chương trình OCOP giai đoạn 2021–2025", "01/01/2021",
     "31/12/2025", "Kế hoạch số 1234/KH-UBND", "Tỷ lệ cán bộ OCOP được tập huấn (%)", "",
     "", "Đào tạo 100% cán bộ OCOP các cấp", "100", "85", "Báo cáo 6 tháng đầu năm 2024"],
]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Forgiving parsers of plan values: the value, or ValueError with a Vietnamese message


def parse_scheme(value) -> str:
    folded = vntext.fold(display(value))
    if folded in ("", "moi", "current", "hien hanh", "34 tinh", "sau sap nhap"):
        return Scheme.CURRENT
    if folded in ("cu", "legacy", "63 tinh", "truoc sap nhap", "truoc 01 07 2025"):
        return Scheme.LEGACY
    raise ValueError("Hệ thống phải là “cũ” (trước 01/07/2025) hoặc “mới” (từ 01/07/2025).")


def _has(text: str, *words: str) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", text) for w in words)


def parse_kind(value) -> tuple[str, int | None, str]:
    """The target kind from its label, its code or the way reports write it, with the stars and
    producer type the text implies ("sản phẩm 4 sao" → products by star, 4)."""
    text = display(value)
    folded = vntext.fold(text)
    if not folded:
        raise ValueError("Thiếu loại chỉ tiêu.")
    for kind, label in TargetKind.choices:
        if folded in (kind, vntext.fold(kind.replace("_", " ")), vntext.fold(str(label))):
            return kind, None, ""
        if folded == vntext.fold(re.sub(r"\(.*?\)", "", str(label))):
            return kind, None, ""
    stars = None
    found = re.search(r"\b([345])\s*sao\b", folded)
    # "3-4 sao" (folded "3 4 sao"), "3 đến 5 sao": a range, not one class of stars.
    if found and not re.search(r"\b[345]\s+(den\s+|va\s+)?[345]\s*sao\b", folded):
        stars = int(found.group(1))
    share = _has(folded, "ty le", "phan tram") or "%" in text
    if _has(folded, "chi tieu khac", "khac"):
        return TargetKind.OTHER, None, ""
    if _has(folded, "kenh hien dai", "kenh ban hang hien dai", "sieu thi", "cua hang tien loi"):
        return TargetKind.MODERN_CHANNEL_SHARE, None, ""
    if _has(folded, "truc tuyen", "online", "thuong mai dien tu", "san tmdt"):
        return TargetKind.ONLINE_CHANNEL_SHARE, None, ""
    if _has(folded, "diem gioi thieu", "diem ban", "diem ban hang", "cua hang", "showroom"):
        return TargetKind.POINTS_OF_SALE, None, ""
    if _has(folded, "tap huan", "dao tao", "can bo"):
        if _has(folded, "chu the") and not _has(folded, "can bo"):
            return TargetKind.PRODUCERS_TRAINED_SHARE, None, ""
        if _has(folded, "so can bo", "so luot can bo") and not share:
            return TargetKind.OFFICIALS_TRAINED, None, ""
        return TargetKind.OFFICIALS_TRAINED_SHARE, None, ""
    if _has(folded, "lang nghe"):
        return TargetKind.CRAFT_VILLAGES_SHARE, None, ""
    if _has(folded, "kinh te tuan hoan", "tuan hoan"):
        return TargetKind.CIRCULAR_CHAIN_SHARE, None, ""
    if _has(folded, "chuoi gia tri"):
        return TargetKind.VALUE_CHAIN_SHARE, None, ""
    if _has(folded, "huy dong nguon luc", "nguon luc", "kinh phi"):
        return TargetKind.FUNDING_TOTAL, None, ""
    if _has(folded, "doanh nghiep nho va vua", "dnnvv", "sme"):
        return TargetKind.SME_SHARE, None, ""
    # "hộ" or "cơ sở" alone are too vague in a sentence; only the full names of households count.
    households = (("ho kinh doanh", "ho san xuat"), ProducerType.HOUSEHOLD)
    for words, producer_type in [*PRODUCER_TYPE_WORDS[:3], households]:
        if (share or _has(folded, "chu the")) and _has(folded, *words):
            return TargetKind.PRODUCER_TYPE_SHARE, None, producer_type
    if _has(folded, "cung co", "danh gia lai") or (share and _has(folded, "nang hang", "nang sao")):
        return TargetKind.RERATED_SHARE, None, ""
    if _has(folded, "nang hang", "nang sao"):
        return TargetKind.RECOGNITIONS_UPGRADED, stars, ""
    if _has(folded, "cong nhan moi"):
        return TargetKind.RECOGNITIONS_NEW, stars, ""
    if _has(folded, "cong nhan lai", "tai cong nhan"):
        return TargetKind.RECOGNITIONS_RENEWED, stars, ""
    if _has(folded, "luot cong nhan", "luot"):
        return TargetKind.RECOGNITIONS_TOTAL, stars, ""
    if _has(folded, "luy ke", "giai doan", "duoc cong nhan"):
        return TargetKind.PRODUCTS_RECOGNISED, stars, ""
    if _has(folded, "san pham", "sp") or stars:
        if stars:
            return TargetKind.PRODUCTS_STARS, stars, ""
        return TargetKind.PRODUCTS_TOTAL, None, ""
    raise ValueError(
        "Không nhận ra loại chỉ tiêu; dùng tên loại trong sheet Hướng dẫn (ví dụ “Số sản phẩm OCOP theo "
        "hạng sao”), mã loại (products_stars) hoặc cách viết như “sản phẩm 4 sao”, “tỷ lệ hợp tác xã”."
    )


def resolve_unit(value, scheme: str) -> AdminUnit:
    """The unit named (or coded) in a cell, in the given scheme."""
    text = display(value)
    if not text:
        raise ValueError("Thiếu đơn vị.")
    scheme_label = "cũ" if scheme == Scheme.LEGACY else "mới"
    if text.isdigit():
        level = {1: Level.PROVINCE, 2: Level.PROVINCE, 3: Level.DISTRICT, 5: Level.COMMUNE}.get(len(text))
        unit = AdminUnit.objects.filter(scheme=scheme, level=level, code=int(text)).first() if level else None
        if unit is None:
            raise ValueError(f"Không có đơn vị mã {text} trong hệ thống {scheme_label}.")
        return unit
    date = resolver.REFORM_DATE if scheme == Scheme.CURRENT else resolver.REFORM_DATE - datetime.timedelta(1)
    resolution = resolver.resolve(text, date=date)
    if not resolution.resolved:
        message = resolution.message
        if resolution.suggestions:
            message += " Có phải: " + "; ".join(resolution.suggestions[:5]) + "?"
        raise ValueError(message)
    unit = resolution.unit
    if unit.scheme != scheme:
        if unit.is_legacy:
            now = ", ".join(c.unit.name for c in resolution.matches[0].counterparts[:3])
            raise ValueError(
                f"{unit.label} là đơn vị trước 01/07/2025"
                + (f" (nay thuộc {now})" if now else "")
                + ": ghi Hệ thống = cũ, hoặc dùng đơn vị mới."
            )
        raise ValueError(f"{unit.label} là đơn vị từ 01/07/2025: ghi Hệ thống = mới.")
    return unit


# --------------------------------------------------------------------------------------------
# Validation


@dataclass
class TargetRow:
    row: int
    kind: str
    description: str
    target_value: str  # Decimal as text (the payload goes into the session as JSON)
    stars: int | None = None
    producer_type: str = ""
    manual_value: str | None = None
    manual_source: str = ""


@dataclass
class PlanRows:
    unit_id: int
    unit_label: str
    name: str
    period_start: str  # ISO date
    period_end: str
    reference: str = ""
    rows: list[int] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)

    @property
    def period(self) -> str:
        start = datetime.date.fromisoformat(self.period_start)
        end = datetime.date.fromisoformat(self.period_end)
        return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


@dataclass
class Parsed:
    plans: list[PlanRows]
    problems: list[Problem]
    rows: int

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_payload(self) -> dict:
        return {"plans": [asdict(p) for p in self.plans], "rows": self.rows}

    @classmethod
    def from_payload(cls, payload: dict) -> "Parsed":
        plans = []
        for item in payload["plans"]:
            targets = [TargetRow(**t) for t in item["targets"]]
            plans.append(PlanRows(**{**item, "targets": targets}))
        return cls(plans, [], payload["rows"])


class _Row:
    def __init__(self, number: int, values: tuple, mapping: Mapping, problems: list[Problem]):
        self.number, self.values, self.mapping, self.problems = number, values, mapping, problems
        self.failed = False
        self.failed_fields: set[str] = set()

    def raw(self, name: str) -> Any:
        position = self.mapping.index.get(name)
        if position is None or position >= len(self.values):
            return None
        return self.values[position]

    def text(self, name: str) -> str:
        return display(self.raw(name))

    def error(self, name: str, message: str) -> None:
        header = self.mapping.headers.get(name) or BY_FIELD[name].label
        self.problems.append(Problem(self.number, header, self.text(name), message))
        self.failed = True
        self.failed_fields.add(name)

    def parse(self, name: str, parser, *args, **kwargs):
        raw = self.raw(name)
        if raw is None or display(raw) == "":
            if BY_FIELD[name].required:
                self.error(name, f"Thiếu {BY_FIELD[name].label.lower()}.")
            return None
        try:
            return parser(raw, *args, **kwargs)
        except ValueError as error:
            self.error(name, str(error))
            return None


def validate(source, *, units_allowed=None) -> Parsed:
    """Read and check every row. `units_allowed(unit) -> bool` limits the units plans may be for
    (None: no limit, as for the command). Raises FileProblem when the file cannot be read.

    The problems are in Vietnamese whatever the uploader's language: the rows are checked with
    the services' (translated) rules under the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _validate(source, units_allowed=units_allowed)


def _validate(source, *, units_allowed) -> Parsed:
    table = read_table(source, COLUMNS, percentages=True)  # a cell shown as 40% holds 0.4
    mapping = map_headers(table, COLUMNS)
    rows = table.rows
    problems: list[Problem] = []
    plans: dict[tuple, PlanRows] = {}
    first_row: dict[tuple, int] = {}
    descriptions: dict[tuple, dict[str, int]] = defaultdict(dict)
    unit_cache: dict[tuple[str, str], AdminUnit | str] = {}
    stars_message = f"Hạng sao phải là {certified_stars_text()}."
    for number, values in rows:
        row = _Row(number, values, mapping, problems)
        scheme = row.parse("scheme", parse_scheme) or Scheme.CURRENT
        unit = None
        unit_text = row.text("unit")
        if not unit_text:
            row.error("unit", "Thiếu đơn vị.")
        elif "scheme" not in row.failed_fields:
            key = (vntext.fold(unit_text), scheme)
            if key not in unit_cache:
                try:
                    unit_cache[key] = resolve_unit(unit_text, scheme)
                except ValueError as error:
                    unit_cache[key] = str(error)
            if isinstance(unit_cache[key], str):
                row.error("unit", unit_cache[key])
            else:
                unit = unit_cache[key]
                if units_allowed is not None and not units_allowed(unit):
                    row.error("unit", f"Bạn không có quyền lập kế hoạch cho {unit.label}.")
                    unit = None
        name = row.text("name")
        if not name:
            row.error("name", "Thiếu tên kế hoạch.")
        elif len(name) > 255:
            row.error("name", "Tên kế hoạch dài quá 255 ký tự.")
        start = row.parse("period_start", parse_date, years=True)
        end = row.parse("period_end", parse_date, years=True, end=True)
        if start and end and end <= start:
            row.error("period_end", "Ngày kết thúc phải sau ngày bắt đầu.")
        reference = row.text("reference")
        if len(reference) > 200:
            row.error("reference", "Văn bản dài quá 200 ký tự.")
        parsed_kind = row.parse("kind", parse_kind)
        kind, implied_stars, implied_type = parsed_kind or ("", None, "")
        stars = row.parse("stars", parse_stars, message=stars_message)
        producer_type = row.parse("producer_type", parse_producer_type) or ""
        if stars is None and implied_stars and kind in services.STAR_KINDS:
            stars = implied_stars
        if not producer_type and implied_type:
            producer_type = implied_type
        description = row.text("description")
        target_value = row.parse("target_value", parse_number)
        manual_value = row.parse("manual_value", parse_number)
        manual_source = row.text("manual_source")
        if parsed_kind:
            target = Target(
                kind=kind,
                description=description,
                target_value=target_value,
                stars=stars,
                producer_type=producer_type,
                manual_value=manual_value,
                manual_source=manual_source,
            )
            for field_name, message in services.target_problems(target).items():
                if field_name not in row.failed_fields:
                    row.error(field_name, message)
        if row.failed:
            continue
        plan_key = (unit.pk, vntext.fold(name), start, end)
        plan = plans.get(plan_key)
        if plan is None:
            plan = plans[plan_key] = PlanRows(
                unit_id=unit.pk,
                unit_label=unit.label,
                name=name,
                period_start=start.isoformat(),
                period_end=end.isoformat(),
                reference=reference,
            )
            first_row[plan_key] = number
        elif reference and plan.reference and vntext.fold(reference) != vntext.fold(plan.reference):
            row.error(
                "reference",
                f"Khác với văn bản “{plan.reference}” của cùng kế hoạch ở dòng {first_row[plan_key]}.",
            )
            continue
        else:
            plan.reference = plan.reference or reference
        folded = vntext.fold(target.description)
        if folded in descriptions[plan_key]:
            row.error(
                "description",
                f"Trùng chỉ tiêu ở dòng {descriptions[plan_key][folded]} của cùng kế hoạch.",
            )
            continue
        descriptions[plan_key][folded] = number
        plan.rows.append(number)
        plan.targets.append(
            TargetRow(
                row=number,
                kind=target.kind,
                description=target.description,
                target_value=str(target.target_value),
                stars=target.stars,
                producer_type=target.producer_type,
                manual_value=None if target.manual_value is None else str(target.manual_value),
                manual_source=target.manual_source,
            )
        )
    if not rows:
        problems.append(Problem(0, "", "", "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return Parsed(list(plans.values()), problems, len(rows))


# --------------------------------------------------------------------------------------------
# Writing


COUNT_LABELS = {
    "plans_created": "Kế hoạch tạo mới",
    "plans_existing": "Kế hoạch đã có",
    "targets_created": "Chỉ tiêu tạo mới",
    "targets_updated": "Chỉ tiêu cập nhật",
    "targets_unchanged": "Chỉ tiêu không đổi",
}


def _same(target: Target, row: TargetRow) -> bool:
    manual = None if row.manual_value is None else Decimal(row.manual_value)
    return (
        target.kind == row.kind
        and target.target_value == Decimal(row.target_value)
        and target.stars == row.stars
        and target.producer_type == row.producer_type
        and (
            row.manual_value is None
            or (target.manual_value == manual and target.manual_source == row.manual_source)
        )
    )


def plan_counts(parsed: Parsed) -> dict[str, int]:
    """What an import would do, without writing."""
    counts = dict.fromkeys(COUNT_LABELS, 0)
    for item in parsed.plans:
        existing = services.same_plan(
            item.unit_id,
            item.name,
            datetime.date.fromisoformat(item.period_start),
            datetime.date.fromisoformat(item.period_end),
        )
        counts["plans_existing" if existing else "plans_created"] += 1
        for row in item.targets:
            target = services.same_target(existing, row.description) if existing else None
            if target is None:
                counts["targets_created"] += 1
            else:
                counts["targets_unchanged" if _same(target, row) else "targets_updated"] += 1
    return counts


@transaction.atomic
def write(parsed: Parsed, *, actor, source: str = "") -> dict[str, int]:
    """Write every plan and target through the services, all or nothing (a service refusing one
    row undoes the whole import). Existing plans and targets are matched, not duplicated."""
    from ocop.core.audit import audit_log

    counts = dict.fromkeys(COUNT_LABELS, 0)
    for item in parsed.plans:
        start = datetime.date.fromisoformat(item.period_start)
        end = datetime.date.fromisoformat(item.period_end)
        plan = services.same_plan(item.unit_id, item.name, start, end)
        if plan is None:
            plan = services.plan_create(
                actor=actor,
                name=item.name,
                unit=AdminUnit.objects.get(pk=item.unit_id),
                period_start=start,
                period_end=end,
                reference=item.reference,
            )
            counts["plans_created"] += 1
        else:
            counts["plans_existing"] += 1
            if item.reference and item.reference != plan.reference:
                services.plan_update(actor=actor, plan=plan, reference=item.reference)
        for row in item.targets:
            target = services.same_target(plan, row.description)
            values = {
                "kind": row.kind,
                "target_value": Decimal(row.target_value),
                "stars": row.stars,
                "producer_type": row.producer_type,
            }
            if target is None:
                services.target_add(
                    actor=actor,
                    plan=plan,
                    description=row.description,
                    manual_value=row.manual_value,
                    manual_source=row.manual_source,
                    **values,
                )
                counts["targets_created"] += 1
            elif _same(target, row):
                counts["targets_unchanged"] += 1
            else:
                manual = {}
                if row.manual_value is not None:
                    manual = {"manual_value": row.manual_value, "manual_source": row.manual_source}
                services.target_update(actor=actor, target=target, **values, **manual)
                counts["targets_updated"] += 1
    audit_log(actor=actor, action="programme.import_plans", source=source, **counts)
    return counts


def import_file(source, *, actor, dry_run: bool = False, units_allowed=None) -> tuple[Parsed, dict]:
    """Validate, then (unless `dry_run` or any problem) write. Returns the check and the counts."""
    parsed = validate(source, units_allowed=units_allowed)
    if parsed.problems or dry_run:
        return parsed, {**plan_counts(parsed), "written": False}
    counts = write(parsed, actor=actor, source=str(getattr(source, "name", source)))
    return parsed, {**counts, "written": True}


# --------------------------------------------------------------------------------------------
# Template


def template_xlsx() -> bytes:
    """The import template: the data sheet with example rows, and a "Hướng dẫn" sheet (written by
    core.spreadsheets, like the registry lists' templates)."""
    from ocop.core import spreadsheets
    from ocop.core.tabular import Limits

    kinds = [
        [
            str(label),
            kind,
            ("tính từ cơ sở dữ liệu" if kind in COMPUTED_KINDS else "nhập tay (cột Kết quả nhập tay)")
            + (", tỷ lệ %" if kind in PERCENT_KINDS else ""),
        ]
        for kind, label in TargetKind.choices
    ]
    return spreadsheets.render_template(
        spreadsheets.Template(
            title="Nhập kế hoạch và chỉ tiêu OCOP",
            sheet_title="Kế hoạch",
            columns=COLUMNS,
            examples=EXAMPLE_ROWS,
            notes=[
                "Mỗi dòng là một chỉ tiêu. Các dòng cùng Đơn vị, Tên kế hoạch, Từ ngày, Đến ngày thuộc "
                "cùng một kế hoạch. Nhập lại cùng tệp không tạo kế hoạch hay chỉ tiêu trùng: chỉ tiêu được "
                "nhận ra theo nội dung chỉ tiêu trong kế hoạch. Tệp có lỗi thì không nhập dòng nào.",
                "Giới hạn: " + Limits.from_settings().describe(),
            ],
            extra_tables=[(["Loại chỉ tiêu", "Mã", "Kết quả"], kinds)],
        )
    )
