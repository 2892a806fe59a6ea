import pytest
from django.urls import reverse

from ocop.accounts.models import Role, RoleAssignment
from ocop.accounts.tests.factories import UserFactory
from ocop.core.models import AuditEntry

# Personas are fetched by name inside the tests, so declare the database up front: it keeps
# these tests among the database tests, before the transactional ones that flush tables.
pytestmark = pytest.mark.django_db


def test_a_system_admin_opens_the_admin(client, system_admin):
    client.force_login(system_admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Quản trị hệ thống thông tin OCOP" in response.content.decode()


def test_a_system_admin_without_superuser_status_can_manage_users(client, system_admin, outsider):
    assert not system_admin.is_superuser
    client.force_login(system_admin)
    listing = client.get(reverse("admin:accounts_user_changelist"))
    assert listing.status_code == 200 and outsider.username in listing.text
    change = client.get(reverse("admin:accounts_user_change", args=[outsider.pk]))
    assert change.status_code == 200 and f'value="{outsider.username}"' in change.text


def test_a_superuser_opens_the_admin(client, db):
    root = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Quản trị hệ thống thông tin OCOP" in response.text
    assert reverse("admin:accounts_user_changelist") in response.text


def test_a_staff_user_without_the_admin_role_is_sent_to_the_admin_login(client, db):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_a_staff_province_officer_still_gets_no_admin(client, can_tho_officer):
    can_tho_officer.is_staff = True
    can_tho_officer.save()
    client.force_login(can_tho_officer)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "persona",
    [
        "central_officer",
        "can_tho_officer",
        "tay_ninh_officer",
        "can_tho_commune_officer",
        "council_member",
        "producer_user",
        "outsider",
    ],
)
def test_other_personas_are_sent_to_the_admin_login(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_a_system_admin_grants_a_role_on_the_user_page_through_the_audited_service(
    client, system_admin, outsider, can_tho
):
    client.force_login(system_admin)
    response = client.post(
        reverse("admin:accounts_user_change", args=[outsider.pk]),
        {
            "username": outsider.username,
            "full_name": "Trần Văn Tỉnh",
            "email": outsider.email,
            "phone": "0292 3820 123",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "08:00:00",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-MIN_NUM_FORMS": "0",
            "role_assignments-MAX_NUM_FORMS": "1000",
            "role_assignments-0-role": Role.PROVINCE_OFFICER,
            "role_assignments-0-unit": str(can_tho.pk),
            "role_assignments-0-scope_type": "",
            "role_assignments-0-scope_id": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert RoleAssignment.objects.filter(user=outsider, role=Role.PROVINCE_OFFICER, unit=can_tho).exists()
    assert AuditEntry.objects.filter(action="accounts.role_grant", actor=system_admin).exists()


def test_the_admin_refuses_a_province_officer_on_a_legacy_province_in_vietnamese(
    client, system_admin, outsider
):
    from ocop.geo.models import AdminUnit

    long_an = AdminUnit.objects.get(scheme="legacy", level="province", code=80)
    client.force_login(system_admin)
    response = client.post(
        reverse("admin:accounts_user_change", args=[outsider.pk]),
        {
            "username": outsider.username,
            "is_active": "on",
            "date_joined_0": "01/01/2026",
            "date_joined_1": "08:00:00",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-MIN_NUM_FORMS": "0",
            "role_assignments-MAX_NUM_FORMS": "1000",
            "role_assignments-0-role": Role.PROVINCE_OFFICER,
            "role_assignments-0-unit": str(long_an.pk),
        },
    )
    assert response.status_code == 200
    assert "hệ thống hiện hành" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=outsider).exists()


def test_a_system_admin_creates_a_user_with_a_full_name(client, system_admin):
    from ocop.accounts.models import User

    client.force_login(system_admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "tinh.camau",
            "full_name": "Lý Thị Mai",
            "usable_password": "true",
            "password1": "Tom-cang-Ca-Mau-26",
            "password2": "Tom-cang-Ca-Mau-26",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="tinh.camau").full_name == "Lý Thị Mai"
