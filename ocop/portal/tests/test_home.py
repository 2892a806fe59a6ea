from django.urls import reverse


def test_an_anonymous_visitor_reads_an_introduction_and_finds_the_login_link(client, db):
    response = client.get(reverse("portal:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mỗi xã một sản phẩm" in html
    assert reverse("accounts:login") in html


def test_a_signed_in_officer_sees_their_role_and_quick_links(client, can_tho_officer):
    client.force_login(can_tho_officer)
    html = client.get(reverse("portal:home")).content.decode()
    assert "Cán bộ cấp tỉnh" in html
    assert "Thành phố Cần Thơ" in html
    assert reverse("accounts:profile") in html
    assert 'action="/accounts/logout/"' in html


def test_a_user_without_roles_is_told_to_ask_for_access(client, outsider):
    client.force_login(outsider)
    assert "chưa được phân quyền" in client.get(reverse("portal:home")).content.decode()
