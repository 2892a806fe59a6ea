"""`ocop notify_expiring` and the scheduled task: notify each expiring certificate once."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command, execute_from_command_line
from django.test import override_settings

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from ocop.certification.models import Certificate
from ocop.certification.scheduled import notify_expiring_task
from ocop.certification.services import certificate_issue
from ocop.core.models import AuditEntry
from ocop.registry.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
D = datetime.date
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def expiring(can_tho):
    """A certificate valid until 10/01/2026, so in its notice window from 11/12/2025; an officer."""
    officer = UserFactory(email="sonn@cantho.gov.vn")
    RoleAssignmentFactory(user=officer, role=Role.PROVINCE_OFFICER, unit=can_tho)
    return certificate_issue(
        actor="test",
        product=ProductFactory(),
        stars=3,
        decision_number="123/QĐ-UBND",
        decision_date=D(2023, 1, 10),
    )


def run(*args) -> str:
    out = io.StringIO()
    call_command("notify_expiring", *args, stdout=out)
    return out.getvalue()


def test_the_command_notifies_an_expiring_certificate_once_and_says_how_many(expiring):
    assert "cho 1 giấy chứng nhận" in run("--date", "2025-12-20")
    assert "cho 0 giấy chứng nhận" in run("--date", "2025-12-21")
    assert len(mail.outbox) == 1
    assert "10/01/2026" in mail.outbox[0].body
    expiring.refresh_from_db()
    assert expiring.expiry_notice_sent_at is not None
    assert AuditEntry.objects.filter(action="certification.expiry_notice").count() == 1


def test_before_the_notice_window_nothing_is_sent(expiring):
    assert "cho 0 giấy chứng nhận" in run("--date", "2025-12-10")
    assert mail.outbox == []


def test_the_command_line_exits_with_code_0(expiring, capsys):
    execute_from_command_line(["ocop", "notify_expiring", "--date", "2025-12-20"])  # no SystemExit: 0
    assert "cho 1 giấy chứng nhận (ngày xét 20/12/2025)" in capsys.readouterr().out


def test_a_bad_date_is_refused_in_vietnamese(expiring):
    with pytest.raises(CommandError, match="Ngày không hợp lệ: «20/12/2025». Hãy nhập theo dạng YYYY-MM-DD"):
        run("--date", "20/12/2025")
    assert mail.outbox == []


def test_a_bad_date_on_the_command_line_exits_with_code_1(capsys):
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["ocop", "notify_expiring", "--date", "2025-13-01"])
    assert exit_.value.code == 1
    assert "Ngày không hợp lệ" in capsys.readouterr().err


def test_without_a_date_the_command_uses_today(expiring):
    assert "ngày xét" in run()


def test_the_scheduled_task_notifies_once(expiring):
    assert notify_expiring_task.call("2025-12-20") == 1
    assert notify_expiring_task.call("2025-12-20") == 0
    assert Certificate.objects.filter(expiry_notice_sent_at__isnull=False).count() == 1


@override_settings(TASKS=IMMEDIATE)
def test_the_scheduled_task_can_be_enqueued(expiring):
    result = notify_expiring_task.enqueue("2025-12-20")
    assert result.return_value == 1
    assert len(mail.outbox) == 1
