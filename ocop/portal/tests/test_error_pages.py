"""Refusals and missing pages answer in Vietnamese, in the site's layout, with a way back."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_refused_page_explains_in_vietnamese_and_leads_back_home(client, producer_user):
    client.force_login(producer_user)
    response = client.get(reverse("registry:product_list"), HTTP_REFERER="http://testserver/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.text
    assert "Tài khoản của bạn không có quyền mở trang này." in response.text
    assert 'href="/"' in response.text and "Về trang chủ" in response.text
    assert "Quay lại trang trước" in response.text
    assert "403 Forbidden" not in response.text
    assert 'class="main-nav"' in response.text  # the site's own layout and menu


def test_a_missing_page_explains_in_vietnamese_and_offers_sign_in_to_visitors(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
    assert "Về trang chủ" in response.text
    assert "/accounts/login/?next=/khong-co-trang-nay/" in response.text


def test_an_object_outside_the_users_scope_is_a_vietnamese_404(client, tay_ninh_officer, can_tho):
    from ocop.registry.tests.factories import ProducerFactory

    producer = ProducerFactory(province=can_tho)
    client.force_login(tay_ninh_officer)
    response = client.get(reverse("registry:producer_detail", args=[producer.pk]))
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu." in response.text


def test_the_server_error_page_renders_without_a_request():
    html = render_to_string("500.html")
    assert "Hệ thống đang gặp sự cố" in html
    assert 'href="/"' in html
