"""Staged imports of the lists provinces keep: "danh sách sản phẩm OCOP" and producer lists.

Upload → read the header (folded: any case, with or without diacritics) → parse and validate every
row, listing every problem as {row, column, value, message} → confirm → write. All-or-nothing unless
`keep_valid`. Re-importing the same file changes nothing: producers are matched by tax code, else
by name + commune (or province); products by (producer, name); certificates by (product, decision
number, decision date).

The recognition rules are certification's one validator (`recognitions.resolve_recognitions`, run
on every row once the whole file is read, against the products' chains) and the certificates are
written by its one bulk writer (`services.certificates_issue_bulk`, which checks them again); places
go through `geo.resolver`. Reading the file, problems and the general parsers are `core.tabular`'s;
producer types and stars are parsed by `registry.parsing`. Everything the validation needs is
loaded into memory once, so a 20,000-row list costs a handful of queries, not one per row.
"""

import contextlib
import datetime
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone, translation

from ocop.accounts.permissions import Scope
from ocop.certification.models import Certificate, IssuerLevel, Kind
from ocop.certification.recognitions import ProducerPlace, Recognition, load_chains, resolve_recognitions
from ocop.certification.services import certificates_issue_bulk
from ocop.core import tabular, vntext
from ocop.core.audit import audit_log, audit_log_each, audit_log_many
from ocop.core.bulk import field_defaults, insert_rows
from ocop.core.tabular import (
    DATE_FORMATS_HELP,
    Column,
    Mapping,
    Problem,
    Table,
    display,
    map_headers,
    parse_date,
    parse_number,
    read_table,
)
from ocop.core.tabular import FileProblem as FileProblem  # re-exported: callers catch it from here
from ocop.geo import resolver
from ocop.geo.models import AdminUnit, Level, Scheme
from ocop.registry.models import Producer, ProducerType, Product
from ocop.registry.parsing import PRODUCER_TYPE_HELP, parse_producer_type, parse_stars
from ocop.registry.producer_rules import ProducerKey, same_producer, sme_problem
from ocop.registry.services import normalise_tax_code
from ocop.rules.models import ProductGroup, ProductSet, Regime
from ocop.rules.selectors import clear_cache as clear_regime_cache
from ocop.rules.selectors import regime_id_at

PRODUCTS, PRODUCERS = "products", "producers"
PREVIEW_ROWS = 20
PROGRESS_EVERY = 500
BATCH_SIZE = 1000

Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------------------------
# Columns


NAME = Column(
    "product_name",
    "Tên sản phẩm",
    ("san pham", "product name", "product"),
    True,
    "Tên sản phẩm như trong quyết định công nhận.",
    example="Bánh pía nhân sầu riêng",
    width=34,
)
GROUP = Column(
    "group",
    "Nhóm sản phẩm",
    ("nhom", "nganh hang", "product group", "group"),
    True,
    "Nhóm sản phẩm theo bộ tiêu chí OCOP.",
    "Tên nhóm hoặc mã: Thực phẩm (food), Đồ uống (drink), Dược liệu… (herbal), Thủ công mỹ nghệ "
    "(handicraft), Sinh vật cảnh (ornamental), Dịch vụ du lịch… (tourism)",
    "Thực phẩm",
    22,
)
PRODUCT_SET = Column(
    "product_set",
    "Bộ sản phẩm",
    ("bo", "phan nhom", "product set", "set"),
    False,
    "Bộ sản phẩm (phân nhóm) thuộc nhóm sản phẩm; để trống nếu không rõ.",
    "Tên bộ sản phẩm thuộc nhóm đã chọn (xem sheet Danh mục)",
    "Chế biến từ gạo, ngũ cốc",
    26,
)
PRODUCER_NAME = Column(
    "producer_name",
    "Tên chủ thể",
    ("chu the", "chu the ocop", "ten chu the ocop", "ten co so", "producer", "producer name"),
    True,
    "Tên hợp tác xã, tổ hợp tác, doanh nghiệp hoặc hộ sản xuất kinh doanh.",
    example="Cơ sở Bánh pía Tân Huê Viên",
    width=34,
)
PRODUCER_TYPE = Column(
    "producer_type",
    "Loại hình chủ thể",
    ("loai hinh", "loai hinh to chuc", "producer type", "type"),
    True,
    "Loại hình tổ chức của chủ thể.",
    PRODUCER_TYPE_HELP,
    "Hộ sản xuất kinh doanh",
    22,
)
TAX_CODE = Column(
    "tax_code",
    "Mã số thuế",
    ("mst", "ma so thue so dkkd", "so dkkd", "ma so doanh nghiep", "tax code"),
    False,
    "Mã số thuế (10 hoặc 13 chữ số) hoặc số đăng ký kinh doanh của hộ; dùng để nhận ra chủ thể đã có.",
    "10 hoặc 13 chữ số, có kiểm tra chữ số cuối",
    "",
    16,
)
ADDRESS = Column(
    "address",
    "Địa chỉ",
    ("dia chi chu the", "so nha duong ap", "address"),
    False,
    "Số nhà, đường, ấp/khóm (không cần ghi xã, huyện, tỉnh).",
    example="Ấp Phước Quới",
    width=26,
)
COMMUNE = Column(
    "commune",
    "Xã/Phường",
    ("xa", "phuong", "xa phuong thi tran", "phuong xa", "commune", "ward"),
    True,
    "Xã/phường/thị trấn: theo địa giới hiện hành, hoặc địa giới cũ (trước 01/07/2025) kèm Huyện.",
    "Tên xã/phường, có hoặc không có dấu",
    "Xã An Hiệp",
    22,
)
DISTRICT = Column(
    "district",
    "Huyện",
    ("quan huyen", "huyen cu", "huyen thi xa thanh pho", "district"),
    False,
    "Quận/huyện/thị xã (địa giới cũ, trước 01/07/2025); bỏ trống nếu dùng địa giới mới.",
    "Tên huyện cũ",
    "Huyện Châu Thành",
    20,
)
PROVINCE = Column(
    "province",
    "Tỉnh/Thành phố",
    ("tinh", "tinh thanh", "tinh tp", "thanh pho", "province"),
    True,
    "Tỉnh/thành phố: hiện hành (34 tỉnh) hoặc cũ (63 tỉnh) với quyết định trước 01/07/2025.",
    "Tên tỉnh, có hoặc không có dấu",
    "Sóc Trăng",
    18,
)
STARS = Column(
    "stars",
    "Số sao",
    ("hang sao", "xep hang", "so sao ocop", "stars"),
    True,
    "Hạng sao được công nhận.",
    '3, 4 hoặc 5 (chấp nhận "4 sao", "4★")',
    4,
    10,
)
SCORE = Column(
    "score",
    "Điểm",
    ("diem danh gia", "tong diem", "diem so", "score"),
    False,
    "Điểm đánh giá (0–100); nếu có phải khớp với số sao theo quy định tại ngày quyết định.",
    "Số từ 0 đến 100, dấu phẩy hoặc dấu chấm thập phân (85,5)",
    75.5,
    10,
)
DECISION_NUMBER = Column(
    "decision_number",
    "Số quyết định",
    ("so qd", "quyet dinh so", "so quyet dinh cong nhan", "decision number", "decision"),
    True,
    "Số quyết định công nhận.",
    example="1234/QĐ-UBND",
    width=20,
)
DECISION_DATE = Column(
    "decision_date",
    "Ngày quyết định",
    ("ngay qd", "ngay cong nhan", "ngay ky quyet dinh", "decision date"),
    True,
    "Ngày ký quyết định công nhận; không sau ngày hôm nay.",
    DATE_FORMATS_HELP,
    datetime.date(2023, 8, 15),
    16,
)
ISSUER_LEVEL = Column(
    "issuer_level",
    "Cấp công nhận",
    ("cap", "cap quyet dinh", "co quan cong nhan", "issuer level"),
    False,
    "Cấp ra quyết định; để trống thì lấy theo quy định tại ngày quyết định.",
    "Cấp huyện, Cấp tỉnh, Trung ương",
    "Cấp tỉnh",
    14,
)
KIND = Column(
    "kind",
    "Hình thức",
    ("hinh thuc cong nhan", "loai cong nhan", "kind"),
    False,
    "Hình thức công nhận; để trống thì suy ra từ lần công nhận trước (mới nếu chưa có).",
    "Công nhận mới, Công nhận lại, Nâng hạng, Hạ hạng",
    "Công nhận mới",
    16,
)
EXPIRY = Column(
    "valid_until",
    "Ngày hết hạn",
    ("het han", "hieu luc den", "ngay het hieu luc", "expiry date", "valid until"),
    False,
    "Ngày hết hạn ghi trên giấy chứng nhận; để trống thì tính 36 tháng từ ngày quyết định.",
    DATE_FORMATS_HELP,
    "",
    16,
)

PRODUCT_COLUMNS = [
    NAME,
    GROUP,
    PRODUCT_SET,
    PRODUCER_NAME,
    PRODUCER_TYPE,
    TAX_CODE,
    ADDRESS,
    COMMUNE,
    DISTRICT,
    PROVINCE,
    STARS,
    SCORE,
    DECISION_NUMBER,
    DECISION_DATE,
    ISSUER_LEVEL,
    KIND,
    EXPIRY,
]

YES_NO = "x, có, 1 (để trống nếu không)"
PRODUCER_COLUMNS = [
    PRODUCER_NAME,
    PRODUCER_TYPE,
    TAX_CODE,
    Column("representative", "Người đại diện", ("dai dien", "representative"), example="Nguyễn Văn A"),
    Column("phone", "Điện thoại", ("so dien thoai", "sdt", "dt", "phone"), example="0299 3822 123"),
    Column("email", "Email", ("thu dien tu", "e mail"), example="", accepted="Địa chỉ thư điện tử"),
    ADDRESS,
    Column(
        "commune",
        COMMUNE.label,
        COMMUNE.aliases,
        False,
        COMMUNE.help + " Để trống nếu chưa rõ.",
        COMMUNE.accepted,
        "Xã An Ninh",
        22,
    ),
    Column("district", DISTRICT.label, DISTRICT.aliases, False, DISTRICT.help, DISTRICT.accepted, "", 20),
    Column(
        "province", PROVINCE.label, PROVINCE.aliases, True, "Tỉnh/thành phố.", PROVINCE.accepted, "Cần Thơ"
    ),
    Column("is_sme", "Doanh nghiệp nhỏ và vừa", ("dnnvv", "sme"), False, "Chỉ với doanh nghiệp.", YES_NO),
    Column("women_led", "Phụ nữ làm chủ", ("do phu nu lam chu", "women led"), False, "", YES_NO),
    Column(
        "ethnic_minority_led",
        "Dân tộc thiểu số làm chủ",
        ("do nguoi dan toc thieu so lam chu", "dtts lam chu", "ethnic minority led"),
        False,
        "",
        YES_NO,
    ),
]

COLUMNS = {PRODUCTS: PRODUCT_COLUMNS, PRODUCERS: PRODUCER_COLUMNS}
# Headers that are known but carry nothing to import (row numbers, derived status in our exports).
IGNORED_HEADERS = tabular.IGNORED_HEADERS | {"no", "tinh trang", "trang thai", "status"}


# --------------------------------------------------------------------------------------------
# Forgiving parsers of list values: each returns the value or raises ValueError with a Vietnamese
# message


def parse_score(value) -> Decimal:
    """An evaluation score from 0 to 100: 85.5, "85,5", "85.5"."""
    number = parse_number(value, message="Điểm phải là một số (ví dụ 85,5).", thousands=False)
    if not (0 <= number <= 100):
        raise ValueError("Điểm phải trong khoảng 0–100.")
    return number.quantize(Decimal("0.01"))


_KIND_WORDS = {
    Kind.NEW: ("cong nhan moi", "moi", "new", "lan dau"),
    Kind.RENEWED: ("cong nhan lai", "lai", "danh gia lai", "renewed", "tai cong nhan"),
    Kind.UPGRADED: ("nang hang", "nang sao", "upgraded", "nang hang sao"),
    Kind.DOWNGRADED: ("ha hang", "ha sao", "downgraded"),
}
_LEVEL_WORDS = {
    IssuerLevel.DISTRICT: ("cap huyen", "huyen", "ubnd huyen", "district"),
    IssuerLevel.PROVINCE: ("cap tinh", "tinh", "ubnd tinh", "province"),
    IssuerLevel.CENTRAL: ("trung uong", "cap trung uong", "tw", "bo", "quoc gia", "central"),
}


def _choice(value, words: dict, message: str) -> str:
    folded = vntext.fold(display(value))
    for choice, names in words.items():
        if folded == choice or folded in names:
            return choice
    raise ValueError(message)


def parse_kind(value) -> str:
    return _choice(
        value, _KIND_WORDS, "Hình thức phải là: Công nhận mới, Công nhận lại, Nâng hạng hoặc Hạ hạng."
    )


def parse_issuer_level(value) -> str:
    return _choice(value, _LEVEL_WORDS, "Cấp công nhận phải là: Cấp huyện, Cấp tỉnh hoặc Trung ương.")


def parse_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    folded = vntext.fold(display(value))
    if folded in ("", "0", "khong", "no", "false", "k"):
        return False
    if folded in ("x", "co", "1", "yes", "true", "c", "dung") or display(value) in ("✓", "✔"):
        return True
    raise ValueError("Ghi “x” hoặc “có”, để trống nếu không.")


# --------------------------------------------------------------------------------------------
# Places


@dataclass
class Place:
    province: AdminUnit  # current scheme
    commune: AdminUnit | None = None
    legacy_province: AdminUnit | None = None
    legacy_district: AdminUnit | None = None
    legacy_commune: AdminUnit | None = None
    warning: str = ""


class PlaceLookup:
    """Resolves (commune, district, province, date) once per distinct place through the resolver."""

    def __init__(self):
        self.cache: dict[tuple, tuple[Place | None, list[tuple[str, str]]]] = {}
        self.as_written: dict[tuple, tuple[Place | None, list[tuple[str, str]]]] = {}
        self.provinces: dict[tuple, resolver.Resolution] = {}

    def find(self, commune: str, district: str, province: str, date) -> tuple[Place | None, list]:
        """(place, [(field, message)]) — the place is None when there are errors."""
        legacy_terms = date is not None and date < resolver.REFORM_DATE
        written = (commune, district, province, legacy_terms)
        if written not in self.as_written:  # the same cells come back on many rows: fold them once
            key = (vntext.fold(commune), vntext.fold(district), vntext.fold(province), legacy_terms)
            if key not in self.cache:
                self.cache[key] = self._find(commune, district, province, date)
            self.as_written[written] = self.cache[key]
        return self.as_written[written]

    def _province(self, province: str, date) -> resolver.Resolution:
        """The resolver's answer for a province, once per text and scheme (the date only chooses
        the scheme preferred): a list names a few dozen provinces over thousands of places."""
        key = (province, date is None, date is not None and date < resolver.REFORM_DATE)
        if key not in self.provinces:
            self.provinces[key] = resolver.resolve(province, level=Level.PROVINCE, date=date)
        return self.provinces[key]

    def _find(self, commune: str, district: str, province: str, date):
        found = self._province(province, date)
        if found.status != resolver.RESOLVED:
            if found.status == resolver.UNKNOWN:
                return None, [("province", f"Không tìm thấy tỉnh/thành phố “{province}”.")]
            return None, [("province", found.message)]
        province_unit = found.unit
        place = Place(province=province_unit)
        if province_unit.is_legacy:
            place.legacy_province = province_unit
            successors = [c for c in found.matches[0].counterparts if c.unit.level == Level.PROVINCE]
            primary = [c.unit for c in successors if c.primary] or [c.unit for c in successors]
            if not primary:
                return None, [("province", f"Chưa có dữ liệu chuyển đổi cho {province_unit.label}.")]
            place.province = primary[0]
        if not vntext.fold(commune):
            return place, []
        query = f"{commune}, {district}" if vntext.fold(district) else commune
        found = resolver.resolve(query, province=province, date=date, level=Level.COMMUNE)
        if found.status == resolver.UNKNOWN:
            elsewhere = resolver.resolve(query, date=date, level=Level.COMMUNE)
            if elsewhere.status != resolver.UNKNOWN:
                return None, [("commune", f"Xã/phường “{query}” không thuộc {province_unit.label}.")]
            if vntext.fold(district) and resolver.resolve(commune, date=date, level=Level.COMMUNE).matches:
                return None, [("commune", f"Xã/phường “{commune}” không thuộc huyện “{district}”.")]
            hint = f" Gợi ý: {', '.join(found.suggestions)}." if found.suggestions else ""
            return None, [("commune", f"Không tìm thấy xã/phường “{query}”.{hint}")]
        matches = found.matches
        if found.status == resolver.RESOLVED:
            self._fill(place, matches[0].unit, matches[0].counterparts)
            return place, []
        # Ambiguous: a split legacy commune, or several units of that name. Not an error when they
        # all lie in one current province: the commune stays empty for a person to choose.
        provinces = {self._current_province_id(m) for m in matches} - {None}
        if len(provinces) != 1:
            return None, [("commune", found.message)]
        province_id = provinces.pop()
        place.province = resolver._get_index().by_id[province_id]
        legacy = [m.unit for m in matches if m.unit.is_legacy]
        if len(matches) == 1 and legacy:
            place.legacy_commune = legacy[0]
            place.legacy_district = self._district(legacy[0])
        if legacy and len({u.province_id for u in legacy}) == 1:
            place.legacy_province = legacy[0].province
        place.warning = f"{found.message} Xã/phường được để trống, cần chọn sau."
        return place, []

    @staticmethod
    def _district(unit: AdminUnit) -> AdminUnit | None:
        parent = unit.parent if unit.parent_id else None
        return parent if parent is not None and parent.level == Level.DISTRICT else None

    def _fill(self, place: Place, unit: AdminUnit, counterparts) -> None:
        if unit.scheme == Scheme.CURRENT:
            place.commune, place.province = unit, unit.province
            return
        place.legacy_commune = unit
        place.legacy_district = self._district(unit)
        place.legacy_province = unit.province
        communes = [c.unit for c in counterparts if c.unit.level == Level.COMMUNE]
        if len(communes) == 1:
            place.commune, place.province = communes[0], communes[0].province

    @staticmethod
    def _current_province_id(match) -> int | None:
        unit = match.unit
        if unit.scheme == Scheme.CURRENT:
            return unit.province_id
        ids = {c.unit.province_id for c in match.counterparts if c.unit.level == Level.COMMUNE}
        return ids.pop() if len(ids) == 1 else None


# --------------------------------------------------------------------------------------------
# Matching what is already there


class ProducerIndex:
    """Producers by tax code and by (folded name, province), both those in the database (ref = pk)
    and those the file will create (ref < 0). Which of the candidates is the same producer is
    `registry.producer_rules.same_producer`'s answer, the rule the producer form applies."""

    def __init__(self):
        self.by_tax: dict[str, int] = {}
        self.by_name: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.keys: dict[int, ProducerKey] = {}

    @classmethod
    def from_database(cls) -> "ProducerIndex":
        index = cls()
        rows = Producer.objects.order_by("pk").values_list(
            "pk", "tax_code", "search_name", "commune_id", "province_id"
        )
        for row in rows.iterator(chunk_size=5000):
            index.add(*row)
        return index

    def add(self, ref: int, tax: str, folded: str, commune_id, province_id) -> None:
        self.keys[ref] = ProducerKey(tax or "", folded, commune_id or None, province_id or None)
        if tax:
            self.by_tax.setdefault(tax, ref)
        self.by_name[(folded, province_id)].append(ref)

    def find(self, tax: str, folded: str, commune_id, province_id) -> int | None:
        key = ProducerKey(tax or "", folded, commune_id or None, province_id or None)
        candidates = ([self.by_tax[tax]] if tax in self.by_tax else []) + self.by_name.get(
            (folded, province_id), []
        )
        if not candidates:
            return None
        # The same tax code first, then the same commune, then the same province (as the form).
        candidates.sort(
            key=lambda ref: (
                not (tax and self.keys[ref].tax_code == tax),
                not key.commune_id or self.keys[ref].commune_id != key.commune_id,
            )
        )
        for ref in candidates:
            if same_producer(key, self.keys[ref]):
                return ref
        return None


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --------------------------------------------------------------------------------------------
# The plan: what validation found and what the import will write


class NewProduct(NamedTuple):
    name: str
    group_id: int
    product_set_id: int | None
    producer_ref: int


@dataclass
class Plan:
    kind: str
    total_rows: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    error_row_numbers: set[int] = field(default_factory=set)
    valid_rows: list[dict] = field(default_factory=list)  # parsed rows without errors
    new_producers: dict[int, Producer] = field(default_factory=dict)  # ref < 0 → unsaved producer
    # ref < 0 → the product to create, as values (an object each costs time and memory at 20,000)
    new_products: dict[int, NewProduct] = field(default_factory=dict)
    preview: list[dict] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def rows_rejected(self) -> int:
        return len(self.error_row_numbers)

    def error(self, row: int, column: str, value, message: str) -> None:
        self.errors.append(Problem(row, column, _shown(value), message))
        self.error_row_numbers.add(row)

    def counts(self, rows: list[dict] | None = None) -> dict:
        """What importing `rows` (the valid ones by default) creates and finds already there."""
        rows = self.valid_rows if rows is None else rows
        producers = {r["producer_ref"] for r in rows}
        counts = {
            "rows_total": self.total_rows,
            "rows_valid": len(self.valid_rows),
            "rows_rejected": self.rows_rejected,
            "producers_created": sum(1 for r in producers if r < 0),
            "producers_matched": sum(1 for r in producers if r > 0),
        }
        if self.kind == PRODUCTS:
            products = {r["product_ref"] for r in rows}
            counts |= {
                "products_created": sum(1 for r in products if r < 0),
                "products_matched": sum(1 for r in products if r > 0),
                "certificates_created": sum(1 for r in rows if not r["exists"]),
                "certificates_unchanged": sum(1 for r in rows if r["exists"]),
            }
        return counts

    def to_json(self) -> dict:
        return {
            "planned": self.counts(),
            "warnings": [w.to_dict() for w in self.warnings],
            "unknown_columns": self.unknown_columns,
            "preview": self.preview,
        }


def _shown(value, limit: int = 200) -> str:
    """A cell as a problem quotes it: long values cut, so a list of problems stays small."""
    text = display(value)
    return text if len(text) <= limit else text[:limit] + "…"


COUNT_LABELS = {
    "rows_total": "Tổng số dòng",
    "rows_valid": "Dòng hợp lệ",
    "rows_rejected": "Dòng bị loại",
    "producers_created": "Chủ thể tạo mới",
    "producers_matched": "Chủ thể đã có",
    "products_created": "Sản phẩm tạo mới",
    "products_matched": "Sản phẩm đã có",
    "certificates_created": "Giấy chứng nhận tạo mới",
    "certificates_unchanged": "Giấy chứng nhận không đổi",
}


# --------------------------------------------------------------------------------------------
# Validation


class _Row:
    """One data row: reads cells by field and records problems against the file's headers."""

    # Kept for every row until the file's recognition rules have run: slots keep them small.
    __slots__ = ("plan", "mapping", "columns", "number", "values", "failed", "too_long")

    def __init__(self, plan: Plan, mapping: Mapping, columns: dict[str, Column], number: int, values: tuple):
        self.plan, self.mapping, self.columns, self.number, self.values = (
            plan,
            mapping,
            columns,
            number,
            values,
        )
        self.failed = False
        self.too_long: frozenset[str] = frozenset()

    def header(self, name: str) -> str:
        return self.mapping.headers.get(name) or self.columns[name].label

    def raw(self, name: str):
        position = self.mapping.index.get(name)
        if position is None or position >= len(self.values):
            return None
        value = self.values[position]
        return value.strip() if isinstance(value, str) else value

    def text(self, name: str) -> str:
        text = " ".join(display(self.raw(name)).split())  # runs of spaces as one, as \s+ → " "
        limit = field_lengths().get(name)
        if limit and len(text) > limit and name not in self.too_long:
            # Checked here, row by row, rather than met as the database's "value too long".
            self.too_long |= {name}
            self.error(
                name, f"Dài {len(text):,} ký tự, tối đa {limit} ký tự.".replace(",", "."), text[:60] + "…"
            )
        return text

    def error(self, name: str, message: str, value=None) -> None:
        self.plan.error(self.number, self.header(name), self.raw(name) if value is None else value, message)
        self.failed = True

    def warn(self, name: str, message: str) -> None:
        self.plan.warnings.append(Problem(self.number, self.header(name), display(self.raw(name)), message))

    def parse(self, name: str, parser, *args):
        value = self.raw(name)
        if value is None or display(value) == "":
            if self.columns[name].required:
                self.error(name, f"Thiếu {self.columns[name].label.lower()}.")
            return None
        try:
            return parser(value, *args)
        except ValueError as error:
            self.error(name, str(error).rstrip("."))
            return None
        except ValidationError as error:
            self.error(name, error.messages[0])
            return None


@functools.cache
def field_lengths() -> dict[str, int]:
    """Each text column's limit: the max_length of the model field it is written to."""
    fields = {
        "product_name": Product._meta.get_field("name"),
        "producer_name": Producer._meta.get_field("name"),
        "tax_code": Producer._meta.get_field("tax_code"),
        "address": Producer._meta.get_field("address"),
        "representative": Producer._meta.get_field("representative"),
        "phone": Producer._meta.get_field("phone"),
        "email": Producer._meta.get_field("email"),
        "decision_number": Certificate._meta.get_field("decision_number"),
    }
    return {name: field.max_length for name, field in fields.items() if field.max_length}


class _Catalogue:
    """Groups and product sets by code and folded name, the current taxonomy first."""

    def __init__(self):
        self.groups: dict[str, list[ProductGroup]] = defaultdict(list)
        groups = ProductGroup.objects.select_related("taxonomy").order_by("taxonomy__code", "sort_order")
        for group in sorted(groups, key=lambda g: g.taxonomy.code != "148"):
            for key in {group.code, vntext.fold(group.name), group.stats_code}:
                self.groups[key].append(group)
        self.as_written: dict[str, list[ProductGroup]] = {}
        self.sets: dict[int, dict[str, ProductSet]] = defaultdict(dict)
        self.set_names: set[str] = set()
        for product_set in ProductSet.objects.all():
            for key in (product_set.code, vntext.fold(product_set.name)):
                self.sets[product_set.group_id].setdefault(key, product_set)
                self.set_names.add(key)

    def group(self, text: str) -> list[ProductGroup]:
        if text not in self.as_written:
            self.as_written[text] = self.groups.get(vntext.fold(text), [])
        return self.as_written[text]

    def product_set(self, groups: list[ProductGroup], text: str):
        key = vntext.fold(text)
        for group in groups:
            if key in self.sets[group.pk]:
                return group, self.sets[group.pk][key]
        return None, None


class _Validator:
    def __init__(self, kind: str, *, scope: Scope | None, progress: Progress | None, today=None):
        self.kind = kind
        self.columns = COLUMNS[kind]
        self.by_field = {c.field: c for c in self.columns}
        self.scope = scope
        self.progress = progress
        self.today = today or timezone.localdate()
        self.places = PlaceLookup()
        self.producers = ProducerIndex.from_database()
        self.next_ref = -1
        # Pure parsers of cells that repeat down a list (types, tax codes, dates, levels): each
        # distinct value parsed once. Typed, so 1, 1.0 and True stay apart; errors are not kept.
        memo = functools.lru_cache(maxsize=4096, typed=True)
        self.parse_producer_type = memo(parse_producer_type)
        self.normalise_tax_code = memo(normalise_tax_code)
        self.parse_date = memo(parse_date)
        self.parse_stars = memo(parse_stars)
        self.parse_issuer_level = memo(parse_issuer_level)
        self.parse_kind = memo(parse_kind)

    def new_ref(self) -> int:
        ref, self.next_ref = self.next_ref, self.next_ref - 1
        return ref

    def in_scope(self, place: Place) -> bool:
        scope = self.scope
        if scope is None or scope.national:
            return True
        return place.province.pk in scope.province_ids or (
            place.commune is not None and place.commune.pk in scope.commune_ids
        )

    def run(self, table: Table) -> Plan:
        mapping = map_headers(table, self.columns, IGNORED_HEADERS)
        self.plan = plan = Plan(self.kind, total_rows=len(table.rows), headers=mapping.headers)
        plan.unknown_columns = mapping.unknown
        if mapping.unknown:
            plan.warnings.append(
                Problem(
                    table.header_row,
                    ", ".join(mapping.unknown),
                    "",
                    "Các cột không nhận ra sẽ bị bỏ qua: " + ", ".join(f"“{h}”" for h in mapping.unknown),
                )
            )
        for done, (number, values) in enumerate(table.rows, 1):
            row = _Row(plan, mapping, self.by_field, number, values)
            parsed = self.row(row)
            if parsed is not None and not row.failed:
                parsed["row"] = number
                plan.valid_rows.append(parsed)
            if self.progress and done % PROGRESS_EVERY == 0:
                self.progress(done, plan.total_rows)
        self.finish(plan)
        if self.progress:
            self.progress(plan.total_rows, plan.total_rows)
        plan.errors.sort(key=lambda p: p.row)
        plan.warnings.sort(key=lambda p: p.row)
        return plan

    # Shared by both kinds: the producer and its place.

    def producer(self, row: _Row, date=None) -> dict | None:
        name = row.text("producer_name")
        if not name:
            row.error("producer_name", "Thiếu tên chủ thể.")
        producer_type = row.parse("producer_type", self.parse_producer_type)
        tax_code = row.parse("tax_code", self.normalise_tax_code) or ""
        commune_text, province_text = row.text("commune"), row.text("province")
        place = None
        if not province_text:
            row.error("province", "Thiếu tỉnh/thành phố.")
        elif not commune_text and self.by_field["commune"].required:
            row.error("commune", "Thiếu xã/phường.")
        else:
            place, problems = self.places.find(commune_text, row.text("district"), province_text, date)
            for name_, message in problems:
                row.error(name_, message)
            if place is not None and place.warning:
                row.warn("commune", place.warning)
            if place is not None and not self.in_scope(place):
                row.error("province", f"Tỉnh {place.province.name} ngoài phạm vi quản lý của bạn.")
        if row.failed:
            return None
        folded = vntext.fold(name)
        commune_id = place.commune.pk if place.commune else None
        ref = self.producers.find(tax_code, folded, commune_id, place.province.pk)
        return {
            "name": name,
            "folded": folded,
            "producer_type": producer_type,
            "tax_code": tax_code,
            "address": row.text("address"),
            "place": place,
            "producer_ref": ref,
        }

    def register_producer(self, data: dict, plan: Plan, **extra) -> int:
        if data["producer_ref"] is not None:
            return data["producer_ref"]
        place = data["place"]
        ref = self.new_ref()
        producer = Producer(
            name=data["name"],
            producer_type=data["producer_type"],
            tax_code=data["tax_code"],
            address=data["address"],
            # Ids rather than units: thousands of producers are built, and only their ids are written.
            province_id=place.province.pk,
            commune_id=place.commune and place.commune.pk,
            legacy_province_id=place.legacy_province and place.legacy_province.pk,
            legacy_district_id=place.legacy_district and place.legacy_district.pk,
            legacy_commune_id=place.legacy_commune and place.legacy_commune.pk,
            **extra,
        )
        producer.fill_derived()
        plan.new_producers[ref] = producer
        self.producers.add(
            ref, data["tax_code"], data["folded"], place.commune and place.commune.pk, place.province.pk
        )
        data["producer_ref"] = ref
        return ref

    def row(self, row: _Row) -> dict | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def finish(self, plan: Plan) -> None:
        pass


class ProductListValidator(_Validator):
    def __init__(self, **kwargs):
        super().__init__(PRODUCTS, **kwargs)
        clear_regime_cache()
        self.regimes = {r.pk: r for r in Regime.objects.select_related("taxonomy")}
        self.catalogue = _Catalogue()
        self.products: dict[tuple[int, str], int] = {}
        for pk, producer_id, folded in Product.objects.values_list(
            "pk", "producer_id", "search_name"
        ).iterator(chunk_size=5000):
            self.products.setdefault((producer_id, folded), pk)
        self.pending: list[tuple[_Row, dict]] = []

    def row(self, row: _Row) -> dict | None:
        product_name = row.text("product_name")
        if not product_name:
            row.error("product_name", "Thiếu tên sản phẩm.")
        group_text = row.text("group")
        groups = self.catalogue.group(group_text) if group_text else []
        if not group_text:
            row.error("group", "Thiếu nhóm sản phẩm.")
        elif not groups:
            row.error(
                "group",
                "Không có nhóm sản phẩm này; dùng: Thực phẩm, Đồ uống, Dược liệu, Thủ công mỹ nghệ, "
                "Sinh vật cảnh, Dịch vụ du lịch.",
            )
        group, product_set = (groups[0] if groups else None), None
        set_text = row.text("product_set")
        if groups and set_text:
            found_group, product_set = self.catalogue.product_set(groups, set_text)
            if product_set is None:
                known = vntext.fold(set_text) in self.catalogue.set_names
                row.error(
                    "product_set",
                    f"Bộ sản phẩm không thuộc nhóm “{groups[0].name}”."
                    if known
                    else f"Không có bộ sản phẩm này trong nhóm “{groups[0].name}”.",
                )
            else:
                group = found_group
        decision_date = row.parse("decision_date", self.parse_date)
        regime = self.regimes[regime_id_at(decision_date)] if decision_date else None
        stars = row.parse("stars", self.parse_stars, min(regime.certified_stars()) if regime else 1)
        score = row.parse("score", parse_score)
        decision_number = row.text("decision_number")
        issuer_level = row.parse("issuer_level", self.parse_issuer_level)
        kind = row.parse("kind", self.parse_kind)
        valid_until = row.parse("valid_until", self.parse_date)
        producer = self.producer(row, decision_date)
        if row.failed:
            return None
        producer_ref = self.register_producer(producer, self.plan)
        folded = vntext.fold(product_name)
        product_ref = self.products.get((producer_ref, folded))
        if product_ref is None:
            product_ref = self.new_ref()
            self.plan.new_products[product_ref] = NewProduct(
                product_name, group.pk, product_set.pk if product_set else None, producer_ref
            )
            self.products[(producer_ref, folded)] = product_ref
        parsed = {
            "producer_ref": producer_ref,
            "product_ref": product_ref,
            "producer": producer["name"],
            "product": product_name,
            "group": group,
            "product_set": product_set,
            "place": producer["place"],
            "stars": stars,
            "score": score,
            "decision_number": decision_number,
            "decision_date": decision_date,
            "regime": regime,
            "issuer_level": issuer_level,
            "kind": kind,
            "valid_until": valid_until,
            "exists": False,
        }
        self.pending.append((row, parsed))
        return parsed

    def finish(self, plan: Plan) -> None:
        """The recognition rules, once every row is read: each row against its product's chain
        (the certificates already recorded and the file's other rows), by certification's one
        validator. A decision already recorded with the same stars is kept as it is (re-import)."""
        existing_products = sorted({p["product_ref"] for _r, p in self.pending if p["product_ref"] > 0})
        chains = load_chains(existing_products)
        known = {
            (product_id, link.decision_number, link.decision_date): link.stars
            for product_id, links in chains.items()
            for link in links
        }
        seen: dict[tuple, int] = {}
        checked: list[tuple[_Row, dict]] = []
        for row, parsed in self.pending:
            key = (parsed["product_ref"], parsed["decision_number"], parsed["decision_date"])
            if key in seen:
                row.error(
                    "decision_number",
                    f"Sản phẩm này đã có quyết định {parsed['decision_number']} "
                    f"ngày {parsed['decision_date']:%d/%m/%Y} ở dòng {seen[key]}.",
                )
                continue
            seen[key] = row.number
            if key in known:
                if known[key] != parsed["stars"]:
                    row.error(
                        "stars",
                        f"Quyết định này đã được ghi nhận với {known[key]} sao, "
                        f"khác với {parsed['stars']} sao trong tệp.",
                    )
                    continue
                parsed["exists"] = True
            checked.append((row, parsed))
        new = [(row, parsed) for row, parsed in checked if not parsed["exists"]]
        _resolved, errors = resolve_recognitions(
            [_recognition(parsed, parsed["product_ref"]) for _row, parsed in new],
            today=self.today,
            places=self._places(parsed for _row, parsed in new),
            chains=chains,
        )
        for index, field_errors in errors.items():
            row = new[index][0]
            for name, messages in field_errors.items():
                for message in messages:
                    row.error(RULE_COLUMNS.get(name, "decision_number"), message)
        refused = {id(new[index][1]) for index in errors}
        # Rows failing here were appended to valid_rows by `run` before; keep only the good ones.
        plan.valid_rows = [parsed for _row, parsed in checked if id(parsed) not in refused]
        plan.preview = [self.preview_row(p) for p in plan.valid_rows[:PREVIEW_ROWS]]

    def _places(self, rows) -> dict[int, ProducerPlace]:
        """Where each product's producer is: from the file for new producers, else as recorded."""
        places, existing, of_place = {}, defaultdict(list), {}
        for parsed in rows:
            if parsed["producer_ref"] > 0:
                existing[parsed["producer_ref"]].append(parsed["product_ref"])
            else:
                place = parsed["place"]
                if id(place) not in of_place:  # places are shared by the rows that name them
                    of_place[id(place)] = ProducerPlace(
                        place.province.pk,
                        place.legacy_province.pk if place.legacy_province else None,
                        place.legacy_district.pk if place.legacy_district else None,
                    )
                places[parsed["product_ref"]] = of_place[id(place)]
        for chunk in _chunks(sorted(existing)):
            for pk, *units in Producer.objects.filter(pk__in=chunk).values_list(
                "pk", "province_id", "legacy_province_id", "legacy_district_id"
            ):
                for product_ref in existing[pk]:
                    places[product_ref] = ProducerPlace(*units)
        return places

    def preview_row(self, parsed: dict) -> dict:
        place = parsed["place"]
        return {
            "row": parsed["row"],
            "product": parsed["product"],
            "producer": parsed["producer"],
            "place": ", ".join(
                u.name for u in (place.commune or place.legacy_commune, place.province) if u is not None
            ),
            "stars": parsed["stars"],
            "decision": f"{parsed['decision_number']} ({parsed['decision_date']:%d/%m/%Y})",
            "action": "Đã có" if parsed["exists"] else "Tạo mới",
        }


class ProducerListValidator(_Validator):
    def __init__(self, **kwargs):
        super().__init__(PRODUCERS, **kwargs)
        self.names = {}

    def row(self, row: _Row) -> dict | None:
        producer = self.producer(row)
        flags = {
            name: row.parse(name, parse_flag) or False
            for name in ("is_sme", "women_led", "ethnic_minority_led")
        }
        email = row.text("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.error("email", "Email không hợp lệ.")
        sme = producer and sme_problem(producer_type=producer["producer_type"], is_sme=flags["is_sme"])
        if sme:
            row.error("is_sme", sme)
        if row.failed or producer is None:
            return None
        ref = producer["producer_ref"]
        if ref is not None:
            first = self.names.get(ref)
            existing = first or (
                f"chủ thể đã có trong hệ thống (mã {ref})" if ref > 0 else "một dòng trước trong tệp"
            )
            row.warn(
                "producer_name",
                f"Trùng với {existing} (cùng mã số thuế hoặc cùng tên trong xã/tỉnh) — không tạo mới.",
            )
        ref = self.register_producer(
            producer,
            self.plan,
            representative=row.text("representative"),
            phone=row.text("phone"),
            email=email,
            **flags,
        )
        self.names.setdefault(ref, f"dòng {row.number}")
        place = producer["place"]
        return {
            "producer_ref": ref,
            "row": row.number,
            "preview": {
                "row": row.number,
                "producer": producer["name"],
                "type": ProducerType(producer["producer_type"]).label,
                "place": ", ".join(
                    u.name for u in (place.commune or place.legacy_commune, place.province) if u
                ),
                "action": "Đã có"
                if ref > 0
                else ("Tạo mới" if self.names[ref] == f"dòng {row.number}" else "Trùng dòng trước"),
            },
        }

    def finish(self, plan: Plan) -> None:
        plan.preview = [r["preview"] for r in plan.valid_rows[:PREVIEW_ROWS]]


VALIDATORS = {PRODUCTS: ProductListValidator, PRODUCERS: ProducerListValidator}


def validate_file(
    source, *, kind: str, name: str | None = None, scope: Scope | None = None, progress=None, today=None
) -> Plan:
    """Read and check every row of a list. `scope` limits the provinces rows may be in (None: the
    system, no limit). Raises FileProblem when the file itself cannot be read.

    The problems are stored on the batch for later readers, in Vietnamese: the rules they come
    from (registry, certification) are translated, so they are asked under the default language,
    even when the task runs inline in the uploader's request (TASKS_BACKEND=immediate)."""
    name = name or str(source)
    with translation.override(settings.LANGUAGE_CODE):
        table = read_table(source, COLUMNS[kind], name=name)
        return VALIDATORS[kind](scope=scope, progress=progress, today=today).run(table)


# --------------------------------------------------------------------------------------------
# Writing


# Any number: the key of the PostgreSQL advisory lock that serialises imports into the registry.
REGISTRY_IMPORT_LOCK = 74010201


@contextlib.contextmanager
def registry_write():
    """One transaction holding the registry's import lock: two imports (two batches of the same
    file confirmed together) run one after the other, and the second, validating inside the lock,
    finds what the first wrote. SQLite transactions are already exclusive (BEGIN IMMEDIATE)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTRY_IMPORT_LOCK])
        yield


def import_plan(
    plan: Plan,
    *,
    actor,
    keep_valid: bool = False,
    progress: Progress | None = None,
    source: str = "",
    batch=None,
) -> dict:
    """Write a validated plan: everything, or nothing when any row has an error, unless
    `keep_valid`. Returns the counts; `written` says whether anything was written. Every created
    producer and product gets a history entry naming the file (and the batch). Validate inside
    `registry_write()` too when another import may run at the same time."""
    if plan.errors and not keep_valid:
        return {**plan.counts([]), "rows_rejected": plan.rows_rejected, "written": False}
    with registry_write(), translation.override(settings.LANGUAGE_CODE):
        return _import_plan(plan, actor=actor, progress=progress, source=source, batch=batch)


def _import_plan(plan: Plan, *, actor, progress, source: str, batch) -> dict:
    rows = plan.valid_rows
    counts = plan.counts(rows)
    _enlarge_sqlite_cache()
    refs: dict[int, int] = {}
    wanted = {r["producer_ref"] for r in rows if r["producer_ref"] < 0}
    new = [(ref, p) for ref, p in plan.new_producers.items() if ref in wanted]
    _create_many(Producer, [p for _ref, p in new])
    refs.update({ref: p.pk for ref, p in new})
    products = []
    if plan.kind == PRODUCTS:
        products = _write_products(plan, rows, refs, actor, progress)
    if progress:
        progress(len(rows), len(rows))
    counts["written"] = True
    origin = {"file": source, **({"batch": batch.pk} if batch is not None else {})}
    audit_log_many(actor=actor, action="imports.create_from_file", objects=[p for _r, p in new], **origin)
    audit_log_each(actor=actor, action="imports.create_from_file", model=Product, items=products, **origin)
    audit_log(
        actor=actor,
        action=f"imports.import_{plan.kind}",
        obj=batch,
        source=source,
        **{k: v for k, v in counts.items() if isinstance(v, int)},
    )
    return counts


def _enlarge_sqlite_cache() -> None:
    # SQLite's default 2 MB page cache thrashes when thousands of rows go into tables with several
    # indexes (names, sort keys, dates); 128 MB for this connection makes bulk writes ~3× faster.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -131072")


def _write_products(plan: Plan, rows: list[dict], refs: dict[int, int], actor, progress) -> list:
    """Insert the new products as rows of values and record their certificates; returns the new
    products as (pk, name) for their history entries."""

    def pk(ref: int) -> int:
        return ref if ref > 0 else refs[ref]

    wanted = {r["product_ref"] for r in rows if r["product_ref"] < 0}
    new = [(ref, product) for ref, product in plan.new_products.items() if ref in wanted]
    ids = _reserve_ids(Product, len(new))
    if ids is None:  # no safe way to number them here: objects, numbered by bulk_create
        objects = [
            Product(name=p.name, group_id=p.group_id, product_set_id=p.product_set_id) for _r, p in new
        ]
        for obj, (_ref, p) in zip(objects, new, strict=True):
            obj.producer_id = pk(p.producer_ref)
            obj.fill_derived()
        Product.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        ids = [obj.pk for obj in objects]
    else:
        now = timezone.now()
        given = ("id", "name", "producer_id", "group_id", "product_set_id", "search_name", "sort_key")
        defaults = field_defaults(Product, (*given, "created_at", "updated_at"))
        constant = (*defaults.values(), now, now)

        def values():
            for pk_, (_ref, p) in zip(ids, new, strict=True):
                derived = Product.derived(p.name)
                yield (pk_, p.name, pk(p.producer_ref), p.group_id, p.product_set_id, *derived, *constant)

        insert_rows(Product, (*given, *defaults, "created_at", "updated_at"), values())
    refs.update({ref: pk_ for pk_, (ref, _p) in zip(ids, new, strict=True)})

    recognitions = [_recognition(row, pk(row["product_ref"])) for row in rows if not row["exists"]]
    if progress:
        progress(len(rows) - len(recognitions), len(rows))
    # The import writes its own audit entry (import_plan); the writer checks every row again.
    certificates_issue_bulk(actor=actor, recognitions=recognitions, audit_action=None, returning=False)
    return [(pk_, p.name) for pk_, (_ref, p) in zip(ids, new, strict=True)]


def _recognition(parsed: dict, product_id: int) -> Recognition:
    return Recognition(
        product=product_id,
        stars=parsed["stars"],
        decision_number=parsed["decision_number"],
        decision_date=parsed["decision_date"],
        score=parsed["score"],
        kind=parsed["kind"],
        issuer_level=parsed["issuer_level"],
        valid_until=parsed["valid_until"],
    )


# The column each field of certification's rules is reported under.
RULE_COLUMNS = {
    "stars": "stars",
    "score": "score",
    "decision_number": "decision_number",
    "decision_date": "decision_date",
    "valid_until": "valid_until",
    "issuer_level": "issuer_level",
    "issuer_unit": "issuer_level",
    "kind": "kind",
    "product": "product_name",
}


def _reserve_ids(model, count: int) -> list[int] | None:
    """`count` fresh primary keys, or None where that cannot be done safely (then bulk_create)."""
    if not count:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor == "sqlite" and connection.in_atomic_block:
            # Our transaction is BEGIN IMMEDIATE (settings): no other writer until it ends.
            cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {table}")
            top = cursor.fetchone()[0]
            cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table])
            top = max(top, cursor.fetchone()[0])
            return list(range(top + 1, top + 1 + count))
    return None


def _create_many(model, objects: list) -> None:
    """Insert new objects and set their primary keys, fast (one prepared statement per batch)."""
    ids = _reserve_ids(model, len(objects))
    if ids is None:
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        return
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
    fields = model._meta.local_concrete_fields
    # pre_save: what save() would store (auto_now dates); values then prepared by the fields.
    rows = ([f.pre_save(obj, True) for f in fields] for obj in objects)
    insert_rows(model, [f.attname for f in fields], rows, batch_size=BATCH_SIZE)
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias


def import_file(
    source,
    *,
    kind: str,
    actor,
    name: str | None = None,
    scope: Scope | None = None,
    keep_valid: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> tuple[Plan, dict]:
    """Validate then (unless `dry_run`) import. Returns the plan (problems) and the counts."""
    plan = validate_file(source, kind=kind, name=name, scope=scope, progress=progress)
    if dry_run:
        return plan, {**plan.counts(), "written": False}
    return plan, import_plan(plan, actor=actor, keep_valid=keep_valid, source=name or str(source))
