"""The Excel import of plans and targets: a good file, every problem by row and column, re-import
without duplicates, the page (upload → preview → confirm), the template and the command."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from conftest import current_province, legacy_province
from ocop.programme import imports
from ocop.programme.models import Plan, Target, TargetKind

pytestmark = pytest.mark.django_db
D = datetime.date

HEADER = [
    "Đơn vị",
    "Hệ thống",
    "Tên kế hoạch",
    "Từ ngày",
    "Đến ngày",
    "Văn bản",
    "Loại chỉ tiêu",
    "Hạng sao",
    "Loại hình chủ thể",
    "Nội dung chỉ tiêu",
    "Giá trị chỉ tiêu",
    "Kết quả nhập tay",
    "Nguồn số liệu",
]
CAO_BANG = ["Cao Bằng", "mới", "Kế hoạch OCOP 2021–2025", "01/01/2021", "31/12/2025", "Số 1234/KH-UBND"]
SOC_TRANG = ["Sóc Trăng", "cũ", "Kế hoạch OCOP 2019–2022", "2019", "13/12/2022", ""]
GOOD_ROWS = [
    CAO_BANG + ["sản phẩm 4 sao", "", "", "10 sản phẩm 4 sao đến hết 2025", "10", "", ""],
    CAO_BANG + ["tỷ lệ hợp tác xã", "", "", "Ít nhất 40% chủ thể OCOP là hợp tác xã", "40%", "", ""],
    CAO_BANG
    + [
        "Tỷ lệ cán bộ OCOP được tập huấn (%)",
        "",
        "",
        "Đào tạo 100% cán bộ OCOP các cấp",
        "100",
        "35,5",
        "Báo cáo 6 tháng 2024",
    ],
    CAO_BANG + ["điểm giới thiệu và bán sản phẩm", "", "", "Mỗi huyện có 1 điểm giới thiệu", "10", "", ""],
    SOC_TRANG + ["products_recognised", "", "", "65 sản phẩm OCOP giai đoạn 2019–2022", "65", "", ""],
    SOC_TRANG + ["công nhận mới", "", "", "gồm công nhận mới 53 sản phẩm", "53", "", ""],
]


def xlsx(rows, header=HEADER, percent_cells=()) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for ref in percent_cells:
        sheet[ref].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "ke-hoach.xlsx"
    return buffer


def problems_by_row(parsed) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for problem in parsed.problems:
        found.setdefault(problem.row, []).append((problem.column, problem.message))
    return found


def test_a_good_file_imports_every_plan_and_target():
    parsed, counts = imports.import_file(xlsx(GOOD_ROWS), actor="test")
    assert parsed.problems == []
    assert counts["written"] and counts["plans_created"] == 2 and counts["targets_created"] == 6
    cao_bang = Plan.objects.get(unit=current_province(4))
    assert (cao_bang.period_start, cao_bang.period_end, cao_bang.reference) == (
        D(2021, 1, 1),
        D(2025, 12, 31),
        "Số 1234/KH-UBND",
    )
    stars, coops, online, points = cao_bang.targets.order_by("position")
    assert (stars.kind, stars.stars, stars.target_value) == (TargetKind.PRODUCTS_STARS, 4, 10)
    assert (coops.kind, coops.producer_type, coops.target_value) == ("producer_type_share", "cooperative", 40)
    assert (online.manual_value, online.manual_source) == (Decimal("35.5"), "Báo cáo 6 tháng 2024")
    assert points.kind == TargetKind.POINTS_OF_SALE
    soc_trang = Plan.objects.get(unit=legacy_province(94))
    assert soc_trang.period_start == D(2019, 1, 1)
    assert sorted(soc_trang.targets.values_list("kind", flat=True)) == [
        "products_recognised",
        "recognitions_new",
    ]


def test_reimporting_the_same_file_creates_nothing_new():
    imports.import_file(xlsx(GOOD_ROWS), actor="test")
    _parsed, counts = imports.import_file(xlsx(GOOD_ROWS), actor="test")
    assert (Plan.objects.count(), Target.objects.count()) == (2, 6)
    assert (
        counts["plans_existing"] == 2 and counts["targets_unchanged"] == 6 and counts["targets_created"] == 0
    )


def test_reimporting_a_changed_value_updates_the_target_in_place():
    imports.import_file(xlsx(GOOD_ROWS), actor="test")
    changed = [row[:] for row in GOOD_ROWS]
    changed[0][10] = "12"
    _parsed, counts = imports.import_file(xlsx(changed), actor="test")
    assert counts["targets_updated"] == 1 and Target.objects.count() == 6
    assert Target.objects.get(description="10 sản phẩm 4 sao đến hết 2025").target_value == 12


def test_a_cell_formatted_as_a_percentage_reads_as_that_percentage():
    rows = [
        CAO_BANG + ["tỷ lệ doanh nghiệp nhỏ và vừa", "", "", "30% là doanh nghiệp nhỏ và vừa", 0.3, "", ""]
    ]
    parsed = imports.validate(xlsx(rows, percent_cells=["K2"]))
    assert parsed.problems == []
    target = parsed.plans[0].targets[0]
    assert (target.kind, Decimal(target.target_value)) == (TargetKind.SME_SHARE, 30)


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_written():
    rows = [
        ["Tỉnh Không Có", "mới", "KH", "2021", "2025", "", "sản phẩm 4 sao", "", "", "a", "10", "", ""],  # 2
        ["Sóc Trăng", "mới", "KH", "2021", "2025", "", "sản phẩm 4 sao", "", "", "b", "10", "", ""],  # 3
        CAO_BANG[:3] + ["31/02/2021", "2025", "", "sản phẩm 4 sao", "", "", "c", "10", "", ""],  # 4
        CAO_BANG[:3] + ["2025", "2021", "", "sản phẩm 4 sao", "", "", "d", "10", "", ""],  # 5
        CAO_BANG + ["chỉ số hạnh phúc", "", "", "e", "10", "", ""],  # 6
        CAO_BANG + ["Số sản phẩm OCOP theo hạng sao", "6", "", "f", "10", "", ""],  # 7
        CAO_BANG + ["products_stars", "", "", "g", "10", "", ""],  # 8
        CAO_BANG + ["producer_type_share", "", "", "h", "40", "", ""],  # 9
        CAO_BANG + ["tỷ lệ làng nghề", "", "", "i", "120%", "", ""],  # 10
        CAO_BANG + ["products_total", "", "", "j", "abc", "", ""],  # 11
        CAO_BANG + ["products_total", "", "", "k", "240", "200", "Báo cáo"],  # 12
        CAO_BANG + ["tỷ lệ cán bộ được tập huấn", "", "", "l", "10", "8", ""],  # 13
        CAO_BANG + ["điểm bán", "", "", "", "10", "", ""],  # 14
        ["Cao Bằng", "giữa", "KH", "2021", "2025", "", "điểm bán", "", "", "m", "10", "", ""],  # 15
    ]
    parsed, counts = imports.import_file(xlsx(rows), actor="test")
    assert not counts["written"] and not Plan.objects.exists()
    found = problems_by_row(parsed)
    assert found[2][0][0] == "Đơn vị" and "Không tìm thấy" in found[2][0][1]
    assert found[3][0][0] == "Đơn vị" and "trước 01/07/2025" in found[3][0][1] and "Cần Thơ" in found[3][0][1]
    assert found[4] == [
        ("Từ ngày", "Ngày 31/02/2021 không tồn tại: tháng 2 năm 2021 chỉ có 28 ngày."),
    ]
    assert found[5] == [("Đến ngày", "Ngày kết thúc phải sau ngày bắt đầu.")]
    assert found[6][0][0] == "Loại chỉ tiêu" and "Không nhận ra loại chỉ tiêu" in found[6][0][1]
    assert found[7] == [("Hạng sao", "Hạng sao phải là 3, 4 hoặc 5.")]
    assert found[8] == [("Hạng sao", "Chỉ tiêu theo hạng sao cần chọn hạng sao (3, 4 hoặc 5).")]
    assert found[9][0][0] == "Loại hình chủ thể"
    assert found[10][0][0] == "Giá trị chỉ tiêu" and "không quá 100" in found[10][0][1]
    assert found[11][0][0] == "Giá trị chỉ tiêu" and "Phải là một số" in found[11][0][1]
    assert found[12][0][0] == "Kết quả nhập tay" and "cơ sở dữ liệu" in found[12][0][1]
    assert found[13] == [
        ("Nguồn số liệu", "Cần ghi nguồn số liệu (ví dụ: Báo cáo số 12/BC-SNN ngày 07/08/2024).")
    ]
    assert found[14] == [("Nội dung chỉ tiêu", "Cần nhập nội dung chỉ tiêu (như ghi trong kế hoạch).")]
    assert found[15][0][0] == "Hệ thống"
    assert set(found) == set(range(2, 16))


def test_a_duplicate_target_in_the_same_plan_is_reported_with_the_first_row():
    rows = [GOOD_ROWS[0], GOOD_ROWS[0]]
    parsed = imports.validate(xlsx(rows))
    assert [(p.row, p.column) for p in parsed.problems] == [(3, "Nội dung chỉ tiêu")]
    assert "dòng 2" in parsed.problems[0].message


def test_a_file_without_a_required_column_is_refused_whole():
    with pytest.raises(imports.FileProblem) as caught:
        imports.validate(xlsx([["Cao Bằng", "KH"]], header=["Đơn vị", "Tên kế hoạch"]))
    missing = {p.column for p in caught.value.problems}
    assert {"Từ ngày", "Đến ngày", "Loại chỉ tiêu", "Nội dung chỉ tiêu", "Giá trị chỉ tiêu"} <= missing


def test_headers_are_recognised_without_diacritics_and_units_by_code():
    header = [vntext_free(h) for h in HEADER]
    rows = [["04", "moi", *CAO_BANG[2:], "san pham 4 sao", "4 sao", "", "10 sp 4 sao", "10", "", ""]]
    parsed = imports.validate(xlsx(rows, header=header))
    assert parsed.problems == []
    assert parsed.plans[0].unit_id == current_province(4).pk


def vntext_free(text: str) -> str:
    from ocop.core.vntext import strip_diacritics

    return strip_diacritics(text).upper()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số sản phẩm OCOP theo hạng sao (còn hiệu lực)", ("products_stars", None, "")),
        ("sản phẩm 4 sao", ("products_stars", 4, "")),
        ("tỷ lệ hợp tác xã", ("producer_type_share", None, "cooperative")),
        ("Tỷ lệ doanh nghiệp nhỏ và vừa", ("sme_share", None, "")),
        ("50% chủ thể tham gia kênh bán hàng trực tuyến", ("online_channel_share", None, "")),
        ("đào tạo cán bộ OCOP", ("officials_trained_share", None, "")),
        ("Số cán bộ được tập huấn", ("officials_trained", None, "")),
        ("40% chủ thể OCOP tham gia vào các kênh bán hàng hiện đại", ("modern_channel_share", None, "")),
        (
            "30% chủ thể OCOP xây dựng được chuỗi giá trị theo hướng kinh tế tuần hoàn",
            ("circular_chain_share", None, ""),
        ),
        ("50% làng nghề truyền thống có sản phẩm OCOP", ("craft_villages_share", None, "")),
        ("Huy động nguồn lực", ("funding_total", None, "")),
        ("củng cố, nâng hạng sản phẩm", ("rerated_share", None, "")),
        ("nâng hạng", ("recognitions_upgraded", None, "")),
        ("công nhận mới 3-4 sao", ("recognitions_new", None, "")),
        ("sản phẩm được công nhận giai đoạn", ("products_recognised", None, "")),
        ("tổng số sản phẩm OCOP", ("products_total", None, "")),
        ("sme_share", ("sme_share", None, "")),
    ],
)
def test_target_kinds_are_read_the_way_reports_write_them(text, expected):
    assert imports.parse_kind(text) == expected


def test_the_template_has_instructions_and_its_example_imports_cleanly(client, central_officer):
    client.force_login(central_officer)
    response = client.get(reverse("programme:import_template"))
    assert response.status_code == 200 and "mau-ke-hoach" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Kế hoạch", "Hướng dẫn"]
    guide = [cell for row in workbook["Hướng dẫn"].iter_rows(values_only=True) for cell in row if cell]
    assert "Số sản phẩm OCOP theo hạng sao (còn hiệu lực)" in guide
    parsed = imports.validate(io.BytesIO(response.content))
    assert parsed.problems == [] and len(parsed.plans[0].targets) == 3


# --- The page -----------------------------------------------------------------------------------


def upload(client, rows, name="ke-hoach.xlsx"):
    return client.post(reverse("programme:import"), {"file": SimpleUploadedFile(name, xlsx(rows).getvalue())})


def test_an_officer_uploads_previews_and_confirms_an_import(client, central_officer):
    client.force_login(central_officer)
    response = upload(client, GOOD_ROWS)
    assert response.status_code == 200
    assert not Plan.objects.exists()
    token = response.context["token"]
    assert ("Kế hoạch tạo mới", 2) in response.context["counts"]
    response = client.post(reverse("programme:import_confirm"), {"token": token}, follow=True)
    assert (Plan.objects.count(), Target.objects.count()) == (2, 6)
    assert "Đã nhập tệp ke-hoach.xlsx" in response.content.decode()
    # The stored file is used once.
    client.post(reverse("programme:import_confirm"), {"token": token})
    assert Target.objects.count() == 6


def test_the_upload_page_lists_every_problem_and_offers_no_confirmation(client, central_officer):
    client.force_login(central_officer)
    rows = [CAO_BANG + ["sản phẩm 4 sao", "7", "", "x", "10", "", ""]]
    response = upload(client, rows)
    page = response.content.decode()
    assert "Hạng sao phải là 3, 4 hoặc 5." in page and "chưa nhập gì" in page
    assert "token" not in response.context or not response.context["token"]
    assert reverse("programme:import_confirm") not in page


def test_an_officer_cannot_import_plans_for_another_province(client, can_tho_officer):
    client.force_login(can_tho_officer)
    rows = [
        ["Tây Ninh", "mới", "KH", "2021", "2025", "", "điểm bán", "", "", "x", "5", "", ""],
        ["Sóc Trăng", "cũ", "KH", "2021", "2025", "", "điểm bán", "", "", "x", "5", "", ""],
    ]
    response = upload(client, rows)
    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(2, "Đơn vị")]
    assert "không có quyền" in problems[0].message


def test_a_file_that_is_not_excel_is_refused(client, central_officer):
    client.force_login(central_officer)
    response = client.post(reverse("programme:import"), {"file": SimpleUploadedFile("a.csv", b"x,y")})
    assert "Chỉ nhận tệp Excel (.xlsx)." in response.content.decode()


# --- The command --------------------------------------------------------------------------------


def test_the_command_imports_a_good_file(tmp_path, capsys):
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(xlsx(GOOD_ROWS).getvalue())
    call_command("import_targets", str(path))
    assert "Chỉ tiêu tạo mới: 6" in capsys.readouterr().out
    assert Target.objects.count() == 6
    call_command("import_targets", str(path))
    assert Target.objects.count() == 6


def test_the_command_dry_run_writes_nothing(tmp_path, capsys):
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(xlsx(GOOD_ROWS).getvalue())
    call_command("import_targets", str(path), "--dry-run")
    assert "Kế hoạch tạo mới: 2" in capsys.readouterr().out
    assert not Plan.objects.exists()


def test_the_command_fails_with_a_readable_list_of_problems(tmp_path, capsys):
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(xlsx([CAO_BANG + ["sản phẩm 4 sao", "9", "", "x", "10", "", ""]]).getvalue())
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_targets", str(path))
    assert "Dòng 2, cột 'Hạng sao': '9' — Hạng sao phải là 3, 4 hoặc 5." in capsys.readouterr().err
    assert not Plan.objects.exists()
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_targets", str(tmp_path / "khong-co.xlsx"))
