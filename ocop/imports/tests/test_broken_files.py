"""No file crashes the import: every case of the broken-input corpus gets a Vietnamese refusal, row
problems in Vietnamese, or a correct import — from the command line and from the upload page."""

import io
import re
import resource

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import PASSWORD
from ocop.imports.models import ImportBatch
from ocop.imports.tests.broken_files import CASES, Case
from ocop.registry.models import Product

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I)
# What reader libraries and Python say when they fail; none of it may reach a person.
ENGLISH = re.compile(
    r"Traceback|Error\b|error:|Cannot|cannot|field larger|File is not|zip file|detect|"
    r"value too long|openpyxl|calamine|Exception|invalid literal|line contains",
)


def assert_vietnamese(text: str) -> None:
    assert VIETNAMESE.search(text), text
    assert not ENGLISH.search(text), text


@pytest.fixture(autouse=True)
def inline_tasks(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"


def _build(case: Case, folder) -> "io.Path":
    path = folder / case.filename
    case.build(path)
    return path


@pytest.mark.parametrize("case", CASES, ids=[c.filename for c in CASES])
def test_the_command_line_refuses_or_imports_every_file_of_the_corpus_in_vietnamese(case, tmp_path, can_tho):
    path = _build(case, tmp_path)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_products", str(path), stdout=out, stderr=err)
        outcome = "import"
    except CommandError as error:
        outcome = "file" if "Không đọc được tệp" in str(error) else "rows"
        assert_vietnamese(str(error))
    said = out.getvalue() + err.getvalue()
    if outcome == "file":
        assert_vietnamese(err.getvalue())
    elif outcome == "rows":
        problems = [line for line in out.getvalue().splitlines() if line.startswith("Dòng")]
        assert problems
        for line in problems:
            assert_vietnamese(line)
    assert outcome == case.expect, said
    assert Product.objects.exists() == (outcome == "import")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2 * 1024 * 1024  # KB: under 2 GB


@pytest.mark.parametrize("case", [c for c in CASES if c.web], ids=[c.filename for c in CASES if c.web])
def test_the_upload_page_refuses_or_validates_every_file_of_the_corpus_in_vietnamese(
    case, client, can_tho_officer, tmp_path
):
    path = _build(case, tmp_path)
    client.login(username=can_tho_officer.username, password=PASSWORD)
    with open(path, "rb") as handle:
        response = client.post(reverse("imports:new"), {"kind": "products", "file": handle}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    batch = ImportBatch.objects.first()
    if batch is None:  # refused by the form itself
        assert case.expect == "file"
        errors = re.findall(r'<p class="error" role="alert">(.*?)</p>', page, re.S)
        assert errors, page
        assert_vietnamese(errors[0])
        return
    batch.refresh_from_db()
    if case.expect == "file":
        assert batch.state == ImportBatch.State.FAILED
        assert_vietnamese(batch.message)
        assert batch.message[:20] in page
    elif case.expect == "rows":
        assert batch.state == ImportBatch.State.VALIDATED and batch.error_rows
        for problem in batch.errors:
            assert_vietnamese(problem["message"])
    else:
        assert batch.state == ImportBatch.State.VALIDATED and not batch.error_rows, batch.errors
