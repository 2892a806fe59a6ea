"""Staged xlsx/csv imports of activity records, with the registry import's toolkit: tables, headers
and value parsers from `ocop.core.tabular`, producer types from `ocop.registry.parsing`, places
through the resolver with `ocop.imports.imports.PlaceLookup` (the registry import's), and every row
written by the same service a page calls (so a file is checked by exactly the rules of the form).

`run(kind, source, name=…, actor=…, scope_user=…, commit=…)` reads the file, parses every row and
calls the service inside a savepoint per row; any problem — unreadable cell, unknown producer,
a refusal of the service — is a `Problem` on that row and column, in Vietnamese. Nothing is kept
unless the whole file is clean and `commit` is set: a file with one bad row writes nothing.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from ocop.accounts import capabilities as caps
from ocop.accounts.permissions import scope_for
from ocop.activities import services
from ocop.activities.models import (
    ChannelKind,
    CommendationRecipient,
    EventKind,
    EventLocation,
    FundingSource,
    ParticipantKind,
    Platform,
    PointKind,
    PointStatus,
    SupportKind,
    TrainingClass,
)
from ocop.activities.selectors import located_q
from ocop.core import vntext
from ocop.core.tabular import (
    Column,
    FileProblem,
    Problem,
    display,
    map_headers,
    parse_date,
    parse_number,
    read_table,
)
from ocop.imports.imports import PlaceLookup
from ocop.registry.models import Producer, Product
from ocop.registry.selectors import producer_scope_q

PLACE_COLUMNS = [
    Column(
        "province",
        "Tỉnh/thành phố",
        ("tinh", "tinh thanh pho", "tinh/thanh pho"),
        required=True,
        example="Cao Bằng",
    ),
    Column("district", "Huyện (cũ)", ("huyen", "quan huyen", "huyen cu"), example=""),
    Column("commune", "Xã/phường", ("xa", "xa phuong", "phuong xa"), example=""),
]
PRODUCER_COLUMNS = [
    Column("producer", "Chủ thể", ("ten chu the", "chu the ocop"), required=True, example="HTX Tâm Hòa"),
    Column("tax_code", "Mã số thuế", ("mst", "ma so thue/so dkkd"), example=""),
]
YES = {"co", "x", "1", "yes", "true", "dat", "co tham du"}
NO = {"khong", "0", "no", "false", "vang", "vang mat", ""}


class Words(dict):
    """Folded word → value, with the labels to suggest when a cell matches none."""

    labels: list[str]


def _choices(choices, extra: dict | None = None) -> Words:
    words = Words({vntext.fold(str(label)): value for value, label in choices})
    words |= {vntext.fold(re.sub(r"\(.*?\)", "", str(label))): value for value, label in choices}
    words |= {vntext.fold(value): value for value, _label in choices}
    words |= extra or {}
    words.labels = [str(label) for _value, label in choices]
    return words


@dataclass
class Spec:
    kind: str
    label: str
    columns: list[Column]
    build: Callable  # (Row) -> service keyword arguments, or None after recording problems
    write: Callable  # (actor, **kwargs) -> record
    placed: bool = True  # has a place (province/district/commune columns)
    choices: dict[str, dict] = field(default_factory=dict)  # field → folded word → value


class Row:
    def __init__(self, spec: "Spec", number: int, values: tuple, mapping, context: "Context"):
        self.spec, self.number, self.values, self.mapping, self.context = (
            spec,
            number,
            values,
            mapping,
            context,
        )
        self.problems: list[Problem] = []

    def header(self, name: str) -> str:
        return self.mapping.headers.get(name) or next(
            (c.label for c in self.spec.columns if c.field == name), name
        )

    def raw(self, name: str):
        position = self.mapping.index.get(name)
        return self.values[position] if position is not None and position < len(self.values) else None

    def text(self, name: str) -> str:
        return display(self.raw(name))

    def error(self, name: str, message: str, value=None) -> None:
        shown = display(self.raw(name)) if value is None else value
        self.problems.append(Problem(self.number, self.header(name) if name else "", shown, message))

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            self.error(name, "Cần nhập.")
        return value

    def parse(self, name: str, parser, *args, **kwargs):
        if not self.text(name):
            return None
        try:
            return parser(self.raw(name), *args, **kwargs)
        except ValueError as error:
            self.error(name, str(error))
            return None

    def date(self, name: str, required: bool = False):
        if required and not self.text(name):
            self.error(name, "Cần nhập ngày.")
            return None
        return self.parse(name, parse_date)

    def decimal(self, name: str):
        return self.parse(name, parse_number)

    def choice(self, name: str, required: bool = True, default: str = ""):
        folded = vntext.fold(self.text(name))
        if not folded:
            if required and not default:
                self.error(name, "Cần nhập.")
            return default
        words = self.spec.choices[name]
        if folded in words:
            return words[folded]
        accepted = "; ".join(words.labels)
        self.error(name, f"Không nhận ra giá trị; dùng một trong: {accepted}.")
        return default

    def flag(self, name: str, default: bool = False) -> bool:
        folded = vntext.fold(self.text(name))
        if folded in YES:
            return True
        if folded in NO:
            return default if not folded else False
        self.error(name, "Ghi “Có” hoặc “Không”.")
        return default

    def producer(self, required: bool = True, within=None) -> Producer | None:
        """The producer a row names (by tax code, else by name; `within`: a province id that
        settles a name shared by producers of several provinces)."""
        name, tax = self.text("producer"), self.text("tax_code")
        if not (name or tax):
            if required:
                self.error("producer", "Cần nhập tên chủ thể (hoặc mã số thuế).")
            return None
        found = self.context.find_producer(name, tax, within)
        if found is None:
            self.error(
                "producer" if name else "tax_code", "Không tìm thấy chủ thể này trong phạm vi được phép nhập."
            )
        elif found == "many":
            self.error("producer", "Có nhiều chủ thể cùng tên: ghi thêm mã số thuế.")
            return None
        return found

    def product(self, producer: Producer | None, name_field: str = "product") -> Product | None:
        name = self.text(name_field)
        if not name or producer is None:
            return None
        product = self.context.find_product(producer, name)
        if product is None:
            self.error(name_field, f"Chủ thể {producer.name} không có sản phẩm này.")
        return product

    def place(self, on: datetime.date | None) -> dict:
        province, district, commune = self.text("province"), self.text("district"), self.text("commune")
        if not province:
            self.error("province", "Cần nhập tỉnh/thành phố.")
            return {}
        place, problems = self.context.places.find(commune, district, province, on)
        for name, message in problems:
            self.error(name, message)
        if place is None:
            return {}
        fields = {
            "province": place.province,
            "commune": place.commune,
            "legacy_province": place.legacy_province,
            "legacy_district": place.legacy_district,
            "legacy_commune": place.legacy_commune,
        }
        if not self.context.place_allowed(fields):
            self.error("province", "Địa bàn nằm ngoài phạm vi được phép nhập.")
            return {}
        return fields


class Context:
    """What a file is checked against: the producers and places the user may write for."""

    def __init__(self, user, capability: str):
        self.user, self.capability = user, capability
        self.scope = scope_for(user, capability) if user is not None else None
        self.places = PlaceLookup()
        self._producers: dict = {}

    def producers(self):
        queryset = Producer.objects.all()
        return queryset if self.scope is None else queryset.filter(producer_scope_q(self.scope))

    def find_producer(self, name: str, tax: str, within=None):
        key = (vntext.fold(name), tax.strip(), within)
        if key not in self._producers:
            queryset = self.producers()
            queryset = queryset.filter(tax_code=key[1]) if key[1] else queryset.filter(search_name=key[0])
            found = list(queryset[:2])
            if len(found) > 1 and within is not None:
                found = list(queryset.filter(province_id=within)[:2])
            self._producers[key] = found[0] if len(found) == 1 else ("many" if found else None)
        return self._producers[key]

    def find_product(self, producer: Producer, name: str) -> Product | None:
        return producer.products.filter(search_name=vntext.fold(name)).first()

    def place_allowed(self, fields: dict) -> bool:
        """The place lies where the user may write (their province, or their commune)."""
        if self.scope is None or self.scope.national:
            return True
        province, commune = fields["province"], fields["commune"]
        return (province is not None and province.pk in self.scope.province_ids) or (
            commune is not None and commune.pk in self.scope.commune_ids
        )


# --- the kinds ---------------------------------------------------------------------------------


def _channel(row: Row) -> dict | None:
    producer = row.producer()
    return {
        "producer": producer,
        "product": row.product(producer),
        "kind": row.choice("kind"),
        "platform": row.choice("platform", required=False),
        "retailer": row.text("retailer"),
        "country": row.text("country"),
        "listing_url": row.text("listing_url"),
        "started_on": row.date("started_on"),
        "ended_on": row.date("ended_on"),
        "note": row.text("note"),
    }


def _point(row: Row) -> dict:
    opened = row.date("opened_on")
    return {
        "name": row.required("name"),
        "kind": row.choice("kind", default=PointKind.POINT),
        "address": row.text("address"),
        "operator": row.text("operator"),
        "opened_on": opened,
        "closed_on": row.date("closed_on"),
        "status": row.choice("status", default=PointStatus.ACTIVE),
        "phone": row.text("phone"),
        **row.place(opened),
    }


def _event(row: Row) -> dict:
    start = row.date("start_date", required=True)
    host = row.text("host_province")
    host_unit = None
    if host:
        place, problems = row.context.places.find("", "", host, start)
        for _name, message in problems:
            row.error("host_province", message)
        if place is not None:
            host_unit = place.legacy_province or place.province
    return {
        "name": row.required("name"),
        "kind": row.choice("kind"),
        "start_date": start,
        "end_date": row.date("end_date"),
        "location": row.choice("location"),
        "venue": row.text("venue"),
        "host_province": host_unit,
        "country": row.text("country"),
        "organiser": row.text("organiser"),
        "booths": _whole(row, "booths"),
        "revenue": row.decimal("revenue"),
        "contracts": _whole(row, "contracts"),
        **row.place(start),
    }


def _whole(row: Row, name: str) -> int | None:
    number = row.decimal(name)
    if number is None:
        return None
    if number != int(number) or number < 0:
        row.error(name, "Phải là số nguyên không âm.")
        return None
    return int(number)


def _class(row: Row) -> dict:
    start = row.date("start_date", required=True)
    return {
        "topic": row.required("topic"),
        "start_date": start,
        "end_date": row.date("end_date"),
        "venue": row.text("venue"),
        "organiser": row.required("organiser"),
        "trainers": row.text("trainers"),
        **row.place(start),
    }


def _participant(row: Row) -> dict | None:
    topic, start = row.required("topic"), row.date("start_date", required=True)
    training = None
    if topic and start:
        classes = TrainingClass.objects.filter(search_name=vntext.fold(topic), start_date=start)
        if row.context.scope is not None and not row.context.scope.national:
            classes = classes.filter(located_q(row.context.scope))
        training = classes.first()
        if training is None:
            row.error(
                "topic", "Không tìm thấy lớp tập huấn này (chủ đề và ngày bắt đầu) trong phạm vi được phép."
            )
    kind = row.choice("kind", default=ParticipantKind.PRODUCER)
    within = training.province_id if training else None
    producer = row.producer(required=False, within=within) if kind == ParticipantKind.PRODUCER else None
    if kind == ParticipantKind.PRODUCER and producer is None and not row.text("producer"):
        row.error("producer", "Cần nhập tên chủ thể.")
    return {
        "training": training,
        "participants": [
            {
                "kind": kind,
                "producer": producer,
                "name": row.text("name"),
                "organisation": row.text("organisation"),
                "attended": row.flag("attended", default=True),
            }
        ],
    }


def _funding(row: Row) -> dict:
    year = row.decimal("year")
    if year is not None and year != int(year):
        row.error("year", "Năm phải là số nguyên.")
    return {
        "year": int(year) if year is not None else None,
        "source": row.choice("source"),
        "purpose": row.text("purpose"),
        "amount": row.decimal("amount"),
        **row.place(datetime.date(int(year), 12, 31) if year and 1900 < year < 2200 else None),
    }


def _support(row: Row) -> dict:
    producer = row.producer()
    return {
        "producer": producer,
        "product": row.product(producer),
        "kind": row.choice("kind"),
        "detail": row.text("detail"),
        "amount": row.decimal("amount"),
        "source": row.choice("source", required=False),
        "date": row.date("date", required=True),
    }


def _value_chain(row: Row) -> dict:
    return {
        "producer": row.producer(),
        "name": row.required("name"),
        "circular": row.flag("circular"),
        "raw_material_area": row.text("raw_material_area"),
        "partners": row.text("partners"),
        "started_on": row.date("started_on"),
        "ended_on": row.date("ended_on"),
    }


def _village(row: Row) -> dict:
    recognised = row.date("recognised_on")
    return {
        "name": row.required("name"),
        "craft": row.text("craft"),
        "traditional": row.flag("traditional", default=True),
        "recognised_on": recognised,
        **row.place(recognised),
    }


def _commendation(row: Row) -> dict:
    date = row.date("date", required=True)
    producer = row.producer(required=False) if row.text("producer") or row.text("tax_code") else None
    return {
        "recipient": row.required("recipient"),
        "recipient_kind": row.choice("recipient_kind"),
        "producer": producer,
        "form": row.required("form"),
        "issuer": row.required("issuer"),
        "decision": row.text("decision"),
        "date": date,
        "reason": row.text("reason"),
        **row.place(date),
    }


def _write_participants(*, actor, training, participants):
    return services.participants_add(actor=actor, training=training, participants=participants)


PLATFORM_WORDS = _choices(
    Platform.choices, {"postmart": Platform.POSTMART, "tiktok": Platform.TIKTOK, "24 7": "247"}
)
SPECS: dict[str, Spec] = {
    "channels": Spec(
        "channels",
        "Kênh bán hàng",
        [
            *PRODUCER_COLUMNS,
            Column("product", "Sản phẩm", ("ten san pham",), example=""),
            Column("kind", "Loại kênh", ("kenh",), required=True, example="Sàn thương mại điện tử"),
            Column("platform", "Sàn", ("san thuong mai dien tu", "san tmdt"), example="Shopee"),
            Column("retailer", "Hệ thống bán lẻ / đối tác", ("he thong", "sieu thi", "doi tac"), example=""),
            Column("country", "Nước xuất khẩu", ("nuoc", "quoc gia", "thi truong"), example=""),
            Column("listing_url", "Địa chỉ gian hàng", ("url", "duong dan", "link"), example=""),
            Column("started_on", "Từ ngày", ("ngay bat dau",), example="01/03/2024"),
            Column("ended_on", "Đến ngày", ("ngay ket thuc",), example=""),
            Column("note", "Ghi chú thêm", (), example=""),
        ],
        _channel,
        services.channel_create,
        placed=False,
        choices={
            "kind": _choices(
                ChannelKind.choices,
                {
                    "san tmdt": "ecommerce",
                    "thuong mai dien tu": "ecommerce",
                    "website": "website",
                    "sieu thi": "modern_retail",
                    "ban le hien dai": "modern_retail",
                    "xuat khau": "export",
                },
            ),
            "platform": PLATFORM_WORDS,
        },
    ),
    "points": Spec(
        "points",
        "Điểm giới thiệu và bán sản phẩm",
        [
            Column("name", "Tên điểm bán", ("ten",), required=True),
            Column("kind", "Loại", ("loai diem ban",)),
            Column("address", "Địa chỉ", ("dia chi",)),
            *PLACE_COLUMNS,
            Column("operator", "Đơn vị vận hành", ("van hanh",)),
            Column("opened_on", "Ngày khai trương", ("ngay mo", "khai truong")),
            Column("closed_on", "Ngày ngừng hoạt động", ("ngay dong",)),
            Column("status", "Tình trạng", ("trang thai",)),
            Column("phone", "Điện thoại", ("sdt",)),
        ],
        _point,
        services.point_of_sale_create,
        choices={
            "kind": _choices(
                PointKind.choices,
                {
                    "diem ban": "point",
                    "diem gioi thieu va ban san pham": "point",
                    "diem gioi thieu san pham ocop": "point",
                    "trung tam": "showroom",
                    "trung tam trung bay": "showroom",
                    "phong trung bay": "showroom",
                    "showroom": "showroom",
                    "cua hang": "shop",
                    "cua hang dac san": "shop",
                    "diem mua sam": "shop",
                },
            ),
            "status": _choices(
                PointStatus.choices,
                {
                    "hoat dong": "active",
                    "xay dung": "planned",
                    "chua hoat dong": "planned",
                    "ngung": "closed",
                    "da dong cua": "closed",
                },
            ),
        },
    ),
    "events": Spec(
        "events",
        "Sự kiện xúc tiến thương mại",
        [
            Column("name", "Tên sự kiện", ("su kien",), required=True),
            Column("kind", "Loại sự kiện", ("loai",), required=True),
            Column("start_date", "Từ ngày", ("ngay bat dau",), required=True),
            Column("end_date", "Đến ngày", ("ngay ket thuc",)),
            Column("location", "Nơi tổ chức", ("noi to chuc",), required=True),
            Column("venue", "Địa điểm", ("dia diem",)),
            Column("host_province", "Tỉnh nơi tổ chức", ("tinh to chuc",)),
            Column("country", "Quốc gia", ("nuoc",)),
            Column("organiser", "Đơn vị tổ chức", ("to chuc",)),
            Column("booths", "Số gian hàng", ("gian hang",)),
            Column("revenue", "Doanh thu (triệu đồng)", ("doanh thu",)),
            Column("contracts", "Số hợp đồng", ("hop dong",)),
            *PLACE_COLUMNS,
        ],
        _event,
        services.event_create,
        choices={
            "kind": _choices(
                EventKind.choices,
                {
                    "hoi cho": "fair",
                    "trien lam": "exhibition",
                    "tuan le": "week",
                    "ngay hoi": "week",
                    "phien cho": "market",
                    "hoi nghi": "conference",
                },
            ),
            "location": _choices(
                EventLocation.choices,
                {
                    "trong tinh": "in_province",
                    "ngoai tinh": "other_province",
                    "tinh khac": "other_province",
                    "nuoc ngoai": "abroad",
                    "quoc te": "abroad",
                },
            ),
        },
    ),
    "classes": Spec(
        "classes",
        "Lớp tập huấn",
        [
            Column("topic", "Chủ đề", ("ten lop", "noi dung"), required=True),
            Column("start_date", "Từ ngày", ("ngay bat dau",), required=True),
            Column("end_date", "Đến ngày", ("ngay ket thuc",)),
            Column("venue", "Địa điểm", ("dia diem",)),
            Column("organiser", "Đơn vị tổ chức", ("to chuc",), required=True),
            Column("trainers", "Giảng viên", ("bao cao vien",)),
            *PLACE_COLUMNS,
        ],
        _class,
        services.training_class_create,
    ),
    "participants": Spec(
        "participants",
        "Học viên lớp tập huấn",
        [
            Column("topic", "Lớp tập huấn", ("chu de", "ten lop"), required=True),
            Column("start_date", "Ngày bắt đầu lớp", ("tu ngay", "ngay bat dau"), required=True),
            Column("kind", "Đối tượng", ("doi tuong",)),
            *PRODUCER_COLUMNS[:1],
            Column("tax_code", "Mã số thuế", ("mst",)),
            Column("name", "Họ tên", ("ho va ten", "hoc vien")),
            Column("organisation", "Đơn vị công tác", ("don vi",)),
            Column("attended", "Tham dự", ("co tham du", "diem danh")),
        ],
        _participant,
        _write_participants,
        placed=False,
        choices={"kind": _choices(ParticipantKind.choices, {"chu the": "producer", "can bo": "official"})},
    ),
    "funding": Spec(
        "funding",
        "Huy động nguồn lực",
        [
            Column("year", "Năm", (), required=True),
            Column("source", "Nguồn vốn", ("nguon",), required=True),
            Column("purpose", "Nội dung", ("noi dung su dung", "muc dich")),
            Column("amount", "Số tiền (triệu đồng)", ("so tien", "kinh phi"), required=True),
            *PLACE_COLUMNS,
        ],
        _funding,
        services.funding_create,
        choices={
            "source": _choices(
                FundingSource.choices,
                {
                    "ngan sach trung uong": "central",
                    "nstw": "central",
                    "ngan sach dia phuong": "local",
                    "nsdp": "local",
                    "tin dung": "credit",
                    "von chu the": "producers",
                    "doi ung": "producers",
                    "khac": "other",
                },
            ),
        },
    ),
    "support": Spec(
        "support",
        "Hỗ trợ chủ thể",
        [
            *PRODUCER_COLUMNS,
            Column("product", "Sản phẩm", ("ten san pham",)),
            Column("kind", "Nội dung hỗ trợ", ("hinh thuc ho tro", "loai ho tro"), required=True),
            Column("detail", "Chi tiết", ()),
            Column("amount", "Kinh phí (triệu đồng)", ("kinh phi", "so tien")),
            Column("source", "Nguồn vốn", ("nguon",)),
            Column("date", "Ngày hỗ trợ", ("ngay",), required=True),
        ],
        _support,
        services.support_create,
        placed=False,
        choices={
            "kind": _choices(
                SupportKind.choices,
                {
                    "bao bi": "packaging",
                    "nhan mac": "packaging",
                    "logo": "logo",
                    "tem truy xuat": "traceability",
                    "so huu tri tue": "ip",
                    "nhan hieu": "ip",
                    "may moc": "equipment",
                    "thiet bi": "equipment",
                    "vietgap": "vietgap",
                    "huu co": "organic",
                    "iso": "iso",
                    "haccp": "haccp",
                },
            ),
            "source": _choices(FundingSource.choices, {"nsdp": "local", "nstw": "central"}),
        },
    ),
    "value-chains": Spec(
        "value-chains",
        "Chuỗi giá trị",
        [
            *PRODUCER_COLUMNS,
            Column("name", "Chuỗi giá trị", ("ten chuoi",), required=True),
            Column("circular", "Kinh tế tuần hoàn", ("tuan hoan",)),
            Column("raw_material_area", "Vùng nguyên liệu", ()),
            Column("partners", "Đối tác liên kết", ("doi tac",)),
            Column("started_on", "Từ ngày", ()),
            Column("ended_on", "Đến ngày", ()),
        ],
        _value_chain,
        services.value_chain_create,
        placed=False,
    ),
    "craft-villages": Spec(
        "craft-villages",
        "Làng nghề",
        [
            Column("name", "Tên làng nghề", ("lang nghe",), required=True),
            Column("craft", "Nghề", ()),
            Column("traditional", "Truyền thống", ("lang nghe truyen thong",)),
            Column("recognised_on", "Ngày công nhận", ()),
            *PLACE_COLUMNS,
        ],
        _village,
        services.craft_village_create,
    ),
    "commendations": Spec(
        "commendations",
        "Khen thưởng",
        [
            Column("recipient", "Tập thể / cá nhân", ("nguoi duoc khen", "don vi duoc khen"), required=True),
            Column("recipient_kind", "Đối tượng", ("tap the/ca nhan",), required=True),
            *[Column(c.field, c.label, c.aliases) for c in PRODUCER_COLUMNS],
            Column("form", "Hình thức", ("hinh thuc khen thuong",), required=True),
            Column("issuer", "Cấp khen", ("nguoi ky", "co quan"), required=True),
            Column("decision", "Số quyết định", ("quyet dinh",)),
            Column("date", "Ngày quyết định", ("ngay",), required=True),
            Column("reason", "Thành tích", ()),
            *PLACE_COLUMNS,
        ],
        _commendation,
        services.commendation_create,
        choices={"recipient_kind": _choices(CommendationRecipient.choices)},
    ),
}
# Which capability writes each kind (a producer's account may import its own channels).
CAPABILITY = {kind: caps.EDIT_ACTIVITIES for kind in SPECS} | {"channels": caps.EDIT_SALES_CHANNELS}
# Service field → import column, for the service's refusals.
FIELD_COLUMN = {"legacy_province": "province", "legacy_district": "district", "legacy_commune": "commune"}


@dataclass
class Result:
    kind: str
    rows: int = 0
    written: int = 0
    problems: list[Problem] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problem_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems if p.row})


def run(
    kind: str, source, *, name: str | None = None, actor, scope_user=None, commit: bool = False
) -> Result:
    """Check every row of the file (and, with `commit`, write them all when none has a problem).

    `scope_user`: the user whose scope limits producers and places (None: no limit, for commands).
    The problems are in Vietnamese whatever the uploader's language: the services' refusals that
    become row problems are translated, so the rows are checked under the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _run(kind, source, name=name, actor=actor, scope_user=scope_user, commit=commit)


def _run(kind: str, source, *, name, actor, scope_user, commit: bool) -> Result:
    spec = SPECS[kind]
    result = Result(kind)
    try:
        table = read_table(source, spec.columns, name=name)
        mapping = map_headers(table, spec.columns)
    except FileProblem as problem:
        result.problems = problem.problems
        return result
    result.unknown_headers = mapping.unknown
    context = Context(scope_user, CAPABILITY[kind])
    with transaction.atomic():
        for number, values in table.rows:
            result.rows += 1
            row = Row(spec, number, values, mapping, context)
            kwargs = spec.build(row)
            if row.problems:
                result.problems += row.problems
                continue
            try:
                with transaction.atomic():
                    spec.write(actor=actor, **kwargs)
            except ValidationError as error:
                for field_name, messages in _by_field(error):
                    column = FIELD_COLUMN.get(field_name, field_name)
                    known = column in mapping.index or any(c.field == column for c in spec.columns)
                    row.error(
                        column if known else "", "; ".join(messages), value=row.text(column) if known else ""
                    )
                result.problems += row.problems
                continue
            result.written += 1
        if result.problems or not commit:
            transaction.set_rollback(True)
            result.written = 0 if result.problems or not commit else result.written
    if not commit:
        result.written = 0
    return result


def _by_field(error: ValidationError):
    if hasattr(error, "error_dict"):
        return [(name, [m for e in errors for m in e.messages]) for name, errors in error.error_dict.items()]
    return [("", error.messages)]


def template_xlsx(kind: str) -> bytes:
    """An empty list with our headers and one example row, for people to fill in."""
    import io

    from openpyxl import Workbook

    spec = SPECS[kind]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = spec.label[:31]
    sheet.append([c.label + (" *" if c.required else "") for c in spec.columns])
    sheet.append([c.example for c in spec.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
