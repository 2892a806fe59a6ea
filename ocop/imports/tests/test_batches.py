"""Import batches as a state machine: one move per statement, confirmed once, timed out when stuck;
their files private and deleted after the retention period; long problem lists summarised."""

import datetime
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import PASSWORD
from ocop.certification.models import Certificate
from ocop.core.audit import history_for
from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit
from ocop.imports import services
from ocop.imports.models import ImportBatch
from ocop.imports.tests.import_helpers import product_row, write_xlsx
from ocop.registry.models import Producer, Product

State = ImportBatch.State


@pytest.fixture(autouse=True)
def inline_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def commune(can_tho):
    return AdminUnit.objects.get(scheme="current", level="commune", province=can_tho, name="Phường Cái Khế")


def rows(commune, count=3):
    return [
        product_row(
            **{"Xã/Phường": commune.name, "Tên sản phẩm": f"Gạo thơm {n}", "Số quyết định": f"{n}/QĐ"}
        )
        for n in range(count)
    ]


def upload(client, path, **extra):
    with open(path, "rb") as handle:
        return client.post(reverse("imports:new"), {"kind": "products", "file": handle, **extra})


def uploaded(user, path) -> ImportBatch:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload_file = SimpleUploadedFile(Path(path).name, Path(path).read_bytes())
    return services.batch_upload(actor=user, kind="products", upload=upload_file)


# ------------------------------------------------------------------------------------------
# Transitions


@pytest.mark.django_db
def test_a_move_the_table_does_not_allow_is_refused_and_a_stale_move_changes_nothing(can_tho_officer):
    batch = ImportBatch.objects.create(kind="products", original_name="x.xlsx", created_by=can_tho_officer)
    with pytest.raises(ValueError):
        services.batch_move(batch.pk, State.IMPORTED, sources=[State.UPLOADED])
    assert services.batch_move(batch.pk, State.IMPORTING) is False  # not validated
    batch.refresh_from_db()
    assert batch.state == State.UPLOADED


@pytest.mark.django_db
def test_confirming_the_same_batch_twice_imports_once_and_says_so(client, can_tho_officer, tmp_path, commune):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    upload(client, write_xlsx(tmp_path / "list.xlsx", rows(commune)))
    batch = ImportBatch.objects.get()
    assert batch.state == State.VALIDATED

    client.post(reverse("imports:confirm", args=[batch.pk]))
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)

    batch.refresh_from_db()
    assert batch.state == State.IMPORTED
    assert "không ở trạng thái chờ xác nhận" in response.content.decode()
    assert Product.objects.count() == 3 and Certificate.objects.count() == 3
    assert AuditEntry.objects.filter(action="imports.batch_confirm").count() == 1
    assert AuditEntry.objects.filter(action="imports.import_products").count() == 1


@pytest.mark.django_db
def test_every_created_producer_and_product_says_in_its_history_which_batch_it_came_from(
    client, can_tho_officer, tmp_path, commune
):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    upload(client, write_xlsx(tmp_path / "list.xlsx", rows(commune)))
    batch = ImportBatch.objects.get()
    client.post(reverse("imports:confirm", args=[batch.pk]))

    for obj in [*Product.objects.all(), *Producer.objects.all()]:
        entry = history_for(obj).get(action="imports.create_from_file")
        assert entry.details == {"file": "list.xlsx", "batch": batch.pk}
        assert entry.actor == can_tho_officer
    page = client.get(reverse("registry:product_detail", args=[Product.objects.first().pk])).content.decode()
    assert "Tạo từ tệp nhập danh sách" in page and f"Lần nhập số: {batch.pk}" in page


@pytest.mark.django_db
def test_a_batch_silent_longer_than_the_time_out_fails_with_a_vietnamese_message(
    client, can_tho_officer, settings
):
    settings.IMPORT_TIMEOUT_MINUTES = 30
    stuck = ImportBatch.objects.create(
        kind="products", original_name="x.xlsx", created_by=can_tho_officer, state=State.VALIDATING
    )
    busy = ImportBatch.objects.create(
        kind="products", original_name="y.xlsx", created_by=can_tho_officer, state=State.IMPORTING
    )
    ImportBatch.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=31))
    client.login(username=can_tho_officer.username, password=PASSWORD)

    page = client.get(reverse("imports:detail", args=[stuck.pk])).content.decode()

    stuck.refresh_from_db()
    busy.refresh_from_db()
    assert stuck.state == State.FAILED and "Quá thời gian xử lý (30 phút" in stuck.message
    assert "Quá thời gian xử lý" in page
    assert busy.state == State.IMPORTING


# ------------------------------------------------------------------------------------------
# Private files


@pytest.mark.django_db
def test_uploads_are_stored_outside_media_under_random_names_and_served_only_to_their_owner(
    client, can_tho_officer, tay_ninh_officer, tmp_path, commune, settings
):
    client.login(username=can_tho_officer.username, password=PASSWORD)
    upload(client, write_xlsx(tmp_path / "danh-sach-can-tho.xlsx", rows(commune)))
    batch = ImportBatch.objects.get()

    stored = Path(batch.file.path)
    assert stored.is_file() and Path(settings.PRIVATE_ROOT) in stored.parents
    assert "danh-sach" not in batch.file.name
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.xlsx"))
    with pytest.raises(ValueError):
        _ = batch.file.url  # no public URL at all

    response = client.get(reverse("imports:file", args=[batch.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored.read_bytes()
    assert "danh-sach-can-tho.xlsx" in response["Content-Disposition"]

    client.login(username=tay_ninh_officer.username, password=PASSWORD)
    assert client.get(reverse("imports:file", args=[batch.pk])).status_code == 404


@pytest.mark.django_db
def test_files_past_the_retention_period_are_deleted_and_the_batch_says_so(
    client, can_tho_officer, tmp_path, commune, settings
):
    settings.IMPORT_RETENTION_DAYS = 30
    client.login(username=can_tho_officer.username, password=PASSWORD)
    upload(client, write_xlsx(tmp_path / "old.xlsx", rows(commune)))
    upload(client, write_xlsx(tmp_path / "new.xlsx", rows(commune)))
    old, new = ImportBatch.objects.order_by("pk")
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    old_path = Path(old.file.path)

    out = io.StringIO()
    from django.core.management import call_command

    call_command("imports_housekeeping", stdout=out)

    old.refresh_from_db()
    new.refresh_from_db()
    assert "Tệp đã xoá vì quá thời hạn lưu: 1" in out.getvalue()
    assert not old_path.exists() and old.file.name == "" and old.file_deleted_at is not None
    assert Path(new.file.path).is_file()
    page = client.get(reverse("imports:detail", args=[old.pk])).content.decode()
    assert "Tệp đã được xoá ngày" in page
    assert client.get(reverse("imports:file", args=[old.pk])).status_code == 404


# ------------------------------------------------------------------------------------------
# Long problem lists


@pytest.mark.django_db
def test_a_batch_with_many_problems_shows_the_first_ones_counts_by_kind_and_offers_them_all_as_xlsx(
    client, can_tho_officer
):
    problems = [
        {"row": n + 2, "column": "Số sao", "value": "7", "message": "Số sao phải từ 3 đến 5"}
        for n in range(20_000)
    ] + [
        {
            "row": n + 2,
            "column": "Xã/Phường",
            "value": f"X{n}",
            "message": f"Không tìm thấy xã/phường “X{n}”.",
        }
        for n in range(5_000)
    ]
    batch = ImportBatch.objects.create(
        kind="products",
        original_name="many.xlsx",
        created_by=can_tho_officer,
        state=State.VALIDATED,
        total_rows=25_000,
        error_rows=25_000,
        errors=problems,
    )
    client.login(username=can_tho_officer.username, password=PASSWORD)

    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()

    assert len(page) < 400_000
    assert "25000 lỗi" in page.replace(".", "").replace(",", "")
    assert page.count('<tr><td class="num">') == 300
    assert "Không tìm thấy xã/phường …." in page and ">5000<" in page and ">20000<" in page
    workbook = load_workbook(io.BytesIO(client.get(reverse("imports:errors", args=[batch.pk])).content))
    sheet = workbook.active
    assert sheet.max_row == 25_000 + 2  # title, header, every problem


@pytest.mark.django_db
def test_the_list_of_batches_does_not_load_their_stored_problems(client, can_tho_officer):
    ImportBatch.objects.create(
        kind="products", original_name="x.xlsx", created_by=can_tho_officer, errors=[{"row": 2}] * 1000
    )
    client.login(username=can_tho_officer.username, password=PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("imports:list"))
    assert "x.xlsx" in response.content.decode()
    selects = [
        q["sql"] for q in queries if "imports_importbatch" in q["sql"] and q["sql"].startswith("SELECT")
    ]
    assert selects and not any('"errors"' in sql for sql in selects)


# ------------------------------------------------------------------------------------------
# Concurrency (PostgreSQL: real concurrent transactions)

postgres_only = pytest.mark.skipif(
    "postgres" not in __import__("os").environ.get("DATABASE_URL", ""), reason="needs PostgreSQL"
)


def _in_threads(*calls):
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        try:
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _confirm(batch_id, user):
    def call():
        try:
            services.batch_confirm(actor=user, batch=ImportBatch.objects.get(pk=batch_id), keep_valid=False)
            return "confirmed"
        except services.BatchError:
            return "refused"

    return call


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_confirms_of_the_same_batch_at_the_same_time_import_once(can_tho_officer, tmp_path, commune):
    batch = uploaded(can_tho_officer, write_xlsx(tmp_path / "list.xlsx", rows(commune, 5)))
    assert ImportBatch.objects.get(pk=batch.pk).state == State.VALIDATED

    results = _in_threads(_confirm(batch.pk, can_tho_officer), _confirm(batch.pk, can_tho_officer))

    assert sorted(results) == ["confirmed", "refused"]
    assert Product.objects.count() == 5 and Certificate.objects.count() == 5 and Producer.objects.count() == 1
    assert ImportBatch.objects.get(pk=batch.pk).state == State.IMPORTED


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_file_uploaded_twice_and_confirmed_together_imports_once(can_tho_officer, tmp_path, commune):
    path = write_xlsx(tmp_path / "list.xlsx", rows(commune, 5))
    first, second = uploaded(can_tho_officer, path), uploaded(can_tho_officer, path)

    results = _in_threads(_confirm(first.pk, can_tho_officer), _confirm(second.pk, can_tho_officer))

    assert results == ["confirmed", "confirmed"]
    assert Product.objects.count() == 5 and Certificate.objects.count() == 5 and Producer.objects.count() == 1
    states = sorted(ImportBatch.objects.values_list("state", flat=True))
    assert states == [State.IMPORTED, State.IMPORTED]
    counts = sorted(b.result["counts"]["certificates_created"] for b in ImportBatch.objects.all())
    assert counts == [0, 5]
