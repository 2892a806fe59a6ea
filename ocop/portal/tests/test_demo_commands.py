from io import StringIO

from django.core.management import call_command

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.accounts.tests.factories import UserFactory
from ocop.geo.models import AdminUnit


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_demo_creates_one_account_per_role_with_the_demo_password(db):
    _run("load_demo")

    from ocop.accounts.demo import DEMO_USERS

    demo_names = {spec.username for spec in DEMO_USERS}
    assert User.objects.filter(username__in=demo_names).count() == 8
    # Everyone else is a council member the evaluation demo seated on a council.
    others = RoleAssignment.objects.exclude(user__username__in=demo_names)
    assert set(others.values_list("role", flat=True)) <= {Role.COUNCIL_MEMBER}
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password("ocop2026")
    assert User.objects.get(username="chuthe").check_password("ocop2026")


def test_demo_officers_sit_on_the_right_current_units(db):
    _run("load_demo")

    def unit_of(username):
        return RoleAssignment.objects.get(user__username=username).unit

    assert (unit_of("tinh.cantho").scheme, unit_of("tinh.cantho").code) == ("current", 92)
    assert unit_of("tinh.tayninh").short_name == "Tây Ninh"
    assert unit_of("tinh.caobang").short_name == "Cao Bằng"
    first_commune = (
        AdminUnit.objects.filter(
            scheme="current", level="commune", province__code=92, province__scheme="current"
        )
        .order_by("code")
        .first()
    )
    assert unit_of("xa.cantho") == first_commune
    # The council member sits on councils (the evaluation demo), never on a unit.
    assert not RoleAssignment.objects.filter(user__username="hoidong", unit__isnull=False).exists()


def test_load_demo_run_twice_changes_nothing(db):
    _run("load_demo")
    counts = (User.objects.count(), RoleAssignment.objects.count())
    _run("load_demo")
    assert (User.objects.count(), RoleAssignment.objects.count()) == counts


def test_load_demo_if_empty_leaves_a_database_with_users_alone(db):
    UserFactory(username="nguoi-that")
    output = _run("load_demo", "--if-empty")
    assert User.objects.count() == 1
    assert "bỏ qua" in output


def test_load_demo_if_empty_fills_an_empty_database(db):
    _run("load_demo", "--if-empty")
    assert User.objects.filter(username="tinh.cantho").exists()


def test_demo_logins_lists_usernames_roles_scopes_and_the_password(db):
    _run("load_demo")
    output = _run("demo_logins")
    assert "tinh.cantho" in output and "Thành phố Cần Thơ" in output
    assert "xa.cantho" in output and "Cán bộ cấp xã" in output
    assert "ocop2026" in output


def test_demo_logins_says_what_to_do_when_there_are_no_demo_users(db):
    assert "load_demo" in _run("demo_logins")


def test_a_demo_user_can_sign_in(client, db):
    _run("load_demo")
    credentials = {"username": "tinh.tayninh", "password": "ocop2026"}
    response = client.post("/accounts/login/", credentials, follow=True)
    assert response.context["user"].username == "tinh.tayninh"
    assert "Cán bộ cấp tỉnh" in response.text and "Tỉnh Tây Ninh" in response.text
