"""The province report: its paragraphs say what the seed reports say, and its documents open."""

import datetime
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ocop.demo.generator import load_registry_demo
from ocop.geo.models import AdminUnit
from ocop.programme.models import Plan, Target, TargetKind
from ocop.reporting.documents import MOTTO, MOTTO_LINE, render, write_docx, write_pdf, write_xlsx
from ocop.reporting.narrative import build_report, period_opening
from ocop.reporting.places import place_from_text

D = datetime.date
pytestmark = pytest.mark.django_db

LONG_AN_STOCK = (
    "Đến nay toàn tỉnh có 235 sản phẩm OCOP (gồm 49 sản phẩm 4 sao và 186 sản phẩm 3 sao) "
    "thuộc 5 nhóm sản phẩm gồm: 182 sản phẩm thuộc nhóm thực phẩm, 30 sản phẩm thuộc nhóm đồ uống, "
    "8 sản phẩm thuộc nhóm dược liệu và sản phẩm từ dược liệu, 11 sản phẩm thuộc nhóm thủ công mỹ nghệ, "
    "4 sản phẩm thuộc nhóm sinh vật cảnh; với 108 chủ thể thực hiện, trong đó: "
    "24 doanh nghiệp (chiếm 22,2%), 15 hợp tác xã (chiếm 13,9%), 69 hộ sản xuất kinh doanh (chiếm 63,9%)."
)
LONG_AN_YEAR = (
    "Trong năm 2024, toàn tỉnh đã công nhận được 87 sản phẩm đạt tiêu chuẩn sản phẩm OCOP "
    "(9 sản phẩm 4 sao, 78 sản phẩm 3 sao)."
)


@pytest.fixture(scope="module")
def demo(module_db):
    """The "provinces" demo registry, loaded once for this module and rolled back after it."""
    load_registry_demo(scale="provinces", today=D(2026, 11, 23))


@pytest.fixture
def long_an(demo):
    place = place_from_text("Long An", "legacy")
    return build_report(place, date_from=D(2024, 1, 1), date_to=D(2024, 12, 31), as_of=D(2024, 12, 31))


@pytest.fixture
def cao_bang(demo):
    place = place_from_text("Cao Bằng", "current")
    return build_report(place, date_from=D(2024, 1, 1), date_to=D(2024, 6, 30))


# --- paragraphs --------------------------------------------------------------------------------


def test_the_long_an_report_says_what_the_province_published(long_an):
    assert LONG_AN_STOCK in long_an.paragraphs
    assert LONG_AN_YEAR in long_an.paragraphs
    assert long_an.issuer == ("UBND TỈNH LONG AN", "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI")
    assert long_an.place_and_date == "Long An, ngày 31 tháng 12 năm 2024"
    assert "năm 2024 trên địa bàn tỉnh Long An" in long_an.subtitle


def test_the_long_an_report_splits_the_year_by_kind_with_producers_and_ranks_the_province(long_an):
    text = "\n".join(long_an.paragraphs)
    assert "Trong đó: công nhận mới " in text
    assert "sản phẩm của " in text and " chủ thể" in text
    assert "khu vực Đồng bằng sông Cửu Long về số sản phẩm OCOP" in text
    assert "giấy chứng nhận sản phẩm OCOP của" in text and "trong 90 ngày tới (đến ngày 31/03/2025)" in text


def test_the_long_an_tables_carry_the_numbers(long_an):
    tables = {title.split(". ", 1)[1]: rows for title, _, rows in long_an.tables}
    assert tables["Sản phẩm OCOP còn hiệu lực theo hạng sao"][-1] == ["Tổng cộng", 235, 100.0]
    by_type = {row[0]: row[1:] for row in tables["Chủ thể có sản phẩm OCOP theo loại hình"]}
    assert by_type["Doanh nghiệp"] == [24, 22.2]
    assert by_type["Hợp tác xã"] == [15, 13.9]
    assert by_type["Hộ sản xuất kinh doanh"] == [69, 63.9]
    recognitions = tables["Kết quả công nhận sản phẩm OCOP trong kỳ theo hình thức và hạng sao"]
    assert recognitions[-1][:5] == ["Tổng cộng", 0, 9, 78, 87]


def test_the_cao_bang_half_year_report_lists_four_groups_and_91_producers(cao_bang):
    stock = next(p for p in cao_bang.paragraphs if p.startswith("Đến nay"))
    assert stock.startswith(
        "Đến nay toàn tỉnh có 144 sản phẩm OCOP (gồm 13 sản phẩm 4 sao và 131 sản phẩm 3 sao) "
        "thuộc 4 nhóm sản phẩm gồm: 124 sản phẩm thuộc nhóm thực phẩm, 11 sản phẩm thuộc nhóm đồ uống, "
        "6 sản phẩm thuộc nhóm thủ công mỹ nghệ, 3 sản phẩm thuộc nhóm dịch vụ du lịch cộng đồng, "
        "du lịch sinh thái và điểm du lịch; với 91 chủ thể thực hiện"
    )
    assert "sinh vật cảnh" not in stock and "dược liệu" not in stock
    assert "7 tổ hợp tác (chiếm 7,7%)" in stock
    assert any(p.startswith("6 tháng đầu năm 2024, toàn tỉnh đã công nhận được") for p in cao_bang.paragraphs)


def test_a_target_of_the_plan_is_reported_with_its_progress(demo):
    cao_bang = AdminUnit.objects.get(scheme="current", level="province", code=4)
    plan = Plan.objects.create(
        name="Kế hoạch thực hiện Chương trình OCOP giai đoạn 2021–2025",
        unit=cao_bang,
        period_start=D(2021, 1, 1),
        period_end=D(2025, 12, 31),
    )
    Target.objects.create(
        plan=plan,
        kind=TargetKind.PRODUCTS_STARS,
        stars=4,
        target_value=10,
        description="10 sản phẩm 4 sao đến hết 2025",
    )
    report = build_report(
        place_from_text("Cao Bằng", "current"), date_from=D(2024, 1, 1), date_to=D(2024, 6, 30)
    )
    assert (
        "- Chỉ tiêu “10 sản phẩm 4 sao đến hết 2025”: đạt 13 sản phẩm — Đạt (vượt chỉ tiêu (đạt 130,0%))."
        in report.paragraphs
    )


def test_a_multi_year_period_gives_the_cumulative_products_as_ca_mau_reported(demo):
    report = build_report(
        place_from_text("Cà Mau", "legacy"), date_from=D(2020, 1, 1), date_to=D(2024, 12, 31)
    )
    assert (
        "Tổng số sản phẩm được công nhận OCOP của tỉnh giai đoạn 2020–2024: 191 sản phẩm, "
        "trong đó có 47 sản phẩm 4 sao, 144 sản phẩm 3 sao." in report.paragraphs
    )


def test_a_city_a_region_and_the_country_are_named_as_reports_name_them(demo):
    city = build_report(
        place_from_text("Cần Thơ", "legacy"), date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)
    )
    assert any(p.startswith("Đến nay toàn thành phố có") for p in city.paragraphs)
    region = build_report(
        place_from_text("dbscl", "legacy"), date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)
    )
    assert any(p.startswith("Đến nay toàn vùng có") for p in region.paragraphs)
    country = build_report(
        place_from_text("toàn quốc", "legacy"), date_from=D(2024, 1, 1), date_to=D(2024, 12, 31)
    )
    assert any(p.startswith("Đến nay cả nước có") for p in country.paragraphs)
    assert country.issuer[0] == "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"


def test_periods_are_named_by_year_half_year_or_dates():
    assert period_opening(D(2024, 1, 1), D(2024, 12, 31)) == "Trong năm 2024"
    assert period_opening(D(2024, 1, 1), D(2024, 6, 30)) == "6 tháng đầu năm 2024"
    assert period_opening(D(2020, 1, 1), D(2024, 12, 31)) == "Trong giai đoạn 2020–2024"
    assert period_opening(D(2024, 3, 5), D(2024, 8, 7)) == "Từ ngày 05/03/2024 đến ngày 07/08/2024"


# --- documents ---------------------------------------------------------------------------------


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text)
    return "\n".join(texts)


def test_the_docx_is_an_administrative_document_with_the_sentences(long_an):
    from docx import Document

    data = render(long_an, "docx")
    text = docx_text(data)
    assert LONG_AN_STOCK in text and LONG_AN_YEAR in text
    assert MOTTO in text and MOTTO_LINE in text and "UBND TỈNH LONG AN" in text
    assert "Long An, ngày 31 tháng 12 năm 2024" in text and "Nơi nhận:" in text
    assert "I. KẾT QUẢ CÔNG NHẬN SẢN PHẨM OCOP NĂM 2024" in text
    section = Document(io.BytesIO(data)).sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.left_margin.cm, 1) == 3.0
    assert round(section.top_margin.cm, 1) == 2.0 and round(section.bottom_margin.cm, 1) == 2.0


def test_the_xlsx_has_one_sheet_per_table_with_numbers_as_numbers(long_an):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(render(long_an, "xlsx")))
    assert workbook.sheetnames[:3] == ["Bảng 1", "Bảng 2", "Bảng 3"]
    rows = list(workbook["Bảng 3"].iter_rows(values_only=True))
    assert rows[2] == ("Loại hình chủ thể", "Số chủ thể", "Tỷ lệ (%)")
    assert workbook["Bảng 3"]["A3"].font.bold
    assert ("Doanh nghiệp", 24, 22.2) in rows and ("Tổng cộng", 108, 100.0) in rows
    assert LONG_AN_STOCK in [row[0] for row in workbook["Nội dung"].iter_rows(values_only=True)]


def test_the_pdf_is_a_pdf_with_the_sentences(long_an, tmp_path):
    path = tmp_path / "long-an.pdf"
    write_pdf(long_an, path)
    assert path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "235 sản phẩm OCOP" in " ".join(text.split())
    assert MOTTO in text


def test_libreoffice_converts_the_docx_and_the_xlsx(long_an, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed")
    write_docx(long_an, tmp_path / "bao-cao.docx")
    write_xlsx(long_an, tmp_path / "bang.xlsx")
    for name in ("bao-cao.docx", "bang.xlsx"):
        result = subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / "pdf"),
                str(tmp_path / name),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
        converted = tmp_path / "pdf" / name.replace(".docx", ".pdf").replace(".xlsx", ".pdf")
        assert converted.read_bytes().startswith(b"%PDF")


# --- command -----------------------------------------------------------------------------------


def test_the_command_writes_the_file_and_prints_its_path_and_size(demo, tmp_path):
    output = tmp_path / "long-an.docx"
    out = io.StringIO()
    call_command(
        "report",
        "--unit",
        "Long An",
        "--scheme",
        "legacy",
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--format",
        "docx",
        "--output",
        str(output),
        stdout=out,
    )
    assert output.exists()
    assert str(output) in out.getvalue() and "byte" in out.getvalue()
    assert LONG_AN_STOCK in docx_text(output.read_bytes())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2024-13-01", "--to", "2024-12-31"], "--from: ngày không hợp lệ '2024-13-01'"),
        (["--from", "2024-12-31", "--to", "2024-01-01"], "--from phải trước hoặc bằng --to"),
        (["--to", "2024-12-31"], "Thiếu tham số: --from"),
        (["--from", "2024-01-01", "--to", "2024-12-31", "--unit", "Không Có Tỉnh Này"], ""),
    ],
)
def test_the_command_refuses_bad_input_with_a_vietnamese_message(db, tmp_path, arguments, message):
    base = {"--unit": "Long An", "--scheme": "legacy", "--format": "pdf", "--output": str(tmp_path / "x.pdf")}
    for key, value in zip(arguments[::2], arguments[1::2], strict=True):
        base[key] = value
    with pytest.raises(CommandError) as error:
        call_command("report", *[item for pair in base.items() for item in pair])
    assert message in str(error.value)
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_refuses_an_unknown_format_and_a_mismatched_extension(db, tmp_path):
    common = ["--unit", "Long An", "--scheme", "legacy", "--from", "2024-01-01", "--to", "2024-12-31"]
    with pytest.raises(CommandError, match="không hỗ trợ"):
        call_command("report", *common, "--format", "odt", "--output", str(tmp_path / "x.odt"))
    with pytest.raises(CommandError, match="đuôi .xlsx"):
        call_command("report", *common, "--format", "xlsx", "--output", str(tmp_path / "x.pdf"))


def test_the_command_exits_non_zero_on_bad_dates_from_the_shell(tmp_path):
    manage = shutil.which("ocop", path=str(Path(sys.executable).parent)) or shutil.which("ocop")
    if manage is None:
        pytest.skip("the ocop command is not installed")
    result = subprocess.run(
        [
            manage,
            "report",
            "--unit",
            "Long An",
            "--from",
            "31/12/2024",
            "--to",
            "2024-12-31",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "ngày không hợp lệ" in result.stderr
