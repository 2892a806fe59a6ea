"""Staged imports of activity records: planted errors are reported on exactly their rows and
nothing is written; a clean file writes every row; Cao Bằng 2024 imported gives the seed's sentences."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from ocop.activities import imports
from ocop.activities.models import Funding, SalesChannel, TrainingClass, TrainingParticipant
from ocop.core.models import AuditEntry
from ocop.reporting.narrative import build_report
from ocop.reporting.places import place_from_text

from .test_report_sentences import FUNDING, TRAINING

D = datetime.date
pytestmark = pytest.mark.django_db


def xlsx(header, rows) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


CHANNEL_HEADER = [
    "STT",
    "Chủ thể",
    "Sản phẩm",
    "Loại kênh",
    "Sàn",
    "Hệ thống bán lẻ / đối tác",
    "Địa chỉ gian hàng",
]


@pytest.fixture
def producers(can_tho):
    from ocop.registry.tests.factories import ProducerFactory, ProductFactory

    first = ProducerFactory(name="HTX Tâm Hòa")
    ProductFactory(producer=first, name="Trà Tâm Hòa")
    second = ProducerFactory(name="Công ty TNHH Cao Tuyền")
    return first, second


def test_planted_errors_are_reported_on_their_rows_and_nothing_is_written(producers):
    rows = [
        [
            1,
            "HTX Tâm Hòa",
            "Trà Tâm Hòa",
            "Sàn thương mại điện tử",
            "Shopee",
            "",
            "https://shopee.vn/tamhoa",
        ],  # 2
        [2, "HTX Không Có", "", "Sàn thương mại điện tử", "Lazada", "", ""],  # 3: unknown producer
        [3, "Công ty TNHH Cao Tuyền", "", "siêu thị", "", "Co.opmart", ""],  # 4
        [4, "Công ty TNHH Cao Tuyền", "", "Sàn thương mại điện tử", "Shopee", "", "https://lazada.vn/x"],  # 5
        [5, "HTX Tâm Hòa", "Bánh không có", "Sàn thương mại điện tử", "Voso", "", ""],  # 6: unknown product
        [6, "HTX Tâm Hòa", "", "chợ phiên", "", "", ""],  # 7: unknown kind
    ]
    audit_before = AuditEntry.objects.count()
    result = imports.run("channels", xlsx(CHANNEL_HEADER, rows), actor="test", commit=True)
    assert result.problem_rows == [3, 5, 6, 7]
    by_row = {p.row: p for p in result.problems}
    assert by_row[3].column == "Chủ thể" and "Không tìm thấy chủ thể" in by_row[3].message
    assert by_row[5].column == "Địa chỉ gian hàng" and "shopee.vn" in by_row[5].message
    assert by_row[6].column == "Sản phẩm" and "không có sản phẩm này" in by_row[6].message
    assert by_row[7].column == "Loại kênh" and "Sàn thương mại điện tử" in by_row[7].message
    assert result.problems[0].describe().startswith("Dòng 3, cột 'Chủ thể': 'HTX Không Có' — ")
    assert SalesChannel.objects.count() == 0
    assert AuditEntry.objects.count() == audit_before


def test_a_clean_file_is_checked_without_writing_then_written_whole(producers):
    rows = [
        [1, "HTX Tâm Hòa", "Trà Tâm Hòa", "Sàn thương mại điện tử", "Post Mart", "", ""],
        [2, "Công ty TNHH Cao Tuyền", "", "Kênh bán lẻ hiện đại", "", "WinMart", ""],
    ]
    checked = imports.run("channels", xlsx(CHANNEL_HEADER, rows), actor="test")
    assert checked.ok and checked.rows == 2 and SalesChannel.objects.count() == 0
    written = imports.run("channels", xlsx(CHANNEL_HEADER, rows), actor="test", commit=True)
    assert written.ok and written.written == 2
    assert set(SalesChannel.objects.values_list("platform", "retailer")) == {
        ("postmart", ""),
        ("", "WinMart"),
    }
    assert AuditEntry.objects.filter(action="activities.channel_create").count() == 2


def test_a_missing_required_column_is_a_file_problem(producers):
    result = imports.run("channels", xlsx(["Chủ thể", "Sàn"], [["HTX Tâm Hòa", "Shopee"]]), actor="test")
    assert [p.message for p in result.problems] == ["Thiếu cột bắt buộc “Loại kênh” ở dòng tiêu đề (dòng 1)."]


def test_a_producer_account_imports_only_its_own_channels(producers, producer_user):
    from django.contrib.contenttypes.models import ContentType

    from ocop.accounts.models import RoleAssignment

    own, other = producers
    RoleAssignment.objects.filter(user=producer_user).update(
        scope_type=ContentType.objects.get_for_model(own), scope_id=str(own.pk)
    )
    rows = [
        [1, own.name, "", "Sàn thương mại điện tử", "Shopee", "", ""],
        [2, other.name, "", "Sàn thương mại điện tử", "Shopee", "", ""],
    ]
    result = imports.run(
        "channels", xlsx(CHANNEL_HEADER, rows), actor=producer_user, scope_user=producer_user
    )
    assert result.problem_rows == [3]
    assert "phạm vi" in result.problems[0].message


def test_cao_bang_2024_imported_from_files_gives_the_seed_sentences(demo):
    """The demo's Cao Bằng classes and funding are removed, then imported again from spreadsheets
    the way a province keeps them; the report says the seed's sentences."""
    classes = list(TrainingClass.objects.filter(legacy_province__code=4).order_by("start_date"))
    participants = [
        [c.topic, c.start_date, "Chủ thể", p.producer.name, p.producer.tax_code, "", "", "Có"]
        for c in classes
        for p in c.participants.select_related("producer")
    ]
    class_rows = [[c.topic, c.start_date, c.end_date, c.venue, c.organiser, "Cao Bằng"] for c in classes]
    TrainingParticipant.objects.filter(training_class__in=classes).delete()
    TrainingClass.objects.filter(pk__in=[c.pk for c in classes]).delete()
    Funding.objects.filter(legacy_province__code=4).delete()

    result = imports.run(
        "classes",
        xlsx(["Chủ đề", "Từ ngày", "Đến ngày", "Địa điểm", "Đơn vị tổ chức", "Tỉnh/thành phố"], class_rows),
        actor="test",
        commit=True,
    )
    assert result.ok and result.written == 3
    header = [
        "Lớp tập huấn",
        "Ngày bắt đầu lớp",
        "Đối tượng",
        "Chủ thể",
        "Mã số thuế",
        "Họ tên",
        "Đơn vị",
        "Tham dự",
    ]
    result = imports.run("participants", xlsx(header, participants), actor="test", commit=True)
    assert result.ok and result.written == 136
    funding = [[2024, "Nguồn khác", "Tổng nguồn lực huy động", "5.400", "Cao Bằng"]]
    header = ["Năm", "Nguồn vốn", "Nội dung", "Số tiền (triệu đồng)", "Tỉnh/thành phố"]
    result = imports.run("funding", xlsx(header, funding), actor="test", commit=True)
    assert result.ok and result.written == 1

    report = build_report(
        place_from_text("Cao Bằng", "legacy"), date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)
    )
    assert TRAINING in report.paragraphs
    assert FUNDING in report.paragraphs


def test_the_problems_of_a_file_checked_from_an_english_interface_stay_vietnamese(can_tho):
    from ocop.registry.tests.factories import ProducerFactory

    ProducerFactory(name="HTX Khóm Cầu Đúc Thử Nghiệm")  # a name no other test of the module uses
    rows = [
        [1, "HTX Khóm Cầu Đúc Thử Nghiệm", "", "Sàn thương mại điện tử", "Shopee", "", "https://lazada.vn/x"]
    ]
    with translation.override("en"):
        result = imports.run("channels", xlsx(CHANNEL_HEADER, rows), actor="test")
    [problem] = result.problems
    assert problem.column == "Địa chỉ gian hàng"
    assert problem.message.startswith("Địa chỉ gian hàng phải thuộc shopee")
