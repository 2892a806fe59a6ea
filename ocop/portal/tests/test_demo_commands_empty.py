"""Demo commands on a database without the demo (the other tests share one load: conftest.demo_loaded)."""

from io import StringIO

from django.core.management import call_command

from ocop.accounts.models import User
from ocop.accounts.tests.factories import UserFactory


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_demo_if_empty_leaves_a_database_with_users_alone(db):
    UserFactory(username="nguoi-that")
    output = _run("load_demo", "--if-empty")
    assert User.objects.count() == 1
    assert "bỏ qua" in output


def test_load_demo_if_empty_fills_an_empty_database(db):
    _run("load_demo", "--if-empty")
    assert User.objects.filter(username="tinh.cantho").exists()


def test_demo_logins_says_what_to_do_when_there_are_no_demo_users(db):
    assert "load_demo" in _run("demo_logins")
