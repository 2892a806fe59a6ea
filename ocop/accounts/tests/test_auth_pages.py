import pytest
from django.urls import reverse

from ocop.core.models import AuditEntry

PASSWORD = "matkhau-ocop-2026"


def test_an_officer_signs_in_with_the_right_password_and_lands_on_the_home_page(client, can_tho_officer):
    response = client.post(reverse("accounts:login"), {"username": "tinh-can-tho", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("portal:home")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_signing_in_returns_to_the_page_asked_for(client, can_tho_officer):
    response = client.post(
        reverse("accounts:login"),
        {"username": "tinh-can-tho", "password": PASSWORD, "next": reverse("accounts:profile")},
    )
    assert response.url == reverse("accounts:profile")


def test_a_wrong_password_is_rejected_with_a_vietnamese_error_and_keeps_the_username(client, can_tho_officer):
    response = client.post(
        reverse("accounts:login"), {"username": "tinh-can-tho", "password": "sai-mat-khau"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in html
    assert 'value="tinh-can-tho"' in html
    assert "sai-mat-khau" not in html
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_sign_in(client, can_tho_officer):
    can_tho_officer.is_active = False
    can_tho_officer.save()
    response = client.post(reverse("accounts:login"), {"username": "tinh-can-tho", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_login_page_is_in_vietnamese_with_labelled_fields(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Tên đăng nhập" in html and "Mật khẩu" in html
    assert 'lang="vi"' in html


def test_signing_out_is_a_post_and_ends_the_session(client, can_tho_officer):
    client.force_login(can_tho_officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_user_changes_their_password_and_the_change_is_audited(client, can_tho_officer):
    client.force_login(can_tho_officer)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Lua-gao-Song-Hau-9",
            "new_password2": "Lua-gao-Song-Hau-9",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_change_done")
    can_tho_officer.refresh_from_db()
    assert can_tho_officer.check_password("Lua-gao-Song-Hau-9")
    assert AuditEntry.objects.filter(action="accounts.password_change", actor=can_tho_officer).exists()
    assert "Đã đổi mật khẩu" in client.get(response.url).content.decode()


def test_a_wrong_current_password_does_not_change_the_password(client, can_tho_officer):
    client.force_login(can_tho_officer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "sai", "new_password1": "Lua-gao-Song-Hau-9", "new_password2": "Lua-gao-Song-Hau-9"},
    )
    assert response.status_code == 200
    can_tho_officer.refresh_from_db()
    assert can_tho_officer.check_password(PASSWORD)


@pytest.mark.parametrize(
    "name", ["accounts:profile", "accounts:password_change", "accounts:password_change_done"]
)
def test_account_pages_send_anonymous_visitors_to_the_login_page(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_profile_shows_the_users_roles_with_their_units(client, can_tho_officer):
    client.force_login(can_tho_officer)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Tài khoản của tôi" in html
    assert "Cán bộ cấp tỉnh" in html
    assert "Thành phố Cần Thơ" in html


def test_the_profile_of_a_commune_officer_names_their_commune(
    client, can_tho_commune_officer, can_tho_commune
):
    client.force_login(can_tho_commune_officer)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Cán bộ cấp xã" in html
    assert can_tho_commune.name in html


def test_the_profile_of_a_central_officer_says_nationwide(client, central_officer):
    client.force_login(central_officer)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Cán bộ Văn phòng điều phối trung ương" in html
    assert "Toàn quốc" in html


def test_the_profile_of_someone_without_a_role_says_so(client, outsider):
    client.force_login(outsider)
    assert "chưa được phân quyền" in client.get(reverse("accounts:profile")).content.decode()


def test_the_language_switch_turns_the_interface_to_english_and_back(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert 'lang="vi"' in client.get("/").content.decode()
