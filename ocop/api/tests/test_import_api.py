"""Staged imports over the API: upload, status with progress, problems, confirm once."""

import pytest
from rest_framework.test import APIClient

from ocop.certification.models import Certificate
from ocop.geo.models import AdminUnit
from ocop.imports.models import ImportBatch
from ocop.imports.tests.import_helpers import product_row, write_xlsx
from ocop.registry.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inline_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def commune(can_tho):
    return AdminUnit.objects.get(scheme="current", level="commune", province=can_tho, name="Phường Cái Khế")


@pytest.fixture
def api(can_tho_officer):
    client = APIClient()
    client.force_authenticate(can_tho_officer)
    return client


def upload(api, path, kind="products"):
    with open(path, "rb") as handle:
        return api.post("/api/v1/imports/", {"kind": kind, "file": handle}, format="multipart")


def test_an_upload_is_validated_and_confirmed_once(api, tmp_path, commune):
    path = write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Xã/Phường": commune.name})])
    response = upload(api, path)
    assert response.status_code == 201, response.json()
    batch_id = response.json()["id"]
    status = api.get(f"/api/v1/imports/{batch_id}/").json()
    assert (status["state"], status["done"], status["total_rows"], status["error_rows"]) == (
        "validated",
        True,
        1,
        0,
    )
    assert (status["counts"]["products_created"], status["counts"]["certificates_created"]) == (1, 1)
    confirmed = api.post(f"/api/v1/imports/{batch_id}/confirm/", {}, format="json")
    assert confirmed.status_code == 202
    assert Certificate.objects.count() == 1 and Product.objects.count() == 1
    again = api.post(f"/api/v1/imports/{batch_id}/confirm/", {}, format="json")
    assert again.status_code == 400
    assert "non_field_errors" in again.json()
    assert Certificate.objects.count() == 1


def test_problems_are_listed_row_by_row_and_block_the_confirm(api, tmp_path, commune):
    rows = [
        product_row(**{"Xã/Phường": commune.name}),
        product_row(**{"Xã/Phường": commune.name, "Số sao": "7", "Tên sản phẩm": "Khác"}),
    ]
    batch_id = upload(api, write_xlsx(tmp_path / "list.xlsx", rows)).json()["id"]
    problems = api.get(f"/api/v1/imports/{batch_id}/problems/").json()
    assert problems["count"] >= 1
    first = problems["results"][0]
    assert (first["row"], first["column"]) == (3, "Số sao")
    refused = api.post(f"/api/v1/imports/{batch_id}/confirm/", {}, format="json")
    assert refused.status_code == 400
    assert "dòng lỗi" in refused.json()["non_field_errors"][0]
    assert not Product.objects.exists()


def test_a_wrong_file_is_refused_with_the_pages_message(api, tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("abc")
    response = upload(api, path)
    assert response.status_code == 400
    assert "chỉ nhận .xlsx hoặc .csv" in response.json()["file"][0]
    assert not ImportBatch.objects.exists()


def test_another_officers_batch_is_not_found(api, tmp_path, commune, tay_ninh_officer):
    other = APIClient()
    other.force_authenticate(tay_ninh_officer)
    path = write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Xã/Phường": commune.name})])
    batch_id = upload(other, path).json()["id"]
    assert api.get(f"/api/v1/imports/{batch_id}/").status_code == 404
    assert api.post(f"/api/v1/imports/{batch_id}/confirm/", {}, format="json").status_code == 404
    assert ImportBatch.objects.get(pk=batch_id).state == "validated"
