"""Cao Bằng 2024 (seed 003): the activities come out of the report in the seed's sentences."""

import datetime

import pytest

from ocop.reporting.narrative import build_report
from ocop.reporting.places import place_from_text

D = datetime.date
pytestmark = pytest.mark.django_db

TRAINING = (
    "Văn phòng điều phối nông thôn mới tỉnh tổ chức 03 lớp tập huấn bồi dưỡng kiến thức cho các chủ thể "
    "tham gia Chương trình OCOP năm 2024 với 136 chủ thể có sản phẩm đã được chứng nhận OCOP."
)
ECOMMERCE = (
    "Các chủ thể tham gia giao thương trên các sàn thương mại điện tử Shopee, Lazada, 24/7, Post Mart, Voso "
    "gồm các sản phẩm đạt OCOP của HTX nông nghiệp ba sạch Hưng Đạo, HTX Tâm Hòa, HTX nông nghiệp Yên Công, "
    "Công ty TNHH Cao Tuyền, Công ty TNHH sản xuất và thương mại Phan Hoàng, Hộ kinh doanh Sơn Tòng "
    "(Bánh khảo Sơn Tòng), Hộ kinh doanh Tô Ái Thương (bún màu), Hộ kinh doanh Phạm Thị Ngợi (Nấm hương)."
)
FUNDING = "Huy động nguồn lực thực hiện chương trình trong năm 2024 là 5.400 triệu đồng."


@pytest.mark.parametrize("scheme", ["current", "legacy"])
@pytest.mark.parametrize("date_to", [D(2024, 6, 30), D(2024, 12, 31)])
def test_the_cao_bang_2024_report_says_what_the_seed_says_about_activities(demo, scheme, date_to):
    report = build_report(place_from_text("Cao Bằng", scheme), date_from=D(2024, 1, 1), date_to=date_to)
    paragraphs = report.paragraphs
    assert TRAINING in paragraphs
    assert ECOMMERCE in paragraphs
    assert FUNDING in paragraphs
    heading = "Xúc tiến thương mại, tập huấn và huy động nguồn lực"
    assert heading in [title for title, _ in report.sections]


def test_the_statistics_block_holds_the_seed_figures(demo):
    from ocop.reporting.stats import statistics

    place = place_from_text("Cao Bằng", "legacy")
    block = statistics(place, as_of=D(2024, 6, 30), date_from=D(2024, 1, 1), date_to=D(2024, 6, 30))[
        "activities"
    ]
    assert block["training"]["classes"] == 3
    assert block["training"]["ocop_producer_participations"] == 136
    assert block["funding"]["total_million"] == 5400.0
    assert block["channels"]["ecommerce_platforms"] == ["Shopee", "Lazada", "24/7", "Post Mart", "Voso"]
    assert block["channels"]["online"]["producers"] == 8
    assert block["events"]["by_location"]["other_province"] == 1


def test_a_province_without_activities_gets_no_activity_section(demo):
    report = build_report(
        place_from_text("Bắc Kạn", "legacy"), date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)
    )
    assert "Xúc tiến thương mại, tập huấn và huy động nguồn lực" not in [
        title for title, _ in report.sections
    ]


@pytest.mark.parametrize("scheme", ["current", "legacy"])
def test_the_report_page_for_cao_bang_2024_shows_the_seed_sentences(demo, client, central_officer, scheme):
    client.force_login(central_officer)
    response = client.get(
        "/reports/", {"scheme": scheme, "unit": "4", "from": "2024-01-01", "to": "2024-12-31"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    for sentence in (TRAINING, ECOMMERCE, FUNDING):
        assert sentence in text
    assert ". XÚC TIẾN THƯƠNG MẠI, TẬP HUẤN VÀ HUY ĐỘNG NGUỒN LỰC</h3>" in text
