"""The paragraphs and tables of a province's OCOP report, written the way provinces write them.

Every figure comes from the statistics service (`stats.statistics`), target progress from
`progress.plan_progress`; this module only words them: Vietnamese numbers (5.400; 22,2%), dates
(07/08/2024), categories with nothing left out of enumerations, stars listed from the highest.
The writers in `documents.py` and the report page lay the same `Report` out.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from ocop.activities.models import FundingSource, SupportKind
from ocop.certification.models import Kind
from ocop.core.templatetags.ocop_format import vn_number
from ocop.programme.models import TargetKind
from ocop.registry.models import ProducerType
from ocop.reporting.progress import plan_progress, plans_for
from ocop.reporting.stats import (
    EXPIRY_WINDOW_DAYS,
    GROUPS,
    Place,
    expiring_certificates,
    group_names,
    ranking,
    share_pct,
    star_keys,
    statistics,
)


def stars_desc() -> tuple[str, ...]:
    """The certified star levels, highest first ("5", "4", "3"): reports list stars that way."""
    return tuple(reversed(star_keys()))


# Order and wording of producer types in the reports ("24 doanh nghiệp (chiếm 22,2%)").
PRODUCER_TYPE_ORDER = (
    ProducerType.ENTERPRISE,
    ProducerType.COOPERATIVE,
    ProducerType.COOP_GROUP,
    ProducerType.HOUSEHOLD,
)
KIND_VERBS = {
    Kind.NEW: "công nhận mới",
    Kind.RENEWED: "công nhận lại",
    Kind.UPGRADED: "nâng hạng",
    Kind.DOWNGRADED: "hạ hạng",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
CENTRAL_ISSUER = ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI TRUNG ƯƠNG")
OFFICE = "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI"

Table = tuple[str, list[str], list[list]]


@dataclass
class Report:
    title: str  # "BÁO CÁO"
    subtitle: str  # "Kết quả thực hiện Chương trình OCOP năm 2024 trên địa bàn tỉnh Long An"
    place: Place
    date_from: datetime.date
    date_to: datetime.date
    as_of: datetime.date
    issuer: tuple[str, str]  # ("UBND TỈNH LONG AN", "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI")
    place_and_date: str  # "Long An, ngày 31 tháng 12 năm 2024"
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    recipients: list[str] = field(default_factory=list)
    signer: str = "CHÁNH VĂN PHÒNG"

    @property
    def numbered_sections(self) -> list[tuple[str, list[str]]]:
        """Sections with the administrative numbering: "I. KẾT QUẢ …"."""
        return [(f"{ROMAN[i]}. {heading.upper()}", paras) for i, (heading, paras) in enumerate(self.sections)]

    @property
    def text_tables(self) -> list[tuple[str, list[str], list[list[str]]]]:
        """Tables with every cell as display text (5.400; 22,2; 31/12/2024)."""
        return [
            (title, header, [[cell_text(c) for c in row] for row in rows])
            for title, header, rows in self.tables
        ]

    @property
    def display_tables(self) -> list[tuple[str, list[str], list[dict]]]:
        """Tables for HTML: each row {"cells": [{"text", "number"}], "total"}; numbers align right."""
        return [
            (
                title,
                header,
                [
                    {
                        "cells": [{"text": cell_text(c), "number": is_number(c)} for c in row],
                        "total": bool(row) and row[0] == "Tổng cộng",
                    }
                    for row in rows
                ],
            )
            for title, header, rows in self.tables
        ]

    @property
    def paragraphs(self) -> list[str]:
        return [p for _, paras in self.sections for p in paras]

    @property
    def filename_stem(self) -> str:
        from ocop.core import vntext

        name = vntext.fold(self.place.name).replace(" ", "-") or "toan-quoc"
        return f"bao-cao-ocop-{name}-{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}"


def is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return vn_number(value)
    if isinstance(value, float):
        return vn_number(value, 1)
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


# --- words -------------------------------------------------------------------------------------


def n(value) -> str:
    return vn_number(value)


def pct(value) -> str:
    return f"{vn_number(value, 1)}%"


def join_and(items: list[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def unit_word(place: Place) -> str:
    """'tỉnh', 'thành phố', 'xã', 'phường', 'vùng', or '' for the country."""
    if place.unit is not None:
        return place.unit.unit_type or "tỉnh"
    return "vùng" if place.region is not None else ""


def whole(place: Place) -> str:
    """'toàn tỉnh', 'toàn thành phố', 'toàn xã', 'toàn vùng', 'cả nước'."""
    word = unit_word(place)
    return f"toàn {word}" if word else "cả nước"


def of_place(place: Place) -> str:
    """'của tỉnh', 'của vùng', 'của cả nước'."""
    word = unit_word(place)
    return f"của {word}" if word else "của cả nước"


def place_phrase(place: Place) -> str:
    """'tỉnh Long An', 'thành phố Cần Thơ', 'vùng Đồng bằng sông Cửu Long', 'cả nước'."""
    if place.unit is not None:
        return lower_first(place.unit.name)
    if place.region is not None:
        return f"vùng {place.region.name}"
    return "cả nước"


def full_years(date_from: datetime.date, date_to: datetime.date) -> bool:
    return (date_from.month, date_from.day) == (1, 1) and (date_to.month, date_to.day) == (12, 31)


def period_phrase(date_from: datetime.date, date_to: datetime.date) -> str:
    """'năm 2024', '6 tháng đầu năm 2024', 'giai đoạn 2020–2024', 'từ ngày … đến ngày …'."""
    if full_years(date_from, date_to):
        if date_from.year == date_to.year:
            return f"năm {date_to.year}"
        return f"giai đoạn {date_from.year}–{date_to.year}"
    same_year = date_from.year == date_to.year
    start, end = (date_from.month, date_from.day), (date_to.month, date_to.day)
    if same_year and (start, end) == ((1, 1), (6, 30)):
        return f"6 tháng đầu năm {date_to.year}"
    if same_year and (start, end) == ((7, 1), (12, 31)):
        return f"6 tháng cuối năm {date_to.year}"
    return f"từ ngày {date_from:%d/%m/%Y} đến ngày {date_to:%d/%m/%Y}"


def period_opening(date_from: datetime.date, date_to: datetime.date) -> str:
    """'Trong năm 2024', '6 tháng đầu năm 2024', 'Trong giai đoạn 2020–2024', 'Từ ngày …'."""
    phrase = period_phrase(date_from, date_to)
    if phrase.startswith(("năm", "giai đoạn")):
        return f"Trong {phrase}"
    return phrase[:1].upper() + phrase[1:]


def long_date(day: datetime.date) -> str:
    return f"ngày {day:%d} tháng {day:%m} năm {day.year}"


def stars_list(by_star: dict, *, word: str = "sản phẩm") -> list[str]:
    """['49 sản phẩm 4 sao', '186 sản phẩm 3 sao'], highest first, zeros left out."""
    return [f"{n(by_star[s])} {word} {s} sao" for s in stars_desc() if by_star.get(s)]


# --- paragraphs --------------------------------------------------------------------------------


def registration_paragraphs(period: dict, date_from, date_to) -> list[str]:
    """The seeds' sentence on registrations ("71 chủ thể đăng ký … sản phẩm tham gia đánh giá")."""
    registered = period.get("registrations") or {}
    if not registered.get("total"):
        return []
    kinds = [
        (registered["new"], "đăng ký mới"),
        (registered["upgrade"], "đăng ký nâng hạng"),
        (registered["reevaluation"], "đánh giá lại do hết hạn"),
    ]
    detail = join_and([f"{n(count)} sản phẩm {label}" for count, label in kinds if count])
    text = (
        f"{period_opening(date_from, date_to)}, có {n(registered['producers'])} chủ thể đăng ký "
        f"{n(registered['total'])} sản phẩm tham gia đánh giá, phân hạng sản phẩm OCOP ({detail})."
    )
    if registered["passed"] or registered["failed"]:
        text += (
            f" Kết quả: {n(registered['passed'])} sản phẩm đạt, {n(registered['failed'])} sản phẩm chưa đạt"
        )
        if registered["average_score"] is not None:
            text += f"; điểm bình quân {str(registered['average_score']).replace('.', ',')} điểm"
        text += "."
    return [text]


def period_paragraphs(place: Place, period: dict, date_from, date_to) -> list[str]:
    recognitions = period["recognitions"]
    opening, scope = period_opening(date_from, date_to), whole(place)
    registered = registration_paragraphs(period, date_from, date_to)
    if not recognitions["total"]:
        paragraphs = [*registered, f"{opening}, {scope} chưa công nhận thêm sản phẩm OCOP nào."]
    else:
        paragraphs = [
            *registered,
            f"{opening}, {scope} đã công nhận được {n(recognitions['total'])} sản phẩm đạt tiêu chuẩn "
            f"sản phẩm OCOP ({', '.join(stars_list(recognitions['by_star']))}).",
        ]
        parts = []
        for kind, verb in KIND_VERBS.items():
            count = recognitions.get(kind, 0)
            if not count:
                continue
            producers = recognitions["producers_by_kind"].get(kind, 0)
            stars = stars_list(recognitions["by_kind_and_star"].get(kind, {}))
            if len(stars) == 1:
                detail = f" đạt {stars[0].split(' sản phẩm ')[1]}"
            else:
                detail = f" ({', '.join(stars)})"
            parts.append(f"{verb} {n(count)} sản phẩm của {n(producers)} chủ thể{detail}")
        if parts:
            paragraphs.append(
                "Trong đó: "
                + "; ".join(parts)
                + ". Tổng số chủ thể có sản phẩm được công nhận là "
                + f"{n(period['producers_recognised'])} chủ thể."
            )
    losses = []
    if period["revocations"]:
        losses.append(f"thu hồi {n(period['revocations'])} giấy chứng nhận")
    if period["expiries"]:
        losses.append(f"{n(period['expiries'])} giấy chứng nhận hết hiệu lực mà chưa được công nhận lại")
    if losses:
        paragraphs.append(f"Cũng trong {period_phrase(date_from, date_to)}, " + "; ".join(losses) + ".")
    cumulative = period["cumulative_products"]
    if date_from.year != date_to.year and cumulative["total"]:
        paragraphs.append(
            f"Tổng số sản phẩm được công nhận OCOP {of_place(place)} {period_phrase(date_from, date_to)}: "
            f"{n(cumulative['total'])} sản phẩm, trong đó có "
            f"{', '.join(stars_list(cumulative['by_star']))}."
        )
    return paragraphs


def stock_paragraphs(place: Place, result: dict) -> list[str]:
    products, producers, scope = result["products"], result["producers"], whole(place)
    if not products["total"]:
        return [f"Đến nay {scope} chưa có sản phẩm OCOP nào còn hiệu lực."]
    names = group_names()
    groups = [(code, products["by_group"].get(code, 0)) for code in GROUPS]
    groups = [(code, count) for code, count in groups if count]
    enumerated = ", ".join(
        f"{n(count)} sản phẩm thuộc nhóm {lower_first(names.get(code, code))}" for code, count in groups
    )
    if len(groups) == 1:
        group_part = f" thuộc nhóm {lower_first(names.get(groups[0][0], groups[0][0]))}"
    elif groups:
        group_part = f" thuộc {n(len(groups))} nhóm sản phẩm gồm: {enumerated}"
    else:
        group_part = ""
    types = [
        f"{n(producers['by_type'][t])} {ProducerType(t).label.lower()} "
        f"(chiếm {pct(producers['share_by_type_pct'][t])})"
        for t in PRODUCER_TYPE_ORDER
        if producers["by_type"].get(t)
    ]
    sentence = (
        f"Đến nay {scope} có {n(products['total'])} sản phẩm OCOP "
        f"(gồm {join_and(stars_list(products['by_star']))}){group_part}"
        f"; với {n(producers['total'])} chủ thể thực hiện, trong đó: {', '.join(types)}."
    )
    paragraphs = [sentence]
    traits = [
        (producers["sme"], "doanh nghiệp nhỏ và vừa"),
        (producers["women_led"], "chủ thể do phụ nữ làm chủ hoặc quản lý"),
        (producers["ethnic_minority_led"], "chủ thể do người dân tộc thiểu số làm chủ hoặc quản lý"),
    ]
    traits = [
        f"{n(count)} {label} (chiếm {pct(share_pct(count, producers['total']))})"
        for count, label in traits
        if count
    ]
    if traits:
        paragraphs.append(f"Trong số các chủ thể có sản phẩm OCOP có {', '.join(traits)}.")
    return paragraphs


def nn(value) -> str:
    """Counts below ten with a leading zero, as the reports write them ("03 lớp", "01 Hội chợ")."""
    return f"{value:02d}" if 0 <= value < 10 else n(value)


def year_phrase(date_from: datetime.date, date_to: datetime.date) -> str:
    """'năm 2024' for any period inside one year (the seeds write it even in a half-year report)."""
    if date_from.year == date_to.year:
        return f"năm {date_to.year}"
    return period_phrase(date_from, date_to)


def million(value: float) -> str:
    return f"{vn_number(value, 0 if float(value).is_integer() else 1)} triệu đồng"


def activity_paragraphs(place: Place, activities: dict, date_from, date_to) -> list[str]:
    """The report's sentences on promotion, training and resources, in the seeds' wording:
    "… tổ chức 03 lớp tập huấn … với 136 chủ thể có sản phẩm đã được chứng nhận OCOP",
    "Các chủ thể tham gia giao thương trên các sàn thương mại điện tử Shopee, Lazada … gồm các sản
    phẩm đạt OCOP của …", "Huy động nguồn lực thực hiện chương trình trong năm 2024 là 5.400 triệu
    đồng"."""
    paragraphs = []
    training, year = activities["training"], year_phrase(date_from, date_to)
    for organiser, entry in training["by_organiser"].items():
        who = f"với {n(entry['ocop_participations'])} chủ thể có sản phẩm đã được chứng nhận OCOP"
        others = entry["producer_participations"] - entry["ocop_participations"]
        if not entry["ocop_participations"]:
            who = f"với {n(others)} chủ thể" if others else ""
        elif others:
            who += f" và {n(others)} chủ thể khác"
        paragraphs.append(
            f"{organiser} tổ chức {nn(entry['classes'])} lớp tập huấn bồi dưỡng kiến thức cho các chủ thể "
            f"tham gia Chương trình OCOP {year}{' ' + who if who else ''}."
        )
    if training["official_participations"]:
        paragraphs.append(
            f"Các lớp tập huấn có {n(training['official_participations'])} lượt cán bộ tham dự "
            f"({n(training['officials_trained'])} cán bộ được tập huấn)."
        )
    events = activities["events"]
    if events["total"]:
        where = events["by_location"]
        places = [
            f"{nn(where[key])} {label}"
            for key, label in (
                ("in_province", "trong tỉnh"),
                ("other_province", "tại các tỉnh, thành phố khác"),
                ("abroad", "ở nước ngoài"),
            )
            if where.get(key)
        ]
        sentence = (
            f"Tổ chức và tham gia {nn(events['total'])} sự kiện xúc tiến thương mại ({', '.join(places)})"
        )
        if events["producer_participations"]:
            sentence += f" với {n(events['producer_participations'])} lượt chủ thể tham gia"
        results = []
        if events["revenue_million"]:
            results.append(f"doanh thu đạt {million(events['revenue_million'])}")
        if events["contracts"]:
            results.append(f"ký kết {n(events['contracts'])} hợp đồng, biên bản ghi nhớ")
        paragraphs.append(sentence + (("; " + ", ".join(results)) if results else "") + ".")
    channels = activities["channels"]
    if channels["ecommerce_sellers"]:
        # Producers of the same name are told apart by their commune: "Cơ sở Bình An, xã Mỹ Yên".
        names = Counter(s["producer"] for s in channels["ecommerce_sellers"])
        sellers = [
            s["producer"]
            + (f", {lower_first(s['commune'])}" if names[s["producer"]] > 1 and s["commune"] else "")
            + (f" ({', '.join(s['products'])})" if s["products"] else "")
            for s in channels["ecommerce_sellers"]
        ]
        paragraphs.append(
            "Các chủ thể tham gia giao thương trên các sàn thương mại điện tử "
            f"{', '.join(channels['ecommerce_platforms'])} gồm các sản phẩm đạt OCOP của "
            f"{', '.join(sellers)}."
        )
    if channels["ocop_producers"] and channels["producers_with_channels"]:
        paragraphs.append(
            f"{n(channels['modern']['producers'])}/{n(channels['ocop_producers'])} chủ thể OCOP "
            f"(chiếm {pct(channels['modern']['share_pct'])}) tham gia các kênh bán hàng hiện đại, trong đó "
            f"{n(channels['online']['producers'])} chủ thể bán hàng trực tuyến."
        )
    points = activities["points_of_sale"]
    if points["total"]:
        paragraphs.append(
            f"{whole(place).capitalize()} có {nn(points['total'])} điểm giới thiệu và bán sản phẩm OCOP."
        )
    support = activities["support"]
    if support["total"]:
        labels = dict(SupportKind.choices)
        kinds = [f"{lower_first(str(labels[k]))} ({n(v['count'])})" for k, v in support["by_kind"].items()]
        sentence = f"Hỗ trợ {n(support['producers'])} chủ thể: {', '.join(kinds)}"
        if support["amount_million"]:
            sentence += f", kinh phí {million(support['amount_million'])}"
        paragraphs.append(sentence + ".")
    funding = activities["funding"]
    if funding["total_million"]:
        sentence = (
            f"Huy động nguồn lực thực hiện chương trình trong {year} là {million(funding['total_million'])}"
        )
        sources = [(k, v) for k, v in funding["by_source_million"].items() if v]
        if len(sources) > 1:
            labels = dict(FundingSource.choices)
            sentence += (
                " (" + "; ".join(f"{lower_first(str(labels[k]))} {million(v)}" for k, v in sources) + ")"
            )
        paragraphs.append(sentence + ".")
    for entry in activities["commendations"]["by_issuer"]:
        parts = [
            f"{n(entry[k])} {w}"
            for k, w in (("collective", "tập thể"), ("individual", "cá nhân"))
            if entry[k]
        ]
        paragraphs.append(
            f"Có {join_and(parts)} được nhận {lower_first(entry['form'])} của {entry['issuer']}."
        )
    return paragraphs


def ranking_sentence(place: Place, as_of: datetime.date, total: int) -> str | None:
    unit = place.unit
    if unit is None or unit.level != "province":
        return None
    places = []
    if unit.region is not None:
        rows = ranking(scheme=place.scheme, as_of=as_of, region=unit.region)
        places.append((rows, f"khu vực {unit.region.name}"))
    rows = ranking(scheme=place.scheme, as_of=as_of)
    places.append((rows, "cả nước"))
    parts = []
    for rows, where in places:
        row = next((r for r in rows if r["unit"].pk == unit.pk), None)
        if row is None:
            continue
        tied = sum(1 for r in rows if r["rank"] == row["rank"]) > 1
        parts.append(f"thứ {row['rank']}{' (đồng hạng)' if tied else ''} {where}")
    if not parts:
        return None
    extra = f" ({parts[1]})" if len(parts) > 1 else ""
    return f"Với {n(total)} sản phẩm OCOP, {place_phrase(place)} đứng {parts[0]} về số sản phẩm OCOP{extra}."


def value_text(progress) -> str:
    target = progress.target
    if target.is_percent:
        return pct(progress.value)
    if target.kind == TargetKind.POINTS_OF_SALE:
        return f"{n(progress.value)} điểm"
    if target.kind == TargetKind.OFFICIALS_TRAINED:
        return f"{n(progress.value)} cán bộ"
    if target.kind == TargetKind.FUNDING_TOTAL:
        return million(progress.value)
    if target.kind == TargetKind.OTHER:
        return vn_number(progress.value, 0 if float(progress.value).is_integer() else 1)
    return f"{n(progress.value)} sản phẩm"


def target_paragraphs(
    place: Place, as_of: datetime.date, date_to: datetime.date
) -> tuple[list[str], list[list]]:
    if place.unit is None:
        return [], []
    paragraphs, rows = [], []
    for plan in plans_for(place.unit, on=date_to):
        progress = plan_progress(plan, as_of=as_of)
        if not progress:
            continue
        reference = f" ({plan.reference})" if plan.reference else ""
        paragraphs.append(
            f"{plan.name}{reference}, thời gian thực hiện từ ngày {plan.period_start:%d/%m/%Y} "
            f"đến ngày {plan.period_end:%d/%m/%Y}:"
        )
        for item in progress:
            description = item.target.description
            if item.value is None:
                paragraphs.append(f"- Chỉ tiêu “{description}”: chưa có số liệu.")
            else:
                verdict = item.status_label + (f" ({item.phrase})" if item.phrase else "")
                source = (
                    f" (nguồn: {item.target.manual_source})"
                    if not item.computed and item.target.manual_source
                    else ""
                )
                paragraphs.append(f"- Chỉ tiêu “{description}”: đạt {value_text(item)}{source} — {verdict}.")
            goal = float(item.target.target_value)
            rows.append(
                [
                    description,
                    int(goal) if goal.is_integer() else goal,
                    None
                    if item.value is None
                    else (int(item.value) if float(item.value).is_integer() else item.value),
                    round(100 * item.ratio, 1) if item.ratio is not None else None,
                    item.status_label,
                ]
            )
    return paragraphs, rows


def expiry_paragraphs(place, as_of, certificates) -> list[str]:
    until = as_of + datetime.timedelta(days=EXPIRY_WINDOW_DAYS)
    if not certificates:
        return [
            f"Không có giấy chứng nhận sản phẩm OCOP nào hết hiệu lực trong {EXPIRY_WINDOW_DAYS} ngày tới "
            f"(đến ngày {until:%d/%m/%Y})."
        ]
    producers = len({c.product.producer_id for c in certificates})
    return [
        f"Có {n(len(certificates))} giấy chứng nhận sản phẩm OCOP của {n(producers)} chủ thể sẽ hết hiệu lực "
        f"trong {EXPIRY_WINDOW_DAYS} ngày tới (đến ngày {until:%d/%m/%Y}); đề nghị các địa phương hướng dẫn "
        "chủ thể hoàn thiện hồ sơ đánh giá, phân hạng lại trước khi giấy chứng nhận hết hạn."
    ]


# --- tables ------------------------------------------------------------------------------------


def share_rows(items, total: int) -> list[list]:
    rows = [[label, count, share_pct(count, total)] for label, count in items]
    rows.append(["Tổng cộng", total, 100.0 if total else 0.0])
    return rows


def build_tables(result: dict, target_rows, certificates) -> list[Table]:
    products, producers = result["products"], result["producers"]
    names = group_names()
    stars = stars_desc()
    tables: list[Table] = [
        (
            "Sản phẩm OCOP còn hiệu lực theo hạng sao",
            ["Hạng sao", "Số sản phẩm", "Tỷ lệ (%)"],
            share_rows([(f"{s} sao", products["by_star"].get(s, 0)) for s in stars], products["total"]),
        ),
        (
            "Sản phẩm OCOP còn hiệu lực theo nhóm sản phẩm",
            ["Nhóm sản phẩm", "Số sản phẩm", "Tỷ lệ (%)"],
            share_rows(
                [(names.get(g, g), products["by_group"].get(g, 0)) for g in GROUPS], products["total"]
            ),
        ),
        (
            "Chủ thể có sản phẩm OCOP theo loại hình",
            ["Loại hình chủ thể", "Số chủ thể", "Tỷ lệ (%)"],
            share_rows(
                [(str(ProducerType(t).label), producers["by_type"].get(t, 0)) for t in PRODUCER_TYPE_ORDER],
                producers["total"],
            ),
        ),
    ]
    if period := result.get("period"):
        recognitions = period["recognitions"]
        rows = []
        for kind in KIND_VERBS:
            by_star = recognitions["by_kind_and_star"].get(kind, {})
            rows.append(
                [
                    str(Kind(kind).label),
                    *(by_star.get(s, 0) for s in stars),
                    recognitions.get(kind, 0),
                    recognitions["producers_by_kind"].get(kind, 0),
                ]
            )
        rows.append(
            [
                "Tổng cộng",
                *(recognitions["by_star"].get(s, 0) for s in stars),
                recognitions["total"],
                period["producers_recognised"],
            ]
        )
        tables.append(
            (
                "Kết quả công nhận sản phẩm OCOP trong kỳ theo hình thức và hạng sao",
                ["Hình thức", *(f"{s} sao" for s in stars), "Tổng số", "Số chủ thể"],
                rows,
            )
        )
    if target_rows:
        tables.append(
            (
                "Tiến độ thực hiện chỉ tiêu kế hoạch",
                ["Chỉ tiêu", "Giá trị chỉ tiêu", "Kết quả", "Tỷ lệ đạt (%)", "Đánh giá"],
                target_rows,
            )
        )
    if certificates:
        tables.append(
            (
                f"Giấy chứng nhận hết hiệu lực trong {EXPIRY_WINDOW_DAYS} ngày tới",
                ["STT", "Sản phẩm", "Chủ thể", "Số sao", "Quyết định", "Ngày quyết định", "Hiệu lực đến"],
                [
                    [
                        i,
                        c.product.name,
                        c.product.producer.name,
                        c.stars,
                        c.decision_number,
                        c.decision_date,
                        c.valid_until,
                    ]
                    for i, c in enumerate(certificates, start=1)
                ],
            )
        )
    return [(f"Bảng {i}. {title}", header, rows) for i, (title, header, rows) in enumerate(tables, start=1)]


# --- the report --------------------------------------------------------------------------------


def issuer_of(place: Place) -> tuple[str, str]:
    if place.unit is None:
        return CENTRAL_ISSUER
    return (f"UBND {place.unit.name.upper()}", OFFICE)


def town_of(place: Place) -> str:
    unit = place.unit
    if unit is None:
        return "Hà Nội"
    province = unit if unit.level == "province" or unit.province is None else unit.province
    return province.short_name


def recipients_of(place: Place) -> list[str]:
    if place.unit is None:
        return ["Bộ trưởng (để b/c)", "Các Thứ trưởng", "UBND các tỉnh, thành phố", "Lưu: VT, VPĐP"]
    above = "Văn phòng Điều phối nông thôn mới Trung ương"
    if place.unit.level != "province" and place.unit.province is not None:
        above = f"UBND {lower_first(place.unit.province.name)}"
    return [
        above,
        f"UBND {lower_first(place.unit.name)}",
        "Các thành viên Ban Chỉ đạo",
        "Lưu: VT, VPĐP",
    ]


def build_report(
    place: Place,
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    as_of: datetime.date | None = None,
) -> Report:
    """The report of `place` for the period, with the stock counted on `as_of` (default: end of period)."""
    if date_from > date_to:
        raise ValueError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc kỳ báo cáo.")
    as_of = as_of or date_to
    result = statistics(place, as_of=as_of, date_from=date_from, date_to=date_to)
    period = result["period"]
    stock_text = stock_paragraphs(place, result)
    if sentence := ranking_sentence(place, as_of, result["products"]["total"]):
        stock_text.append(sentence)
    targets_text, target_rows = target_paragraphs(place, as_of, date_to)
    certificates = list(expiring_certificates(place, as_of))
    sections = [
        (
            f"Kết quả công nhận sản phẩm OCOP {period_phrase(date_from, date_to)}",
            period_paragraphs(place, period, date_from, date_to),
        ),
        (f"Sản phẩm và chủ thể OCOP (số liệu đến ngày {as_of:%d/%m/%Y})", stock_text),
    ]
    if place.unit is not None:
        sections.append(
            (
                "Tình hình thực hiện các chỉ tiêu kế hoạch",
                targets_text
                or [f"Chưa có kế hoạch thực hiện Chương trình OCOP {of_place(place)} trên hệ thống."],
            )
        )
    if activity_text := activity_paragraphs(place, result["activities"], date_from, date_to):
        sections.append(("Xúc tiến thương mại, tập huấn và huy động nguồn lực", activity_text))
    sections.append(("Giấy chứng nhận sắp hết hiệu lực", expiry_paragraphs(place, as_of, certificates)))
    where = "trên địa bàn " + place_phrase(place) if place.unit or place.region else "trên phạm vi cả nước"
    return Report(
        title="BÁO CÁO",
        subtitle=(
            f"Kết quả thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) "
            f"{period_phrase(date_from, date_to)} {where}"
        ),
        place=place,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        issuer=issuer_of(place),
        place_and_date=f"{town_of(place)}, {long_date(as_of)}",
        sections=sections,
        tables=build_tables(result, target_rows, certificates),
        stats=result,
        recipients=recipients_of(place),
    )
