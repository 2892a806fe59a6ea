"""The report page over HTTP: who may see which unit's report, the form, and the downloads."""

import datetime

import pytest

from ocop.demo.generator import load_registry_demo

D = datetime.date
pytestmark = pytest.mark.django_db

YEAR_2024 = {"from": "2024-01-01", "to": "2024-12-31"}


@pytest.fixture(scope="module")
def demo(module_db):
    load_registry_demo(scale="provinces", today=D(2026, 11, 23))


def report(client, **params):
    return client.get("/reports/", params)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/reports/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_outsider_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get("/reports/").status_code == 403
    assert (
        client.get("/reports/download/", {"scheme": "current", "unit": "92", **YEAR_2024}).status_code == 403
    )


def test_the_empty_form_offers_the_officers_provinces_in_both_schemes(client, can_tho_officer):
    client.force_login(can_tho_officer)
    response = client.get("/reports/")
    assert response.status_code == 200
    assert "Thành phố Cần Thơ" in response.text
    assert "Tỉnh Tây Ninh" not in response.text
    legacy = dict(response.context["form"].province_options["legacy"])  # the list the script swaps in
    assert legacy["94"] == "Tỉnh Sóc Trăng (cũ)" and "80" not in legacy
    assert "Toàn quốc" not in response.text


def test_a_can_tho_officer_reads_the_report_of_can_tho(demo, client, can_tho_officer):
    client.force_login(can_tho_officer)
    response = report(client, scheme="current", unit="92", **YEAR_2024)
    assert response.status_code == 200
    assert "UBND THÀNH PHỐ CẦN THƠ" in response.text
    assert "toàn thành phố" in response.text
    assert "/reports/download/?" in response.text and "format=docx" in response.text


def test_a_can_tho_officer_reads_the_report_of_legacy_soc_trang(demo, client, can_tho_officer):
    client.force_login(can_tho_officer)
    response = report(client, scheme="legacy", unit="94", **YEAR_2024)
    assert response.status_code == 200
    assert "UBND TỈNH SÓC TRĂNG" in response.text
    assert "Đến nay toàn tỉnh có" in response.text


def test_a_can_tho_officer_is_refused_tay_ninh_and_the_region(client, can_tho_officer):
    client.force_login(can_tho_officer)
    assert report(client, scheme="current", unit="80", **YEAR_2024).status_code == 403
    assert report(client, scheme="legacy", unit="80", **YEAR_2024).status_code == 403  # Long An → Tây Ninh
    assert report(client, scheme="current", unit="vung-dbscl", **YEAR_2024).status_code == 403
    assert report(client, scheme="current", unit="VN", **YEAR_2024).status_code == 403


def test_a_central_officer_reads_long_an_of_2024_and_the_region(demo, client, central_officer):
    client.force_login(central_officer)
    response = report(client, scheme="legacy", unit="80", **YEAR_2024)
    assert response.status_code == 200
    assert (
        "Đến nay toàn tỉnh có 235 sản phẩm OCOP (gồm 49 sản phẩm 4 sao và 186 sản phẩm 3 sao)"
        in response.text
    )
    assert "24 doanh nghiệp (chiếm 22,2%)" in response.text
    region = report(client, scheme="legacy", unit="vung-dbscl", **YEAR_2024)
    assert region.status_code == 200 and "toàn vùng" in region.text


def test_a_commune_is_chosen_by_its_code_inside_the_province(client, can_tho_officer, can_tho_commune):
    client.force_login(can_tho_officer)
    response = report(client, scheme="current", unit="92", area=can_tho_commune.code_str, **YEAR_2024)
    assert response.status_code == 200
    assert f"UBND {can_tho_commune.name.upper()}" in response.text


def test_a_rejected_form_says_why_and_keeps_the_values(client, can_tho_officer):
    client.force_login(can_tho_officer)
    response = report(client, scheme="current", unit="92", **{"from": "2024-12-31", "to": "2024-01-01"})
    assert response.status_code == 400
    assert "Ngày cuối kỳ phải sau hoặc bằng ngày đầu kỳ." in response.text
    assert 'value="2024-12-31"' in response.text and 'value="2024-01-01"' in response.text
    assert '<option value="92" selected>' in response.text
    bad_date = report(client, scheme="current", unit="92", **{"from": "31-31-2024", "to": "2024-01-01"})
    assert bad_date.status_code == 400 and 'value="31-31-2024"' in bad_date.text


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("pdf", "application/pdf", b"%PDF"),
    ],
)
def test_the_download_returns_the_document_in_the_chosen_format(
    client, can_tho_officer, fmt, content_type, magic
):
    client.force_login(can_tho_officer)
    response = client.get(
        "/reports/download/", {"scheme": "current", "unit": "92", **YEAR_2024, "format": fmt}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert (
        f'filename="bao-cao-ocop-thanh-pho-can-tho-20240101-20241231.{fmt}"'
        in response["Content-Disposition"]
    )
    assert response.content.startswith(magic)


def test_the_download_refuses_an_unknown_format_and_other_provinces(client, can_tho_officer):
    client.force_login(can_tho_officer)
    params = {"scheme": "current", **YEAR_2024}
    assert client.get("/reports/download/", {**params, "unit": "92", "format": "odt"}).status_code == 400
    assert client.get("/reports/download/", {**params, "unit": "80", "format": "pdf"}).status_code == 403
