"""Every demo account's first day: signed in, each reaches its work from the home page, and no
link there answers 403 or 500."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from ocop.accounts.demo import DEMO_USERS
from ocop.accounts.models import User

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a[^>]+href="(/[^"#]*)"')


@pytest.fixture
def demo(demo_loaded, db):
    """The demo, loaded once for this module (conftest.demo_loaded)."""


def home_links(client) -> list[str]:
    html = client.get(reverse("portal:home")).text
    return sorted({href.replace("&amp;", "&") for href in LINK.findall(html)})


def test_every_demo_user_opens_every_link_of_their_home_page_without_a_refusal_or_an_error(client, demo):
    broken, reached = {}, {}
    for spec in DEMO_USERS:
        client.force_login(User.objects.get(username=spec.username))
        links = home_links(client)
        # Beyond the home page itself and the account page, every role has somewhere to go.
        reached[spec.username] = set(links) - {"/", reverse("accounts:profile")}
        for href in links:
            status = client.get(href).status_code
            if status in (403, 404) or status >= 500:
                broken[f"{spec.username} {href}"] = status
    assert not broken, broken
    assert all(reached.values()), reached
    assert reverse("portal:my_producer") in reached["chuthe"]
    assert reverse("registry:product_list") in reached["xa.cantho"]


def test_each_role_finds_its_work_on_the_home_page(client, demo):
    def home_of(username):
        client.force_login(User.objects.get(username=username))
        return client.get(reverse("portal:home")).text

    html = home_of("chuthe")
    assert "Chủ thể của tôi" in html and "Hợp tác xã Nông nghiệp Cái Khế" in html
    assert reverse("portal:my_producer") in html
    assert "Bánh tét lá cẩm Cái Khế" in html  # its certificate expires within the notice window

    html = home_of("xa.cantho")
    assert "Phường Cái Khế" in html and "sắp hết hạn" in html
    client.force_login(User.objects.get(username="xa.cantho"))
    products = client.get(reverse("registry:product_list")).text
    assert "Bánh tét lá cẩm Cái Khế" in products and "Lạp xưởng tươi Ninh Kiều" in products

    html = home_of("hoidong")
    try:
        assert reverse("evaluation:assignments") in html
    except NoReverseMatch:
        assert "Chưa có sản phẩm nào được phân công" in html

    html = home_of("tinh.cantho")
    assert "Giấy chứng nhận sắp hết hạn" in html and "Dữ liệu đang nhập" in html
    assert reverse("programme:plan_list") in html

    client.force_login(User.objects.get(username="tinh.tayninh"))
    targets = client.get(reverse("programme:plan_list")).text
    assert "Kế hoạch thực hiện Chương trình OCOP tỉnh Long An năm 2025" in targets
