from io import StringIO

from django.core.management import call_command

from ocop.accounts.models import Role, RoleAssignment, User
from ocop.geo.models import AdminUnit


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_demo_creates_one_account_per_role_with_the_demo_password(demo_loaded, db):

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


def test_demo_officers_sit_on_the_right_current_units(demo_loaded, db):

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


def test_load_demo_run_twice_changes_nothing(demo_loaded, db):
    counts = (User.objects.count(), RoleAssignment.objects.count())
    _run("load_demo")
    assert (User.objects.count(), RoleAssignment.objects.count()) == counts


def test_demo_logins_lists_usernames_roles_scopes_and_the_password(demo_loaded, db):
    output = _run("demo_logins")
    assert "tinh.cantho" in output and "Thành phố Cần Thơ" in output
    assert "xa.cantho" in output and "Cán bộ cấp xã" in output
    assert "ocop2026" in output


def test_a_demo_user_can_sign_in(demo_loaded, client, db):
    credentials = {"username": "tinh.tayninh", "password": "ocop2026"}
    response = client.post("/accounts/login/", credentials, follow=True)
    assert response.context["user"].username == "tinh.tayninh"
    assert "Cán bộ cấp tỉnh" in response.text and "Tỉnh Tây Ninh" in response.text
