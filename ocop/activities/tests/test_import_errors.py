"""Staged imports of every kind of activity record with planted errors: the problems name exactly the
planted rows, nothing is written (not even the good rows, nor an audit entry), and the same file
without them writes its rows. (Apart from test_imports.py, whose module-wide demo would make the
producers' names ambiguous.)"""

import datetime

import pytest

from ocop.activities import imports
from ocop.core.models import AuditEntry

from .test_imports import producers, xlsx  # noqa: F401 (fixture)

D = datetime.date
pytestmark = pytest.mark.django_db

# Every kind: a file of four rows where the 2nd and 3rd carry a planted error (spreadsheet rows 3 and
# 4). The problems name exactly those rows; nothing is written, not even the good rows, and no audit
# entry; the same file without the planted rows then writes its two rows.
GOOD, BAD = "good", "bad"
PLANTED = {
    "points": (
        ["Tên điểm bán", "Loại", "Tỉnh/thành phố", "Ngày khai trương", "Ngày ngừng hoạt động", "Tình trạng"],
        [
            (
                GOOD,
                [
                    "Điểm OCOP Ninh Kiều",
                    "Điểm giới thiệu và bán sản phẩm OCOP",
                    "Cần Thơ",
                    "01/03/2024",
                    "",
                    "",
                ],
            ),
            (BAD, ["Điểm OCOP Xa Lạ", "", "Tỉnh Không Có", "01/03/2024", "", ""]),  # unknown province
            (
                BAD,
                ["Điểm OCOP Cái Răng", "", "Cần Thơ", "01/03/2024", "01/01/2024", "Ngừng hoạt động"],
            ),  # ends first
            (GOOD, ["Cửa hàng đặc sản Cần Thơ", "Cửa hàng đặc sản", "Cần Thơ", "", "", "Đang hoạt động"]),
        ],
        "PointOfSale",
    ),
    "events": (
        ["Tên sự kiện", "Loại sự kiện", "Từ ngày", "Đến ngày", "Nơi tổ chức", "Quốc gia", "Tỉnh/thành phố"],
        [
            (
                GOOD,
                ["Hội chợ OCOP Cần Thơ", "Hội chợ", "01/09/2024", "05/09/2024", "Trong tỉnh", "", "Cần Thơ"],
            ),
            (
                BAD,
                ["Triển lãm Tokyo", "Triển lãm", "01/10/2024", "03/10/2024", "Nước ngoài", "", "Cần Thơ"],
            ),  # no country
            (
                BAD,
                ["Liên hoan ẩm thực", "Liên hoan", "01/10/2024", "", "Trong tỉnh", "", "Cần Thơ"],
            ),  # unknown kind
            (
                GOOD,
                ["Phiên chợ OCOP", "Phiên chợ OCOP", "12/10/2024", "12/10/2024", "Trong tỉnh", "", "Cần Thơ"],
            ),
        ],
        "TradeEvent",
    ),
    "classes": (
        ["Chủ đề", "Từ ngày", "Đến ngày", "Đơn vị tổ chức", "Tỉnh/thành phố"],
        [
            (GOOD, ["Thương mại điện tử", "16/04/2024", "17/04/2024", "VPĐP tỉnh", "Cần Thơ"]),
            (BAD, ["Bao bì, nhãn mác", "14/05/2024", "15/05/2024", "", "Cần Thơ"]),  # no organiser
            (BAD, ["Truy xuất nguồn gốc", "11/06/2024", "10/06/2024", "VPĐP tỉnh", "Cần Thơ"]),  # ends first
            (GOOD, ["Kỹ năng bán hàng", "09/07/2024", "", "VPĐP tỉnh", "Cần Thơ"]),
        ],
        "TrainingClass",
    ),
    "participants": (
        ["Lớp tập huấn", "Ngày bắt đầu lớp", "Đối tượng", "Chủ thể", "Họ tên", "Đơn vị", "Tham dự"],
        [
            (GOOD, ["Thương mại điện tử", "16/04/2024", "Chủ thể", "HTX Tâm Hòa", "", "", "Có"]),
            (
                BAD,
                ["Thương mại điện tử", "17/04/2024", "Chủ thể", "HTX Tâm Hòa", "", "", "Có"],
            ),  # no such class
            (BAD, ["Thương mại điện tử", "16/04/2024", "Cán bộ", "", "", "VPĐP", "Có"]),  # official unnamed
            (GOOD, ["Thương mại điện tử", "16/04/2024", "Cán bộ", "", "Nguyễn Văn An", "VPĐP", "Không"]),
        ],
        "TrainingParticipant",
    ),
    "funding": (
        ["Năm", "Nguồn vốn", "Số tiền (triệu đồng)", "Tỉnh/thành phố"],
        [
            (GOOD, [2024, "Ngân sách địa phương", "1.200", "Cần Thơ"]),
            (BAD, [2024, "Vốn tín dụng", "-300", "Cần Thơ"]),  # negative
            (BAD, [2024, "Quỹ từ thiện", "50", "Cần Thơ"]),  # unknown source
            (GOOD, [2024, "Ngân sách trung ương", "4.200", "Cần Thơ"]),
        ],
        "Funding",
    ),
    "support": (
        ["Chủ thể", "Nội dung hỗ trợ", "Kinh phí (triệu đồng)", "Ngày hỗ trợ"],
        [
            (GOOD, ["HTX Tâm Hòa", "Thiết kế bao bì, nhãn mác", "25", "10/05/2024"]),
            (BAD, ["HTX Không Có", "Tem truy xuất nguồn gốc", "5", "10/05/2024"]),  # unknown producer
            (BAD, ["Công ty TNHH Cao Tuyền", "Chứng nhận VietGAP", "30", "31/02/2024"]),  # no such date
            (GOOD, ["Công ty TNHH Cao Tuyền", "Chứng nhận VietGAP", "30", "01/03/2024"]),
        ],
        "Support",
    ),
    "value-chains": (
        ["Chủ thể", "Chuỗi giá trị", "Kinh tế tuần hoàn", "Từ ngày", "Đến ngày"],
        [
            (GOOD, ["HTX Tâm Hòa", "Chuỗi chè Tâm Hòa", "Có", "01/01/2023", ""]),
            (BAD, ["HTX Tâm Hòa", "", "Không", "", ""]),  # no name
            (
                BAD,
                ["Công ty TNHH Cao Tuyền", "Chuỗi miến dong", "", "01/01/2024", "01/01/2023"],
            ),  # ends first
            (GOOD, ["Công ty TNHH Cao Tuyền", "Chuỗi miến dong", "Không", "01/01/2024", ""]),
        ],
        "ValueChain",
    ),
    "craft-villages": (
        ["Tên làng nghề", "Nghề", "Tỉnh/thành phố"],
        [
            (GOOD, ["Làng nghề bánh tráng Thuận Hưng", "Bánh tráng", "Cần Thơ"]),
            (BAD, ["Làng nghề chằm nón", "Nón lá", ""]),  # no province
            (BAD, ["Làng nghề đan lát", "Đan lát", "Tỉnh Không Có"]),  # unknown province
            (GOOD, ["Làng nghề đóng ghe", "Đóng ghe", "Cần Thơ"]),
        ],
        "CraftVillage",
    ),
    "commendations": (
        ["Tập thể / cá nhân", "Đối tượng", "Hình thức", "Cấp khen", "Ngày quyết định", "Tỉnh/thành phố"],
        [
            (
                GOOD,
                ["HTX Tâm Hòa", "Tập thể", "Bằng khen", "Chủ tịch UBND thành phố", "23/01/2025", "Cần Thơ"],
            ),
            (
                BAD,
                [
                    "Gia đình ông Ba",
                    "Gia đình",
                    "Bằng khen",
                    "Chủ tịch UBND thành phố",
                    "23/01/2025",
                    "Cần Thơ",
                ],
            ),
            (BAD, ["Bà Lê Thị Hoa", "Cá nhân", "Giấy khen", "Giám đốc Sở", "", "Cần Thơ"]),  # no date
            (GOOD, ["Ông Trần Văn Bảy", "Cá nhân", "Giấy khen", "Giám đốc Sở", "23/01/2025", "Cần Thơ"]),
        ],
        "Commendation",
    ),
}


@pytest.mark.usefixtures("producers")  # HTX Tâm Hòa (with Trà Tâm Hòa) and Công ty TNHH Cao Tuyền
@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_every_import_reports_exactly_the_planted_rows_and_writes_nothing(kind, can_tho):
    from django.apps import apps

    from ocop.activities import services

    services.training_class_create(
        actor="test",
        province=can_tho,
        topic="Thương mại điện tử",
        start_date=D(2024, 4, 16),
        organiser="VPĐP",
    )
    header, rows, model_name = PLANTED[kind]
    model = apps.get_model("activities", model_name)
    records_before, audit_before = model.objects.count(), AuditEntry.objects.count()

    for commit in (False, True):
        result = imports.run(kind, xlsx(header, [values for _, values in rows]), actor="test", commit=commit)
        assert result.problem_rows == [3, 4], [p.describe() for p in result.problems]
        assert result.written == 0
        assert model.objects.count() == records_before
        assert AuditEntry.objects.count() == audit_before

    clean = [values for verdict, values in rows if verdict == GOOD]
    result = imports.run(kind, xlsx(header, clean), actor="test", commit=True)
    assert result.ok and result.written == 2, [p.describe() for p in result.problems]
    assert model.objects.count() == records_before + 2
