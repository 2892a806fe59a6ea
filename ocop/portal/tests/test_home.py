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


# Features the introduction may name only once the app that provides them is installed.
CLAIMS = {
    "hồ sơ": "ocop.evaluation",
    "chấm điểm": "ocop.evaluation",
    "hội đồng": "ocop.evaluation",
    "danh mục công khai": "ocop.public",
    "QR": "ocop.public",
}


def test_the_introduction_names_only_what_the_system_does(client, db):
    from django.apps import apps

    html = client.get(reverse("portal:home")).content.decode()
    intro = html[html.index('class="hero"') :]
    for phrase in ("chủ thể và sản phẩm", "giấy chứng nhận", "chỉ tiêu", "báo cáo"):
        assert phrase in intro.lower()
    claimed_without_app = [
        phrase
        for phrase, app in CLAIMS.items()
        if phrase.lower() in intro.lower() and not apps.is_installed(app)
    ]
    assert claimed_without_app == []
