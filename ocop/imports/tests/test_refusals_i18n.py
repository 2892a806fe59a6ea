"""An import's problem report is stored for later readers, so it stays Vietnamese even when the
uploader's interface is English and the check runs inside their request (TASKS_BACKEND=immediate):
the registry and certification rules it asks are translated. A refusal to confirm is said to the
person confirming, in their language."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from ocop.geo.models import AdminUnit
from ocop.imports.imports import PRODUCER_COLUMNS
from ocop.imports.models import ImportBatch
from ocop.imports.tests.import_helpers import product_row, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def inline_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def english_officer(client, can_tho_officer):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(client, path, kind="products"):
    with open(path, "rb") as handle:
        return client.post(reverse("imports:new"), {"kind": kind, "file": handle})


def stored_problems(kind: str) -> set[tuple[int, str]]:
    batch = ImportBatch.objects.get(kind=kind)
    assert batch.state == ImportBatch.State.VALIDATED
    return {(problem["row"], problem["message"]) for problem in batch.errors}


def test_the_problems_of_lists_uploaded_from_an_english_interface_are_stored_in_vietnamese(
    english_officer, can_tho, tmp_path
):
    commune = AdminUnit.objects.get(
        scheme="current", level="commune", province=can_tho, name="Phường Cái Khế"
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    products = [
        product_row(**{"Xã/Phường": commune.name, "Mã số thuế": "0100109105"}),
        product_row(
            **{
                "Xã/Phường": commune.name,
                "Tên chủ thể": "HTX Cá Cờ Đỏ",
                "Tên sản phẩm": "Khô cá lóc",
                "Ngày quyết định": f"{tomorrow:%d/%m/%Y}",
            }
        ),
    ]
    producer = {
        "Tên chủ thể": "HTX Rau Phong Điền",
        "Loại hình chủ thể": "HTX",
        "Xã/Phường": commune.name,
        "Tỉnh/Thành phố": "TP. Cần Thơ",
        "Doanh nghiệp nhỏ và vừa": "x",
    }
    response = upload(english_officer, write_xlsx(tmp_path / "products.xlsx", products))
    upload(
        english_officer,
        write_xlsx(tmp_path / "producers.xlsx", [producer], headers=[c.label for c in PRODUCER_COLUMNS]),
        kind="producers",
    )

    assert (2, "Mã số thuế 0100109105 không hợp lệ (sai chữ số kiểm tra).") in stored_problems("products")
    assert (3, "Ngày quyết định không được sau ngày hôm nay.") in stored_problems("products")
    assert (2, "Chỉ doanh nghiệp mới được đánh dấu là doanh nghiệp nhỏ và vừa.") in stored_problems(
        "producers"
    )
    # The page around the report is English: the interface language did reach the requests.
    assert '<html lang="en">' in english_officer.get(response.url).content.decode()


def test_confirming_a_list_with_errors_is_refused_in_the_interface_language(english_officer, tmp_path):
    response = upload(english_officer, write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Số sao": 9})]))
    batch = ImportBatch.objects.get()
    assert batch.error_rows == 1
    page = english_officer.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert (
        "The file still has 1 row with errors: fix the file and upload it again, "
        "or choose to import only the valid rows."
    ) in page.content.decode()
    assert response.status_code == 302 and ImportBatch.objects.get().state == ImportBatch.State.VALIDATED
