"""Shared personas: one user per role and unit, used by every app's tests.

Units are real: the test database is built by migrations, which load both administrative
schemes from `vietnam-provinces`.
"""

import pytest

from ocop.accounts.models import Role
from ocop.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from ocop.geo.models import AdminUnit

PASSWORD = "matkhau-ocop-2026"


def current_province(code: int) -> AdminUnit:
    return AdminUnit.objects.get(scheme="current", level="province", code=code)


def legacy_province(code: int) -> AdminUnit:
    return AdminUnit.objects.get(scheme="legacy", level="province", code=code)


REFERENCE_MODELS = [
    "geo.Region",
    "geo.AdminUnit",
    "geo.UnitSuccession",
    "rules.Taxonomy",
    "rules.ProductGroup",
    "rules.ProductSet",
    "rules.Regime",
]


@pytest.fixture(scope="session")
def _reference_rows(django_db_setup, django_db_blocker):
    """Reference data loaded by migrations (units, rulebook), captured once per test session."""
    from django.apps import apps

    with django_db_blocker.unblock():
        return [
            (apps.get_model(label), list(apps.get_model(label).objects.order_by("pk").values()))
            for label in REFERENCE_MODELS
        ]


@pytest.fixture(autouse=True)
def _reference_data_present(request):
    """Transactional tests (live server, browser) flush every table; put the reference data back
    with the same ids, so caches keyed on ids stay right. A database test that runs after a flush
    (pytest orders them first, but fixtures fetched by name escape that) gets it back too."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    transactional = transactional or bool(marker and (marker.kwargs.get("transaction") or marker.args))
    if not (transactional or marker or "db" in request.fixturenames):
        return
    rows = request.getfixturevalue("_reference_rows")  # captured before the first flush
    request.getfixturevalue("transactional_db" if transactional else "db")
    if AdminUnit.objects.exists():
        return
    _restore_reference(rows)


def _restore_reference(rows):
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic():
        for model, values in rows:
            model.objects.bulk_create([model(**row) for row in values], batch_size=2000)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in rows]):
                cursor.execute(sql)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, _reference_rows):
    """A transaction for a whole test module, rolled back after its last test, for data loaded
    once per module (the demo). The reference data is put back first when a transactional test
    that ran earlier in this process flushed it. Each test (with `db`) runs in a savepoint inside."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        if not AdminUnit.objects.exists():
            _restore_reference(_reference_rows)
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_loaded(module_db):
    """`ocop load_demo` once for a whole test module, rolled back after its last test."""
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _fresh_cache():
    """API throttles count requests in the cache: each test starts with none counted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request with the language cookie activates its language for the rest of the thread (the
    middleware does not reset it): each test starts and ends in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


def _person(role, unit=None, username=None, **extra):
    user = UserFactory(username=username or f"{role}-{unit.code if unit else 'vn'}", **extra)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def can_tho(db):
    return current_province(92)


@pytest.fixture
def tay_ninh(db):
    return current_province(80)


@pytest.fixture
def can_tho_commune(can_tho):
    return (
        AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho).order_by("code").first()
    )


@pytest.fixture
def tay_ninh_commune(tay_ninh):
    return (
        AdminUnit.objects.filter(scheme="current", level="commune", province=tay_ninh)
        .order_by("code")
        .first()
    )


@pytest.fixture
def system_admin(db):
    user = _person(Role.SYSTEM_ADMIN, username="admin-vn")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def central_officer(db):
    return _person(Role.CENTRAL_OFFICER, username="central-vn")


@pytest.fixture
def can_tho_officer(can_tho):
    return _person(Role.PROVINCE_OFFICER, can_tho, username="tinh-can-tho")


@pytest.fixture
def tay_ninh_officer(tay_ninh):
    return _person(Role.PROVINCE_OFFICER, tay_ninh, username="tinh-tay-ninh")


@pytest.fixture
def can_tho_commune_officer(can_tho_commune):
    return _person(Role.COMMUNE_OFFICER, can_tho_commune, username="xa-can-tho")


@pytest.fixture
def council_member(db):
    return _person(Role.COUNCIL_MEMBER, username="hoi-dong")


@pytest.fixture
def producer_user(db):
    return _person(Role.PRODUCER, username="chu-the")


@pytest.fixture
def outsider(db):
    """Signed in, no role anywhere."""
    return UserFactory(username="nguoi-ngoai")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def _browser():
    """Debian's Chromium driven by Playwright (it cannot download a browser of its own here)."""
    import os
    import shutil

    executable = os.environ.get("OCOP_CHROMIUM", CHROMIUM)
    if not (os.path.exists(executable) or shutil.which(executable)):
        pytest.skip(f"Chromium not found at {executable}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make are still sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_browser, live_server):
    context = _browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def login(page):
    """Sign a persona in through the real login form."""

    def sign_in(user, password=PASSWORD):
        page.goto(page.base_url + "/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        return page

    return sign_in
