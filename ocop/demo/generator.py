"""Demonstration registry: producers, products and their recognition chains.

Two scales, both deterministic for a given seed (`random.Random(seed)`, no other source of chance):

- ``provinces``: the provinces of the seed reports, built so that the statistics reproduce the
  published figures exactly at the reports' dates —
  Long An (cũ) at 31/12/2024, Cao Bằng at 30/06/2024, Cà Mau (cũ) for 2024 and 2020–2024,
  Sóc Trăng (cũ) for 2019–13/12/2022 — plus neighbours (Hậu Giang, Bạc Liêu, Tiền Giang, Cần Thơ
  cũ), producers registered after the 2025 reform in Cần Thơ and Tây Ninh, certificates expiring
  within 90 days of `today`, expired ones and a few revocations.
- ``national``: ≈18,000 products of ≈10,000 producers over the 34 current provinces.

Placement: a producer sits in a real legacy commune; its current commune and province follow the
2025 succession. A legacy commune split across several current communes is ambiguous (a person
must decide), so the producer gets the first successor's *province* and no current commune.

Every certificate is recorded by certification's one bulk writer (`certificates_issue_bulk`), so
it passes the same validator as a decision entered by hand (stars and score under the regime in
force on the decision date, who certifies each star level, kind, chain); revocations are checked
by `revocation_problems`. Nothing is dated after `today`: a planned
recognition later than `today` is dropped with everything after it in its chain.

Readings of the reports (where they could be read more than one way):
- Cao Bằng: the 144 products are in 4 groups as the report lists them (food 124, drink 11,
  handicraft 6, tourism 3) and belong to 91 producers (27 HTX, 7 THT, 10 DN, 47 hộ); the 71
  producers (13/4/5/49) are the 2024 registrants, which this registry (no dossiers) does not model.
- Cà Mau: the 18 4★ of 2024 are 12 new products and 6 upgrades of 3★ ones; their 8 producers are
  among the 38 + 5 of the 3★ flows, so 2024 counts 43 distinct producers, as reported.
- Sóc Trăng: "189 products from 2019" is cumulative (products recognised in the period at their
  latest star), since certificates of 2019 had expired by 13/12/2022.
- Products are classified in the 148 taxonomy whatever the regime of their first recognition.

The whole load writes one audit entry, ``demo.loaded``, whose details hold the counts; its
presence (or any producer) makes a second load a no-op.
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.vn import mst

from ocop.certification.dates import add_months
from ocop.certification.errors import CertificationError
from ocop.certification.models import Certificate, IssuerLevel, RevocationGround
from ocop.certification.recognitions import Recognition as Decision
from ocop.certification.services import certificates_issue_bulk, revocation_problems
from ocop.core.audit import audit_log
from ocop.core.models import AuditEntry
from ocop.core.vntext import fold
from ocop.geo.models import AdminUnit, UnitSuccession
from ocop.geo.resolver import REFORM_DATE
from ocop.registry.models import Producer, ProducerType, Product, ProductStatus
from ocop.rules.models import ProductSet, Regime
from ocop.rules.selectors import clear_cache as clear_regime_cache
from ocop.rules.selectors import regime_id_at

SCALES = ("provinces", "national")
MARKER_ACTION = "demo.loaded"
BATCH = 2000
NATIONAL_SIZE = 18_000
D = datetime.date

# The first decisions of the 148 amended regime: between the reform (01/07) and 06/07/2025 no
# district existed any more to issue a 3★ decision, so the demo dates nothing in that gap.
FIRST_CURRENT_DECISION = D(2025, 7, 6)
# Bộ NN&PTNT became Bộ Nông nghiệp và Môi trường on 01/03/2025.
MINISTRY_RENAMED = D(2025, 3, 1)

COOP, GROUP, FIRM, HOUSE = (
    ProducerType.COOPERATIVE,
    ProducerType.COOP_GROUP,
    ProducerType.ENTERPRISE,
    ProducerType.HOUSEHOLD,
)

# --- names -------------------------------------------------------------------------------------

PRODUCT_NAMES = {
    "food": {
        "fresh_produce": [
            "Bưởi da xanh",
            "Xoài cát Hòa Lộc",
            "Sầu riêng Ri6",
            "Thanh long ruột đỏ",
            "Dưa lưới",
            "Nhãn xuồng cơm vàng",
            "Cam sành",
            "Chuối cau",
            "Khoai lang tím",
        ],
        "fresh_animal": [
            "Tôm càng xanh",
            "Cua biển",
            "Trứng gà ta",
            "Sữa bò tươi",
            "Gà ta thả vườn",
            "Cá lóc đồng",
            "Lợn đen bản",
        ],
        "rice_cereals": [
            "Gạo ST25",
            "Gạo thơm Nàng Hoa",
            "Gạo Nàng Thơm Chợ Đào",
            "Gạo tím than",
            "Gạo hữu cơ",
            "Nếp cẩm",
        ],
        "honey_farm": [
            "Mật ong rừng U Minh",
            "Mật ong hoa cà phê",
            "Mật ong bạc hà",
            "Tinh bột nghệ",
            "Mật hoa dừa",
        ],
        "fast_food": ["Cơm cháy chà bông", "Chả giò tôm", "Mì gạo lứt ăn liền", "Bánh tráng trộn"],
        "processed_cereals": [
            "Bánh pía Sầu riêng",
            "Bánh phồng tôm",
            "Bánh tráng phơi sương",
            "Bún gạo khô",
            "Miến dong",
            "Bánh khảo",
            "Hủ tiếu khô",
            "Bánh tét lá cẩm",
            "Bánh cuốn khô",
        ],
        "processed_fruit_veg": [
            "Mứt gừng",
            "Chuối sấy dẻo",
            "Mít sấy",
            "Xoài sấy dẻo",
            "Hạt sen sấy",
            "Măng khô",
            "Nấm hương khô",
            "Thạch dừa",
            "Hạt điều rang muối",
        ],
        "processed_meat_fish": [
            "Khô cá lóc",
            "Khô cá sặc rằn",
            "Tôm khô",
            "Chả cá thác lác",
            "Lạp xưởng tươi",
            "Ba khía muối",
            "Khô cá dứa",
            "Thịt trâu gác bếp",
        ],
        "sauces": [
            "Nước mắm cá cơm 40 độ đạm",
            "Tương ớt",
            "Nước mắm nhĩ",
            "Mắm tôm chua",
            "Tương bần",
            "Mắm cá linh",
        ],
        "spices": ["Muối ớt", "Tiêu đen", "Muối tôm", "Ớt bột", "Sả sấy"],
        "tea": ["Chè Shan tuyết", "Trà xanh", "Trà ô long", "Chè búp"],
        "herbal_tea": [
            "Trà mãng cầu",
            "Trà atiso",
            "Trà hoa sen",
            "Trà gạo lứt",
            "Trà khổ qua",
            "Trà đinh lăng",
        ],
        "coffee_cocoa": ["Cà phê Robusta rang xay", "Ca cao nguyên chất", "Cà phê Arabica"],
    },
    "drink": {
        "white_liquor": [
            "Rượu đế Gò Đen",
            "Rượu nếp cái hoa vàng",
            "Rượu men lá",
            "Rượu ngô",
            "Rượu nếp than",
        ],
        "other_alcohol": ["Rượu vang nho", "Rượu sim", "Rượu mơ", "Rượu chuối hột", "Rượu dừa"],
        "bottled_water": ["Nước khoáng thiên nhiên", "Nước uống tinh khiết"],
        "soft_drink": ["Nước cốt chanh dây", "Nước ép thanh long", "Nước dừa đóng chai", "Siro dâu tằm"],
    },
    "herbal": {
        "functional_medicine": [
            "Cao đinh lăng",
            "Viên nghệ mật ong",
            "Cao atiso",
            "Cao cà gai leo",
            "Nấm linh chi",
        ],
        "herbal_cosmetics": ["Dầu gội bồ kết", "Xà phòng thảo mộc", "Sữa tắm thảo dược"],
        "essential_oils": [
            "Tinh dầu tràm",
            "Tinh dầu sả chanh",
            "Tinh dầu quế",
            "Tinh dầu bưởi",
            "Dầu dừa nguyên chất",
        ],
    },
    "handicraft": {
        "household_decor": [
            "Túi cói",
            "Lục bình đan",
            "Giỏ mây tre đan",
            "Chiếu cói",
            "Gốm",
            "Nón lá",
            "Đồ gỗ mỹ nghệ",
            "Đèn lồng",
        ],
        "textiles": ["Khăn thổ cẩm", "Lụa tơ tằm", "Áo bà ba", "Vải lanh"],
    },
    "ornamental": {
        "flowers": ["Hoa lan hồ điệp", "Hoa cúc mâm xôi", "Hoa hồng"],
        "ornamental_plants": ["Cây mai vàng", "Bonsai mai chiếu thủy", "Cây kiểng lá", "Sen đá"],
        "ornamental_animals": ["Cá Koi", "Cá Betta"],
    },
    "tourism": {
        "community_tourism": [
            "Du lịch cộng đồng",
            "Khu du lịch sinh thái",
            "Điểm du lịch làng nghề",
            "Du lịch miệt vườn",
        ],
    },
}
# Product sets more often seen (food is mostly processed food, sauces, rice, honey).
SET_WEIGHTS = {
    "processed_cereals": 3,
    "processed_meat_fish": 3,
    "processed_fruit_veg": 3,
    "sauces": 2,
    "rice_cereals": 2,
    "honey_farm": 2,
    "fresh_produce": 2,
    "household_decor": 3,
    "white_liquor": 3,
    "functional_medicine": 2,
}
SECTOR = {
    "food": ["Nông nghiệp", "Dịch vụ nông nghiệp", "Thực phẩm", "Chế biến nông sản", "Thủy sản"],
    "drink": ["Sản xuất rượu", "Đồ uống", "Nông nghiệp"],
    "herbal": ["Dược liệu", "Thảo dược"],
    "handicraft": ["Mây tre đan", "Thủ công mỹ nghệ", "Dệt thổ cẩm"],
    "ornamental": ["Hoa kiểng", "Sinh vật cảnh"],
    "tourism": ["Du lịch cộng đồng", "Du lịch sinh thái"],
}
BRANDS = [
    "Hương Quê",
    "Phú An",
    "Minh Phát",
    "Tân Lộc",
    "Sao Mai",
    "Hoàng Gia",
    "Kim Ngân",
    "Thiên Phú",
    "Đại Thành",
    "Mekong Xanh",
    "Bình An",
    "Hồng Phát",
    "Tâm Đức",
    "Quê Việt",
    "Nông Sản Sạch",
    "Phương Nam",
    "An Khang",
    "Việt Hưng",
    "Thành Tín",
    "Đồng Xanh",
    "Hạnh Phúc",
    "Ngọc Lan",
]
FAMILY = (
    ["Nguyễn"] * 8
    + ["Trần"] * 3
    + ["Lê"] * 3
    + ["Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Lý"]
)
MIDDLE_M = ["Văn", "Văn", "Hữu", "Minh", "Quốc", "Thanh", "Đức", "Công"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim"]
GIVEN_M = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Phước",
    "Lộc",
    "Tài",
    "Hải",
    "Long",
    "Sơn",
    "Bình",
    "Tâm",
    "Nghĩa",
    "Khánh",
    "Thắng",
    "Trung",
    "Vinh",
]
GIVEN_F = [
    "Lan",
    "Hoa",
    "Mai",
    "Hồng",
    "Nga",
    "Thảo",
    "Hạnh",
    "Trang",
    "Yến",
    "Loan",
    "Phượng",
    "Ngợi",
    "Thương",
    "Tuyết",
    "Diễm",
    "Hằng",
]
# Ethnic-minority family names by area: Tày/Nùng in Cao Bằng, Khmer in Sóc Trăng.
FAMILY_ETHNIC = {
    4: ["Nông", "Bế", "Lục", "Đàm", "Hoàng", "Lương", "Triệu", "La", "Hà"],
    94: ["Thạch", "Sơn", "Lâm", "Kim", "Danh", "Trà"],
}
HAMLET = {
    "south": ["Ấp 1", "Ấp 2", "Ấp 3", "Ấp Tân Hòa", "Ấp Phú Lợi", "Ấp Bình Thạnh", "Ấp Mỹ Phước"],
    "north": ["Thôn Đông", "Thôn Trung", "Thôn Hạ", "Thôn Thượng", "Thôn 3", "Xóm Mới"],
    "highland": ["Xóm Nà Pò", "Bản Khuổi Khon", "Xóm Pác Bó", "Bản Giốc", "Xóm Nà Giàng"],
}
# Specialities that would look odd on the other end of the country.
SOUTHERN = {
    "Bưởi da xanh",
    "Xoài cát Hòa Lộc",
    "Sầu riêng Ri6",
    "Thanh long ruột đỏ",
    "Nhãn xuồng cơm vàng",
    "Cam sành",
    "Tôm càng xanh",
    "Cua biển",
    "Gạo ST25",
    "Gạo thơm Nàng Hoa",
    "Gạo Nàng Thơm Chợ Đào",
    "Mật ong rừng U Minh",
    "Mật hoa dừa",
    "Bánh pía Sầu riêng",
    "Bánh phồng tôm",
    "Bánh tráng phơi sương",
    "Hủ tiếu khô",
    "Bánh tét lá cẩm",
    "Khô cá lóc",
    "Khô cá sặc rằn",
    "Tôm khô",
    "Chả cá thác lác",
    "Ba khía muối",
    "Khô cá dứa",
    "Nước mắm cá cơm 40 độ đạm",
    "Nước mắm nhĩ",
    "Mắm cá linh",
    "Muối tôm",
    "Rượu đế Gò Đen",
    "Rượu chuối hột",
    "Rượu dừa",
    "Nước dừa đóng chai",
    "Thạch dừa",
    "Áo bà ba",
    "Lục bình đan",
    "Túi cói",
    "Chiếu cói",
    "Dầu dừa nguyên chất",
    "Tinh dầu tràm",
    "Du lịch miệt vườn",
    "Cây mai vàng",
    "Bonsai mai chiếu thủy",
    "Trà mãng cầu",
    "Trà khổ qua",
}
NORTHERN = {
    "Lợn đen bản",
    "Thịt trâu gác bếp",
    "Chè Shan tuyết",
    "Chè búp",
    "Miến dong",
    "Bánh khảo",
    "Bánh cuốn khô",
    "Rượu ngô",
    "Rượu men lá",
    "Rượu nếp cái hoa vàng",
    "Khăn thổ cẩm",
    "Lụa tơ tằm",
    "Vải lanh",
    "Măng khô",
    "Nấm hương khô",
    "Tương bần",
    "Trà atiso",
    "Cao atiso",
    "Rượu mơ",
}
VARIANTS = ["loại đặc biệt", "hộp quà", "túi 500 g", "chai 500 ml", "loại 1", "truyền thống"]


# --- plan --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    province_id: int  # current
    commune_id: int | None  # current; None when the legacy commune was split
    legacy_province_id: int | None
    legacy_district_id: int | None
    legacy_commune_id: int | None
    label: str  # commune name used in product names ("Tân Phước")
    district_label: str
    address: str
    area: str  # "south" | "north" | "highland"
    legacy_province_code: int | None


@dataclass
class Recognition:
    date: datetime.date
    stars: int
    # (revoked_on, ground, note) — only ever on the last recognition of a chain.
    revoke: tuple | None = None


@dataclass
class ProducerPlan:
    place: Place
    producer_type: str
    theme: str = "food"
    women_led: bool = False
    ethnic_minority_led: bool = False
    name: str = ""
    representative: str = ""


@dataclass
class ProductPlan:
    producer: int
    group: str
    product_set: str = ""
    recognitions: list[Recognition] = field(default_factory=list)
    # Continue the chain with re-evaluations (renewal at expiry) up to `today`.
    continues: bool = True
    allow_star_change: bool = True
    # Renewals that would fall inside [start, end] are moved after it (report figures stay exact).
    quiet: tuple | None = None
    name: str = ""


class Geo:
    """Both schemes and the succession, read once (no per-row queries)."""

    def __init__(self):
        units = AdminUnit.objects.filter(level__in=["province", "district"]).values_list(
            "id", "scheme", "level", "code", "name", "short_name"
        )
        self.names: dict[int, str] = {}
        self.short: dict[int, str] = {}
        self.legacy_province: dict[int, int] = {}
        self.current_province: dict[int, int] = {}
        self.province_code: dict[int, int] = {}
        for pk, scheme, level, code, name, short_name in units:
            self.names[pk], self.short[pk] = name, short_name
            if level == "province":
                (self.legacy_province if scheme == "legacy" else self.current_province)[code] = pk
                self.province_code[pk] = code
        successors = defaultdict(list)
        for legacy_id, current_id, code, province_id in UnitSuccession.objects.filter(
            legacy__level="commune"
        ).values_list("legacy_id", "current_id", "current__code", "current__province_id"):
            successors[legacy_id].append((code, current_id, province_id))
        self.current_communes: dict[int, list] = defaultdict(list)
        current_names = {}
        for pk, name, short_name, province_id in AdminUnit.objects.filter(
            scheme="current", level="commune"
        ).values_list("id", "name", "short_name", "province_id"):
            current_names[pk] = name
            self.current_communes[province_id].append((pk, short_name))
        self.current_commune_name = current_names
        # legacy province id → [(id, name, district, legacy province, current commune|None, current province)]
        self.legacy_communes: dict[int, list] = defaultdict(list)
        # current province id → the same tuples, for placing producers by today's province
        self.by_current_province: dict[int, list] = defaultdict(list)
        for pk, short_name, district_id, province_id in (
            AdminUnit.objects.filter(scheme="legacy", level="commune")
            .order_by("code")
            .values_list("id", "short_name", "parent_id", "province_id")
        ):
            found = sorted(successors.get(pk, []))
            if not found:
                continue  # a few legacy communes have no successor in the data: not used
            current_commune = found[0][1] if len(found) == 1 else None
            row = (pk, short_name, district_id, province_id, current_commune, found[0][2])
            self.legacy_communes[province_id].append(row)
            self.by_current_province[found[0][2]].append(row)

    def legacy_place(self, row, rng) -> Place:
        pk, short_name, district_id, province_id, current_commune, current_province = row
        code = self.province_code[province_id]
        area = "highland" if code == 4 else ("south" if code >= 70 else "north")
        where = self.current_commune_name.get(current_commune) if current_commune else None
        address = ", ".join(x for x in [rng.choice(HAMLET[area]), where, self.names[current_province]] if x)
        if any(ch.isdigit() for ch in short_name):  # "Phường 3" makes a poor product name
            short_name = self.short[district_id]
        return Place(
            province_id=current_province,
            commune_id=current_commune,
            legacy_province_id=province_id,
            legacy_district_id=district_id,
            legacy_commune_id=pk,
            label=short_name,
            district_label=self.short[district_id],
            address=address,
            area=area,
            legacy_province_code=code,
        )

    def current_place(self, province_id: int, rng) -> Place:
        pk, short_name = rng.choice(self.current_communes[province_id])
        code = self.province_code[province_id]
        area = "highland" if code == 4 else ("south" if code >= 70 else "north")
        return Place(
            province_id=province_id,
            commune_id=pk,
            legacy_province_id=None,
            legacy_district_id=None,
            legacy_commune_id=None,
            label=short_name,
            district_label=short_name,
            address=f"{rng.choice(HAMLET[area])}, {self.current_commune_name[pk]}, {self.names[province_id]}",
            area=area,
            legacy_province_code=None,
        )


class Planner:
    def __init__(self, seed: int, today: datetime.date, geo: Geo):
        self.rng = random.Random(seed)
        self.today = today
        self.geo = geo
        self.producers: list[ProducerPlan] = []
        self.products: list[ProductPlan] = []
        self._round_day: dict = {}
        self._tax_codes: set[str] = set()

    # dates ------------------------------------------------------------------------------------

    def date_in(self, place: Place, start: datetime.date, end: datetime.date) -> datetime.date:
        """A decision date in [start, end]: councils sit on a few days, so each district (or, after
        the reform, province) decides on one day per month."""
        if end < start:
            return start  # a window after `today`: the date is dropped when writing
        months = (end.year - start.year) * 12 + end.month - start.month
        index = start.month - 1 + self.rng.randint(0, months)
        year, month = start.year + index // 12, index % 12 + 1
        before_reform = D(year, month, 1) < REFORM_DATE
        key = ((before_reform and place.legacy_district_id) or place.province_id, year, month)
        if key not in self._round_day:
            self._round_day[key] = self.rng.randint(5, 28)
        day = D(year, month, self._round_day[key])
        day = min(max(day, start), end)
        if REFORM_DATE <= day < FIRST_CURRENT_DECISION:
            day = FIRST_CURRENT_DECISION + datetime.timedelta(days=self.rng.randint(2, 20))
        return day

    # people and places -------------------------------------------------------------------------

    def person(self, female: bool, ethnic_code: int | None = None) -> str:
        rng = self.rng
        family = rng.choice(FAMILY_ETHNIC.get(ethnic_code) or FAMILY)
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        return f"{family} {middle} {rng.choice(GIVEN_F if female else GIVEN_M)}"

    def tax_code(self, province_code: int) -> str:
        """A 10-digit MST with a correct check digit (stdnum's rule), unique in the load."""
        while True:
            body = f"{province_code % 100:02d}{self.rng.randint(1, 9_999_999):07d}"
            check = mst.calc_check_digit(body)
            if len(check) == 1 and body + check not in self._tax_codes:  # 10 − 0 has no digit
                self._tax_codes.add(body + check)
                return body + check

    def add_producer(self, place: Place, producer_type: str, theme: str = "food", ethnic_rate=0.03) -> int:
        rng = self.rng
        ethnic = rng.random() < ethnic_rate
        female = rng.random() < (0.45 if producer_type == HOUSE else 0.3)
        plan = ProducerPlan(place=place, producer_type=producer_type, theme=theme)
        plan.representative = self.person(female, place.legacy_province_code if ethnic else None)
        plan.women_led = female and rng.random() < 0.9
        plan.ethnic_minority_led = ethnic
        self.producers.append(plan)
        return len(self.producers) - 1

    def add_product(self, producer: int, group: str, recognitions, **options) -> ProductPlan:
        weights = PRODUCT_NAMES[group]
        sets = list(weights)
        product_set = self.rng.choices(sets, [SET_WEIGHTS.get(s, 1) for s in sets])[0]
        plan = ProductPlan(producer=producer, group=group, product_set=product_set, **options)
        plan.recognitions = [r if isinstance(r, Recognition) else Recognition(*r) for r in recognitions]
        self.products.append(plan)
        return plan

    def producers_of(self, province_code: int, mix: dict[str, int], ethnic_rate=0.03) -> list[int]:
        rows = self.geo.legacy_communes[self.geo.legacy_province[province_code]]
        ids = []
        for producer_type, count in mix.items():
            for _ in range(count):
                place = self.geo.legacy_place(self.rng.choice(rows), self.rng)
                ids.append(self.add_producer(place, producer_type, ethnic_rate=ethnic_rate))
        self.rng.shuffle(ids)
        return ids

    def spread(self, producers: list[int], count: int) -> list[int]:
        """`count` product owners: every producer at least once, firms and co-ops more often."""
        weight = {FIRM: 3.0, COOP: 2.0, GROUP: 1.2, HOUSE: 0.6}
        owners = list(producers[:count])
        extra = count - len(owners)
        if extra > 0:
            owners += self.rng.choices(
                producers, [weight[self.producers[p].producer_type] for p in producers], k=extra
            )
        self.rng.shuffle(owners)
        return owners

    def stars_score(self, stars: int) -> Decimal:
        low, high = {3: (50, 69.9), 4: (70, 89.9), 5: (90, 97)}[stars]
        return Decimal(str(round(self.rng.uniform(low, high), 2)))

    # chains ------------------------------------------------------------------------------------

    def continue_chains(self, renew=0.7, change=0.08, revoke=0.008) -> None:
        """Re-evaluate each chain near its expiry, up to `today` (keep, raise or lower the stars)."""
        rng, today = self.rng, self.today
        for plan in self.products:
            if not plan.continues or not plan.recognitions:
                continue
            place = self.producers[plan.producer].place
            while True:
                last = plan.recognitions[-1]
                if last.revoke:
                    break
                expiry = add_months(last.date, 36)
                if rng.random() < revoke:
                    when = last.date + datetime.timedelta(days=rng.randint(120, 900))
                    after_quiet = not plan.quiet or when > plan.quiet[1]
                    if when <= today and when < expiry and after_quiet:
                        ground = rng.choice(
                            [
                                RevocationGround.FOOD_SAFETY,
                                RevocationGround.NOT_AS_CERTIFIED,
                                RevocationGround.NO_RECORDS,
                                RevocationGround.STOPPED,
                            ]
                        )
                        last.revoke = (when, ground, "")
                    break
                if rng.random() >= renew:
                    break
                when = expiry + datetime.timedelta(days=rng.randint(-60, 45))
                when = self.date_in(
                    place, when - datetime.timedelta(days=12), when + datetime.timedelta(days=12)
                )
                if plan.quiet and plan.quiet[0] <= when <= plan.quiet[1]:
                    when = plan.quiet[1] + datetime.timedelta(days=rng.randint(5, 75))
                if when > today or when <= last.date:
                    break
                stars = last.stars
                if plan.allow_star_change and rng.random() < change:
                    stars = 4 if stars == 3 else 3
                plan.recognitions.append(Recognition(when, stars))

    def forward(self, months_before_today: int, days: int) -> datetime.date:
        return add_months(self.today, -months_before_today) + datetime.timedelta(days=days)


# --- provinces of the seed reports -------------------------------------------------------------


def _exact(rng, counts: dict) -> list:
    """A shuffled list holding each key exactly `count` times."""
    items = [key for key, count in counts.items() for _ in range(count)]
    rng.shuffle(items)
    return items


def plan_long_an(p: Planner) -> None:
    """Long An (cũ) on 31/12/2024: 235 products (186 3★ + 49 4★) of 108 producers (24 DN, 15 HTX,
    69 hộ); 87 recognised in 2024 (78 3★ + 9 4★), the rest in 2022–2023; none expired or revoked on
    that date. Of the 2024 decisions, 6 are renewals of 2021 certificates and 2 upgrades 3★→4★."""
    rng = p.rng
    quiet = (D(2024, 1, 1), D(2024, 12, 31))
    producers = p.producers_of(80, {FIRM: 24, COOP: 15, HOUSE: 69})
    owners = p.spread(producers, 235)
    groups = _exact(rng, {"food": 182, "drink": 30, "herbal": 8, "handicraft": 11, "ornamental": 4})
    three, four = list(range(186)), list(range(186, 235))
    rng.shuffle(three), rng.shuffle(four)
    recent = set(three[:78]) | set(four[:9])
    renewed, upgraded = set(three[:6]), set(four[:2])
    stock = []
    for i in range(235):
        stars = 3 if i < 186 else 4
        place = p.producers[owners[i]].place
        if i in recent:
            when = p.date_in(place, D(2024, 1, 1), D(2024, 12, 31))
            chain = [(when, stars)]
            if i in renewed:
                chain.insert(0, (p.date_in(place, D(2021, 1, 1), D(2021, 12, 31)), 3))
            if i in upgraded:
                chain.insert(0, (p.date_in(place, D(2022, 1, 1), D(2022, 6, 30)), 3))
        else:
            chain = [(p.date_in(place, D(2022, 1, 1), D(2023, 12, 31)), stars)]
        stock.append(p.add_product(owners[i], groups[i], chain, quiet=quiet))
    # One certificate valid on 31/12/2024 revoked in 2025 (not produced as certified).
    revoked = next(
        x
        for x in stock
        if len(x.recognitions) == 1
        and x.recognitions[0].date >= D(2022, 7, 1)
        and x.recognitions[0].date.year < 2024
    )
    revoked.recognitions[0].revoke = (
        D(2025, 5, 20),
        RevocationGround.NOT_AS_CERTIFIED,
        "Bao bì, quy trình sản xuất thay đổi so với hồ sơ được công nhận.",
    )
    revoked.continues = False
    # Older products that expired before 2024 without re-evaluation, and one revoked in 2023.
    for _ in range(9):
        owner = rng.choice(producers)
        when = p.date_in(p.producers[owner].place, D(2020, 3, 1), D(2021, 5, 31))
        p.add_product(owner, "food", [(when, 3)], continues=False)
    owner = rng.choice(producers)
    when = p.date_in(p.producers[owner].place, D(2022, 2, 1), D(2022, 10, 31))
    p.add_product(
        owner,
        "food",
        [Recognition(when, 3, (D(2023, 9, 12), RevocationGround.FOOD_SAFETY, "Mẫu kiểm nghiệm không đạt."))],
        continues=False,
    )
    # 2025: new products (district 3★ before the reform, Tây Ninh province after it).
    for _ in range(24):
        owner = rng.choice(producers)
        place = p.producers[owner].place
        when = p.date_in(place, D(2025, 2, 1), D(2025, 12, 31))
        p.add_product(owner, rng.choice(["food", "food", "drink"]), [(when, 3 if rng.random() < 0.85 else 4)])


def plan_cao_bang(p: Planner) -> None:
    """Cao Bằng on 30/06/2024: 144 products (13 4★ + 131 3★) of 91 producers (27 HTX, 7 THT, 10 DN,
    47 hộ) in 4 groups: food 124, drink 11, handicraft 6, tourism 3 (as the report lists them).
    2024: 35 certificates of 2021 expired; 32 were re-evaluated (10 before 30/06, 22 after)."""
    rng = p.rng
    quiet = (D(2024, 1, 1), D(2024, 6, 30))
    producers = p.producers_of(4, {COOP: 27, GROUP: 7, FIRM: 10, HOUSE: 47}, ethnic_rate=0.75)
    owners = p.spread(producers, 144)
    groups = _exact(rng, {"food": 124, "drink": 11, "handicraft": 6, "tourism": 3})
    stars = _exact(rng, {4: 13, 3: 131})
    stock = []
    for i in range(144):
        place = p.producers[owners[i]].place
        if i < 10:  # renewed in the first half of 2024 (their 2021 certificate was expiring)
            first = p.date_in(place, D(2021, 1, 1), D(2021, 5, 31))
            chain = [(first, stars[i]), (p.date_in(place, D(2024, first.month, 1), D(2024, 6, 28)), stars[i])]
        elif i < 30:  # new in the first half of 2024
            chain = [(p.date_in(place, D(2024, 1, 1), D(2024, 6, 28)), stars[i])]
        else:
            chain = [(p.date_in(place, D(2021, 7, 1), D(2023, 12, 31)), stars[i])]
        stock.append(p.add_product(owners[i], groups[i], chain, quiet=quiet))
    # 25 more whose 2021 certificate expired before 30/06/2024: 22 re-evaluated in the second half.
    for i in range(25):
        owner = rng.choice(producers)
        place = p.producers[owner].place
        chain = [(p.date_in(place, D(2021, 1, 1), D(2021, 5, 31)), 3)]
        if i < 22:
            chain.append((p.date_in(place, D(2024, 7, 1), D(2024, 12, 20)), 3))
        p.add_product(owner, "food", chain, continues=i < 22, quiet=quiet)
    # About 30 new products in the second half of 2024, some from new producers.
    newcomers = p.producers_of(4, {HOUSE: 5, COOP: 2, GROUP: 1}, ethnic_rate=0.75)
    for _ in range(30):
        owner = rng.choice(newcomers + producers)
        when = p.date_in(p.producers[owner].place, D(2024, 7, 1), D(2024, 12, 20))
        p.add_product(owner, rng.choice(["food"] * 5 + ["drink", "herbal"]), [(when, 3)], quiet=quiet)
    # One certificate valid on 30/06/2024 revoked in September (no quality records).
    revoked = next(
        x
        for x in stock
        if len(x.recognitions) == 1 and D(2021, 10, 1) <= x.recognitions[0].date < D(2023, 6, 1)
    )
    revoked.recognitions[0].revoke = (
        D(2024, 9, 18),
        RevocationGround.NO_RECORDS,
        "Không duy trì hồ sơ truy xuất nguồn gốc.",
    )
    revoked.continues = False


def plan_ca_mau(p: Planner) -> None:
    """Cà Mau (cũ), 2024: 57 new 3★ of 38 producers (one tourism), 6 renewed 3★ of 5 producers,
    18 4★ of 8 producers (12 new, 6 upgraded) — 81 products of 43 producers. 2020–2024: 191
    distinct products recognised, 47 4★ + 144 3★ at their latest stars (no star changes later)."""
    rng = p.rng
    quiet = (D(2024, 1, 1), D(2024, 12, 31))
    options = {"quiet": quiet, "allow_star_change": False}
    new3 = p.producers_of(96, {COOP: 10, FIRM: 6, GROUP: 2, HOUSE: 20})  # 38
    renew3 = p.producers_of(96, {COOP: 2, FIRM: 1, HOUSE: 2})  # 5
    older = p.producers_of(96, {COOP: 14, FIRM: 8, GROUP: 3, HOUSE: 27})
    four = new3[:5] + renew3[:3]  # 8 producers, all already among the 43 of 2024

    def when(owner, start, end):
        return p.date_in(p.producers[owner].place, start, end)

    y2024 = (D(2024, 1, 1), D(2024, 12, 31))
    for k, owner in enumerate(p.spread(new3, 57)):
        p.add_product(owner, "tourism" if k == 0 else _group(rng), [(when(owner, *y2024), 3)], **options)
    for owner in p.spread(renew3, 6):
        first = when(owner, D(2021, 1, 1), D(2021, 12, 31))
        renewal = when(owner, D(2024, first.month, 1), D(2024, 12, 31))
        p.add_product(owner, _group(rng), [(first, 3), (renewal, 3)], **options)
    for k, owner in enumerate(p.spread(four, 18)):
        chain = [(when(owner, *y2024), 4)]
        if k < 6:
            chain.insert(0, (when(owner, D(2021, 1, 1), D(2023, 10, 31)), 3))
        p.add_product(owner, _group(rng), chain, **options)
    # Before 2024: 29 4★ and 81 3★ first recognised 2020–2023, not re-evaluated in 2024.
    pool = older + new3[5:20]
    for k, owner in enumerate(p.spread(pool, 110)):
        stars = 4 if k < 29 else 3
        # A 2021 certificate expiring in 2024 is re-evaluated only in 2025 (after a gap).
        p.add_product(owner, _group(rng), [(when(owner, D(2020, 3, 1), D(2023, 12, 31)), stars)], **options)
    # 2025: new products (outside the 2020–2024 period).
    for _ in range(15):
        owner = rng.choice(older + new3)
        p.add_product(owner, _group(rng), [(when(owner, D(2025, 1, 10), D(2025, 12, 31)), 3)], **options)


def _group(rng) -> str:
    return rng.choices(["food", "drink", "herbal", "handicraft"], [80, 8, 7, 5])[0]


def plan_soc_trang(p: Planner) -> None:
    """Sóc Trăng (cũ), 2019 to 13/12/2022: 189 products recognised 3★+ (1 5★, 19 4★, 169 3★), 53 of
    them in 2022. The 5★ was first 4★ (2020) and raised by the central council in 2021."""
    rng = p.rng
    end = D(2022, 12, 13)
    options = {"quiet": (D(2019, 1, 1), end), "allow_star_change": False}
    producers = p.producers_of(94, {FIRM: 28, COOP: 26, GROUP: 5, HOUSE: 46}, ethnic_rate=0.15)
    owners = p.spread(producers, 189)
    years = _exact(rng, {2019: 24, 2020: 45, 2021: 66})
    stars = _exact(rng, {4: 19, 3: 169})
    for i in range(189):
        owner = owners[i]
        place = p.producers[owner].place
        if i == 0:
            chain = [(p.date_in(place, D(2020, 3, 1), D(2020, 9, 30)), 4), (D(2021, 12, 16), 5)]
            p.add_product(owner, "food", chain, **options).product_set = "rice_cereals"
            continue
        if i <= 53:
            start, stop = D(2022, 1, 1), end
        else:
            year = years[i - 54]
            start, stop = (D(2019, 4, 1) if year == 2019 else D(year, 1, 1)), D(year, 12, 31)
        p.add_product(owner, _group(rng), [(p.date_in(place, start, stop), stars[i - 1])], **options)
    for _ in range(30):  # after the period: new products 2023–2026
        owner = rng.choice(producers)
        when = p.date_in(p.producers[owner].place, D(2023, 3, 1), p.today)
        p.add_product(owner, _group(rng), [(when, 3)], **options)


def plan_neighbours(p: Planner) -> None:
    """Hậu Giang, Bạc Liêu, Tiền Giang, Cần Thơ (cũ): background, expiring soon, expired, revoked;
    and producers registered after the reform in Cần Thơ and Tây Ninh (province-level issuer)."""
    rng, geo = p.rng, p.geo
    neighbours = {}
    for code, mix in {
        93: {COOP: 8, FIRM: 6, HOUSE: 12},
        95: {COOP: 6, FIRM: 5, HOUSE: 10},
        82: {COOP: 7, FIRM: 6, HOUSE: 12},
        92: {COOP: 5, FIRM: 8, HOUSE: 8},
    }.items():
        neighbours[code] = p.producers_of(code, mix)
        for owner in p.spread(neighbours[code], len(neighbours[code]) * 2):
            when = p.date_in(p.producers[owner].place, D(2019, 9, 1), min(p.today, D(2026, 6, 30)))
            p.add_product(owner, _group(rng), [(when, 4 if rng.random() < 0.25 else 3)])
    # Expiring within the next 90 days (some already inside the 30-day notice window).
    pool = neighbours[93] + neighbours[95] + neighbours[82] + neighbours[92]
    for days in (3, 9, 17, 26, 34, 48, 61, 75, 88):
        owner = rng.choice(pool)
        p.add_product(owner, _group(rng), [(p.forward(36, days), 3 if days % 2 else 4)], continues=False)
    # Expired without re-evaluation.
    for _ in range(6):
        owner = rng.choice(neighbours[93])
        when = p.date_in(p.producers[owner].place, D(2020, 1, 1), D(2022, 12, 31))
        p.add_product(owner, "food", [(when, 3)], continues=False)
    # Revoked.
    owner = neighbours[93][0]
    when = p.date_in(p.producers[owner].place, D(2023, 4, 1), D(2023, 9, 30))
    p.add_product(
        owner,
        "food",
        [
            Recognition(
                when,
                3,
                (D(2025, 4, 22), RevocationGround.FOOD_SAFETY, "Vi phạm quy định về an toàn thực phẩm."),
            )
        ],
        continues=False,
    )
    owner = neighbours[82][0]
    when = p.date_in(p.producers[owner].place, D(2022, 3, 1), D(2022, 9, 30))
    p.add_product(
        owner,
        "drink",
        [
            Recognition(
                when, 3, (D(2024, 5, 7), RevocationGround.STOPPED, "Chủ thể ngừng sản xuất kinh doanh.")
            )
        ],
        continues=False,
    )
    # After the reform: producers known only by their current commune, certified by the province.
    if p.today >= FIRST_CURRENT_DECISION:
        for code, count in ((92, 8), (80, 7)):
            province_id = geo.current_province[code]
            for _ in range(count):
                place = geo.current_place(province_id, rng)
                owner = p.add_producer(place, rng.choice([HOUSE, HOUSE, COOP, FIRM]))
                for _ in range(rng.choice([1, 1, 2])):
                    when = p.date_in(place, FIRST_CURRENT_DECISION, p.today)
                    p.add_product(owner, _group(rng), [(when, 4 if rng.random() < 0.2 else 3)])


def plan_provinces(p: Planner) -> None:
    plan_long_an(p)
    plan_cao_bang(p)
    plan_ca_mau(p)
    plan_soc_trang(p)
    plan_neighbours(p)
    p.continue_chains(renew=0.65, change=0.06, revoke=0.004)


# --- national ----------------------------------------------------------------------------------

HANOI = 1
HANOI_SHARE = 3500 / 18000
YEAR_WEIGHTS = {2019: 3, 2020: 7, 2021: 11, 2022: 15, 2023: 18, 2024: 20, 2025: 16, 2026: 10}
FIVE_STAR_SHARE = 125 / 18000


def plan_national(p: Planner, size: int = NATIONAL_SIZE) -> None:
    """≈`size` products, ≈size/1.8 producers, Hà Nội ≈19 %, the rest by number of communes."""
    rng, geo, today = p.rng, p.geo, p.today
    provinces = sorted(geo.current_province.values(), key=lambda pk: geo.province_code[pk])
    others = [pk for pk in provinces if geo.province_code[pk] != HANOI]
    weight = {pk: len(geo.current_communes[pk]) for pk in others}
    total = sum(weight.values())
    quota = {geo.current_province[HANOI]: round(size * HANOI_SHARE)}
    rest = size - quota[geo.current_province[HANOI]]
    for pk in others:
        quota[pk] = max(5, round(rest * weight[pk] / total))
    years = [y for y in YEAR_WEIGHTS if D(y, 1, 1) <= today]
    for province_id in provinces:
        rows = geo.by_current_province[province_id]
        n_products = quota[province_id]
        producers = []
        for _ in range(max(1, round(n_products / 1.8))):
            kind = rng.choices([COOP, GROUP, FIRM, HOUSE], [30, 5, 25, 40])[0]
            place = geo.legacy_place(rng.choice(rows), rng)
            producers.append(p.add_producer(place, kind, ethnic_rate=0.06))
        for owner in p.spread(producers, n_products):
            year = rng.choices(years, [YEAR_WEIGHTS[y] for y in years])[0]
            start = D(2019, 4, 1) if year == 2019 else D(year, 1, 1)
            when = p.date_in(p.producers[owner].place, start, min(D(year, 12, 31), today))
            stars = 4 if rng.random() < 0.25 else 3
            p.add_product(owner, _national_group(rng), [(when, stars)])
    p.continue_chains(renew=0.72, change=0.07, revoke=0.01)
    # Five stars: 4★ products raised by the central council, 2021 onwards.
    candidates = [
        x
        for x in p.products
        if x.recognitions[-1].stars == 4
        and not x.recognitions[-1].revoke
        and x.recognitions[-1].date < today - datetime.timedelta(days=120)
        and add_months(x.recognitions[-1].date, 36) > today
    ]
    for x in rng.sample(candidates, min(len(candidates), round(size * FIVE_STAR_SHARE))):
        last = x.recognitions[-1].date
        when = last + datetime.timedelta(days=rng.randint(60, max(61, (today - last).days)))
        if when <= today:
            x.recognitions.append(Recognition(max(when, D(2021, 1, 1)), 5))


def _national_group(rng) -> str:
    return rng.choices(
        ["food", "drink", "herbal", "handicraft", "ornamental", "tourism"], [72, 9, 8, 6, 3, 2]
    )[0]


# --- names -------------------------------------------------------------------------------------


def name_everything(p: Planner) -> None:
    rng = p.rng
    made = defaultdict(Counter)
    for plan in p.products:  # a producer is named after what it mostly makes
        made[plan.producer][plan.group] += 1
    for index, groups in made.items():
        p.producers[index].theme = groups.most_common(1)[0][0]
    for producer in p.producers:
        place, theme = producer.place, producer.theme
        sector = rng.choice(SECTOR[theme])
        if producer.producer_type == COOP:
            producer.name = (
                f"Hợp tác xã {sector} {rng.choice([place.label, place.label, rng.choice(BRANDS)])}"
            )
        elif producer.producer_type == GROUP:
            producer.name = f"Tổ hợp tác {sector} {place.label}"
        elif producer.producer_type == FIRM:
            form = rng.choice(["Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân"])
            producer.name = f"{form} {sector} {rng.choice(BRANDS)}"
        else:
            producer.name = (
                f"Hộ kinh doanh {producer.representative}"
                if rng.random() < 0.75
                else f"Cơ sở sản xuất {rng.choice(BRANDS)}"
            )
    # Names already taken per producer, folded as the database compares them (one product of a
    # name per producer, case and diacritics aside: registry_product_unique_name).
    taken: dict[int, set] = defaultdict(set)
    for plan in p.products:
        if plan.name:
            taken[plan.producer].add(fold(plan.name))
    for plan in p.products:
        producer = p.producers[plan.producer]
        if plan.name:
            continue
        names = PRODUCT_NAMES[plan.group][plan.product_set]
        south = producer.place.area == "south"
        fitting = [n for n in names if n not in (NORTHERN if south else SOUTHERN)] or names
        base = rng.choice(fitting)
        where = rng.choice([producer.place.label, producer.place.district_label])
        name = f"{base} {where}" if where not in base else base
        if plan.group == "tourism":
            name = f"{base} {producer.place.label}"
        used = taken[plan.producer]
        if fold(name) in used:
            name = f"{base} {where} {rng.choice(VARIANTS)}"
        number = len(used) + 1
        while fold(name) in used:
            name, number = f"{base} {where} ({number})", number + 1
        used.add(fold(name))
        plan.name = name


# --- write -------------------------------------------------------------------------------------


class Issuers:
    """Who signs each recognition: the level the regime gives the star count, the unit that was
    in place on the decision date (legacy district/province before the reform, current after)."""

    def __init__(self, geo: Geo, rng: random.Random):
        self.geo, self.rng = geo, rng
        self.numbers: dict = {}

    def __call__(self, regime: Regime, stars: int, date: datetime.date, place: Place):
        level = regime.certifier_level(stars) or IssuerLevel.PROVINCE
        if level == IssuerLevel.CENTRAL:
            ministry = (
                "Bộ Nông nghiệp và Phát triển nông thôn"
                if date < MINISTRY_RENAMED
                else "Bộ Nông nghiệp và Môi trường"
            )
            return (
                level,
                None,
                ministry,
                self.number(("central", date), "QĐ-BNN-VPĐP" if date < MINISTRY_RENAMED else "QĐ-BNNMT"),
            )
        if level == IssuerLevel.DISTRICT and place.legacy_district_id and date < REFORM_DATE:
            unit = place.legacy_district_id
        elif date < REFORM_DATE and place.legacy_province_id:
            level, unit = IssuerLevel.PROVINCE, place.legacy_province_id
        else:
            level, unit = IssuerLevel.PROVINCE, place.province_id
        name = self.geo.names[unit]
        return level, unit, f"UBND {name[0].lower()}{name[1:]}", self.number((unit, date), "QĐ-UBND")

    def number(self, key, suffix: str) -> str:
        if key not in self.numbers:
            self.numbers[key] = f"{self.rng.randint(120, 4800)}/{suffix}"
        return self.numbers[key]


REVOCATION_FIELDS = ["revoked_on", "revocation_decision", "revocation_ground", "revocation_note"]


def write(p: Planner) -> dict:
    rng, today = p.rng, p.today
    for plan in p.products:  # nothing after today: drop it and what follows it in the chain
        kept = [r for r in plan.recognitions if r.date <= today]
        plan.recognitions = kept
        if kept and kept[-1].revoke and kept[-1].revoke[0] > today:
            kept[-1].revoke = None
    products_plan = [x for x in p.products if x.recognitions]
    used = sorted({x.producer for x in products_plan})
    producer_objs = {}
    for index in used:
        plan = p.producers[index]
        place = plan.place
        with_tax = plan.producer_type != HOUSE or rng.random() < 0.7
        obj = Producer(
            name=plan.name,
            producer_type=plan.producer_type,
            is_sme=plan.producer_type == FIRM and rng.random() < 0.9,
            tax_code=p.tax_code(p.geo.province_code[place.province_id]) if with_tax else "",
            representative=plan.representative,
            phone=f"0{rng.choice([9, 9, 8, 3, 7])}{rng.randint(10_000_000, 99_999_999)}",
            address=place.address,
            province_id=place.province_id,
            commune_id=place.commune_id,
            legacy_province_id=place.legacy_province_id,
            legacy_district_id=place.legacy_district_id,
            legacy_commune_id=place.legacy_commune_id,
            women_led=plan.women_led,
            ethnic_minority_led=plan.ethnic_minority_led,
        )
        obj.fill_derived()
        producer_objs[index] = obj
    Producer.objects.bulk_create(list(producer_objs.values()), batch_size=BATCH)

    sets = {
        (s.group.code, s.code): s
        for s in ProductSet.objects.filter(group__taxonomy__code="148").select_related("group")
    }
    product_objs = []
    for plan in products_plan:
        product_set = sets[(plan.group, plan.product_set)]
        last = plan.recognitions[-1]
        stopped = bool(last.revoke and last.revoke[1] == RevocationGround.STOPPED)
        obj = Product(
            name=plan.name,
            producer=producer_objs[plan.producer],
            group_id=product_set.group_id,
            product_set=product_set,
            raw_material_area=p.producers[plan.producer].place.label,
            status=ProductStatus.DISCONTINUED if stopped else ProductStatus.ACTIVE,
        )
        obj.fill_derived()
        product_objs.append(obj)
    Product.objects.bulk_create(product_objs, batch_size=BATCH)

    regimes = {r.pk: r for r in Regime.objects.all()}
    issuers = Issuers(p.geo, random.Random(rng.random()))
    # Latest recognitions first (the order the random decision numbers were always drawn in).
    recognitions, events = [], []
    longest = max((len(x.recognitions) for x in products_plan), default=0)
    revoked = 0
    for level in range(longest):
        for i, plan in enumerate(products_plan):
            position = len(plan.recognitions) - 1 - level
            if position < 0:
                continue
            rec = plan.recognitions[position]
            regime = regimes[regime_id_at(rec.date)]
            issuer_level, unit, issuer_name, number = issuers(
                regime, rec.stars, rec.date, p.producers[plan.producer].place
            )
            recognitions.append(
                Decision(
                    product=product_objs[i],
                    stars=rec.stars,
                    score=p.stars_score(rec.stars),
                    decision_number=number,
                    decision_date=rec.date,
                    issuer_name=issuer_name,
                    issuer_level=issuer_level,
                    issuer_unit=unit,
                )
            )
            following = (
                plan.recognitions[position + 1].date if position + 1 < len(plan.recognitions) else None
            )
            revocation = None
            if rec.revoke:
                on, ground, note = rec.revoke
                decision = f"{issuers.rng.randint(120, 4800)}/QĐ-UBND"
                revocation = (on, decision, ground, note or RevocationGround(ground).label)
                revoked += 1
            events.append((following, revocation))
    # Every recognition goes through certification's one validator and bulk writer.
    certificates = certificates_issue_bulk(
        actor="demo", recognitions=recognitions, today=today, audit_action=None
    )
    changed = []
    for certificate, (following, revocation) in zip(certificates, events, strict=True):
        certificate.superseded_on = following  # as the writer linked the chain
        if revocation:
            on, decision, ground, note = revocation
            problems = revocation_problems(
                certificate, decision_number=decision, revoked_on=on, ground=ground
            )
            if problems:
                raise CertificationError(problems)
            certificate.revoked_on, certificate.revocation_decision = on, decision
            certificate.revocation_ground, certificate.revocation_note = ground, note
        # Certificates whose notice window has passed were notified then (the daily job ran).
        end_of_life = min(x for x in (certificate.superseded_on, certificate.revoked_on, today) if x)
        if certificate.valid_until < today and certificate.notice_from <= end_of_life:
            certificate.expiry_notice_sent_at = timezone.make_aware(
                datetime.datetime.combine(certificate.notice_from, datetime.time(7, 0))
            )
        if revocation or certificate.expiry_notice_sent_at:
            changed.append(certificate)
    Certificate.objects.bulk_update(
        changed,
        [
            "revoked_on",
            "revocation_decision",
            "revocation_ground",
            "revocation_note",
            "expiry_notice_sent_at",
        ],
        batch_size=BATCH,
    )
    total = len(certificates)
    return {
        "producers": len(producer_objs),
        "products": len(product_objs),
        "certificates": total,
        "revoked": revoked,
    }


# --- entry point -------------------------------------------------------------------------------


def demo_present() -> bool:
    return AuditEntry.objects.filter(action=MARKER_ACTION).exists() or Producer.objects.exists()


def load_registry_demo(
    scale: str = "provinces",
    seed: int = 2026,
    today: datetime.date | None = None,
    stdout=None,
    size: int | None = None,
) -> dict:
    """Load the demonstration registry once (see the module docstring); returns the counts.

    Does nothing when the registry already holds producers or a previous demo load.
    """
    if scale not in SCALES:
        raise ValueError(f"Quy mô không hợp lệ: {scale!r} (chọn một trong {', '.join(SCALES)}).")
    say = stdout.write if stdout is not None else (lambda message: None)
    if demo_present():
        say("Đã có dữ liệu chủ thể/sản phẩm: bỏ qua việc nạp sổ đăng ký mẫu.")
        return {"skipped": True, "scale": scale}
    started = time.perf_counter()
    today = today or timezone.localdate()
    clear_regime_cache()
    planner = Planner(seed, today, Geo())
    if scale == "provinces":
        plan_provinces(planner)
    else:
        plan_national(planner, size or NATIONAL_SIZE)
    name_everything(planner)
    with transaction.atomic():
        counts = write(planner)
        audit_log(
            actor="demo", action=MARKER_ACTION, scale=scale, seed=seed, today=today.isoformat(), **counts
        )
    counts.update(skipped=False, scale=scale, seconds=round(time.perf_counter() - started, 1))
    n = {key: f"{counts[key]:,}".replace(",", ".") for key in ("producers", "products", "certificates")}
    say(
        f"Sổ đăng ký mẫu ({scale}): {n['producers']} chủ thể, {n['products']} sản phẩm, "
        f"{n['certificates']} giấy chứng nhận ({counts['revoked']} bị thu hồi), {counts['seconds']} giây."
    )
    return counts
