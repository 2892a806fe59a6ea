"""Plan pages over HTTP with the shared personas: who may read, who may edit, what the pages show."""

import datetime

import pytest
from django.urls import reverse

from conftest import current_province, legacy_province
from ocop.core.models import AuditEntry
from ocop.demo.generator import load_registry_demo
from ocop.programme import services
from ocop.programme.models import Plan, Target, TargetKind

pytestmark = pytest.mark.django_db
D = datetime.date
START, END = D(2021, 1, 1), D(2025, 12, 31)


def make_plan(unit, name="Kế hoạch OCOP giai đoạn 2021–2025", start=START, end=END):
    return services.plan_create(actor="test", name=name, unit=unit, period_start=start, period_end=end)


@pytest.fixture
def can_tho_plan(can_tho):
    plan = make_plan(can_tho)
    services.target_add(
        actor="test",
        plan=plan,
        kind=TargetKind.OFFICIALS_TRAINED_SHARE,
        description="Đào tạo 100% cán bộ OCOP các cấp",
        target_value=100,
    )
    return plan


@pytest.fixture
def commune_plan(can_tho_commune):
    return make_plan(can_tho_commune, name="Kế hoạch OCOP của xã")


@pytest.fixture
def tay_ninh_plan(tay_ninh):
    return make_plan(tay_ninh, name="Kế hoạch OCOP Tây Ninh")


def plan_data(province, scheme="current", code="", **extra):
    return {
        "name": "Kế hoạch thực hiện Chương trình OCOP",
        "scheme": scheme,
        "province": province.pk,
        "code": code,
        "period_start": "2023-01-01",
        "period_end": "31/12/2025",
        "reference": "Kế hoạch số 45/KH-UBND",
        **extra,
    }


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- Reading ------------------------------------------------------------------------------------


def test_a_province_officer_lists_the_plans_of_their_province_and_its_legacy_provinces(
    client, can_tho_officer, can_tho_plan, tay_ninh_plan
):
    soc_trang = make_plan(legacy_province(94), name="Kế hoạch OCOP Sóc Trăng 2023–2025")
    response = as_user(client, can_tho_officer).get(reverse("programme:plan_list"))
    assert response.status_code == 200
    plans = list(response.context["plans"])
    assert can_tho_plan in plans and soc_trang in plans
    assert tay_ninh_plan not in plans
    assert "Thêm kế hoạch" in response.content.decode()


def test_a_central_officer_reads_the_plans_of_every_province(
    client, central_officer, can_tho_plan, tay_ninh_plan
):
    response = as_user(client, central_officer).get(reverse("programme:plan_list"))
    assert {can_tho_plan, tay_ninh_plan} <= set(response.context["plans"])
    assert (
        as_user(client, central_officer)
        .get(reverse("programme:plan_detail", args=[tay_ninh_plan.pk]))
        .status_code
        == 200
    )


def test_the_plan_list_filters_by_province_and_year(
    client, central_officer, can_tho, can_tho_plan, tay_ninh_plan
):
    old = make_plan(can_tho, name="Kế hoạch 2019", start=D(2019, 1, 1), end=D(2019, 12, 31))
    response = as_user(client, central_officer).get(reverse("programme:plan_list"), {"unit": can_tho.pk})
    assert set(response.context["plans"]) == {can_tho_plan, old}
    response = client.get(reverse("programme:plan_list"), {"unit": can_tho.pk, "year": 2024})
    assert list(response.context["plans"]) == [can_tho_plan]


def test_a_commune_officer_reads_their_communes_plan_without_edit_buttons(
    client, can_tho_commune_officer, commune_plan, can_tho_plan
):
    client = as_user(client, can_tho_commune_officer)
    response = client.get(reverse("programme:plan_detail", args=[commune_plan.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sửa kế hoạch" not in page and "Thêm chỉ tiêu" not in page
    assert "Thêm kế hoạch" not in client.get(reverse("programme:plan_list")).content.decode()


def test_a_commune_officer_may_not_create_or_change_plans(
    client, can_tho_commune_officer, commune_plan, can_tho
):
    client = as_user(client, can_tho_commune_officer)
    assert client.get(reverse("programme:plan_create")).status_code == 403
    assert client.post(reverse("programme:plan_create"), plan_data(can_tho)).status_code == 403
    assert client.get(reverse("programme:plan_edit", args=[commune_plan.pk])).status_code == 403
    response = client.post(
        reverse("programme:target_add", args=[commune_plan.pk]),
        {"add-kind": "products_total", "add-description": "x", "add-target_value": "5"},
    )
    assert response.status_code == 403
    assert client.get(reverse("programme:import")).status_code == 403
    assert not Target.objects.filter(plan=commune_plan).exists()


def test_a_plan_of_another_province_is_not_found(client, tay_ninh_officer, can_tho_plan):
    client = as_user(client, tay_ninh_officer)
    assert client.get(reverse("programme:plan_detail", args=[can_tho_plan.pk])).status_code == 404
    assert client.get(reverse("programme:plan_edit", args=[can_tho_plan.pk])).status_code == 404
    assert client.post(reverse("programme:plan_delete", args=[can_tho_plan.pk])).status_code == 404
    assert Plan.objects.filter(pk=can_tho_plan.pk).exists()


@pytest.mark.parametrize("persona", ["outsider", "producer_user", "council_member"])
def test_users_without_a_role_on_reports_are_refused_every_plan_page(client, persona, request, can_tho_plan):
    client = as_user(client, request.getfixturevalue(persona))
    for url in (
        reverse("programme:plan_list"),
        reverse("programme:plan_create"),
        reverse("programme:plan_detail", args=[can_tho_plan.pk]),
        reverse("programme:import"),
        reverse("programme:import_template"),
    ):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_sign_in(client, can_tho_plan):
    for url in (
        reverse("programme:plan_list"),
        reverse("programme:plan_create"),
        reverse("programme:plan_detail", args=[can_tho_plan.pk]),
        reverse("programme:import"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


# --- Creating and editing plans -----------------------------------------------------------------


def test_a_can_tho_officer_creates_a_plan_for_current_can_tho(client, can_tho_officer, can_tho):
    response = as_user(client, can_tho_officer).post(reverse("programme:plan_create"), plan_data(can_tho))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "programme:plan_detail", args=[plan.pk]
    )
    assert plan.unit == can_tho and plan.period_start == D(2023, 1, 1) and plan.period_end == D(2025, 12, 31)
    assert AuditEntry.objects.filter(action="programme.plan_create", actor=can_tho_officer).exists()


def test_a_can_tho_officer_creates_a_plan_for_legacy_soc_trang(client, can_tho_officer):
    soc_trang = legacy_province(94)
    response = as_user(client, can_tho_officer).post(
        reverse("programme:plan_create"), plan_data(soc_trang, scheme="legacy")
    )
    assert response.status_code == 302
    assert Plan.objects.get().unit == soc_trang


def test_a_plan_can_be_for_a_commune_given_by_its_code(client, can_tho_officer, can_tho, can_tho_commune):
    response = as_user(client, can_tho_officer).post(
        reverse("programme:plan_create"), plan_data(can_tho, code=can_tho_commune.code_str)
    )
    assert response.status_code == 302
    assert Plan.objects.get().unit == can_tho_commune


def test_a_can_tho_officer_is_refused_a_plan_for_tay_ninh(client, can_tho_officer, tay_ninh):
    response = as_user(client, can_tho_officer).post(reverse("programme:plan_create"), plan_data(tay_ninh))
    assert response.status_code == 403
    assert not Plan.objects.exists()


def test_the_province_list_offers_only_the_officers_provinces_in_both_schemes(client, can_tho_officer):
    response = as_user(client, can_tho_officer).get(reverse("programme:plan_create"))
    choices = dict(response.context["form"].fields["province"].choices)
    assert str(current_province(92).pk) in choices and str(legacy_province(94).pk) in choices
    assert str(current_province(80).pk) not in choices
    assert 'data-scheme="legacy"' in response.content.decode()


def test_a_rejected_plan_keeps_what_was_typed_and_says_why(client, can_tho_officer, can_tho):
    data = plan_data(can_tho, name="Kế hoạch năm 2024", period_start="2024-12-31", period_end="2024-01-01")
    response = as_user(client, can_tho_officer).post(reverse("programme:plan_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page
    assert 'value="Kế hoạch năm 2024"' in page and 'value="Kế hoạch số 45/KH-UBND"' in page
    assert not Plan.objects.exists()


def test_a_province_chosen_in_the_wrong_scheme_is_explained(client, can_tho_officer):
    response = as_user(client, can_tho_officer).post(
        reverse("programme:plan_create"), plan_data(legacy_province(94), scheme="current")
    )
    assert response.status_code == 200
    assert "không thuộc hệ thống đã chọn" in response.content.decode()


def test_an_officer_edits_a_plan_through_the_service(client, can_tho_officer, can_tho, can_tho_plan):
    client = as_user(client, can_tho_officer)
    form = client.get(reverse("programme:plan_edit", args=[can_tho_plan.pk])).context["form"]
    assert form.initial["province"] == str(can_tho.pk)
    data = plan_data(can_tho, name="Kế hoạch đã sửa", period_start="2021-01-01", period_end="2025-12-31")
    response = client.post(reverse("programme:plan_edit", args=[can_tho_plan.pk]), data)
    assert response.status_code == 302
    can_tho_plan.refresh_from_db()
    assert can_tho_plan.name == "Kế hoạch đã sửa"
    assert AuditEntry.objects.filter(action="programme.plan_update").exists()


def test_deleting_a_plan_with_targets_asks_for_confirmation(client, can_tho_officer, can_tho_plan):
    client = as_user(client, can_tho_officer)
    url = reverse("programme:plan_delete", args=[can_tho_plan.pk])
    response = client.post(url)
    assert response.status_code == 200 and "xác nhận để xóa" in response.content.decode()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not Plan.objects.exists()


# --- Targets and progress -----------------------------------------------------------------------


def test_the_plan_page_shows_a_reached_target_computed_from_the_registry(client, central_officer):
    load_registry_demo(scale="provinces", today=D(2026, 11, 23))
    plan = make_plan(current_province(4), name="Kế hoạch OCOP Cao Bằng 2021–2025")
    services.target_add(
        actor="test",
        plan=plan,
        kind=TargetKind.PRODUCTS_STARS,
        stars=4,
        target_value=10,
        description="10 sản phẩm 4 sao đến hết 2025",
    )
    response = as_user(client, central_officer).get(
        reverse("programme:plan_detail", args=[plan.pk]), {"as_of": "2024-06-30"}
    )
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row["value"] == "13" and row["badge"] == "badge-ok"
    page = response.content.decode()
    assert '<span class="badge badge-ok">Đạt</span>' in page
    assert 'style="width: 100.0%"' in page
    assert "vượt chỉ tiêu" in page and "tính từ cơ sở dữ liệu" in page
    assert "Tiến độ thực hiện đến ngày 30/06/2024" in page


def test_a_target_without_a_value_shows_no_data(client, can_tho_officer, can_tho_plan):
    response = as_user(client, can_tho_officer).get(reverse("programme:plan_detail", args=[can_tho_plan.pk]))
    page = response.content.decode()
    assert '<span class="badge">Chưa có số liệu</span>' in page
    assert "nhập tay: chưa có số liệu" in page


def test_an_officer_enters_the_value_of_a_manual_target(client, can_tho_officer, can_tho_plan):
    target = can_tho_plan.targets.get()
    client = as_user(client, can_tho_officer)
    url = reverse("programme:target_value", args=[can_tho_plan.pk, target.pk])
    response = client.post(
        url, {f"t{target.pk}-manual_value": "70", f"t{target.pk}-manual_source": "Báo cáo số 5"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.manual_value == 70
    page = client.get(
        reverse("programme:plan_detail", args=[can_tho_plan.pk]), {"as_of": "2023-01-01"}
    ).content
    page = page.decode()
    assert "nhập tay: Báo cáo số 5" in page and "đạt 70,0% chỉ tiêu" in page


def test_a_manual_value_without_a_source_is_rejected_and_kept(client, can_tho_officer, can_tho_plan):
    target = can_tho_plan.targets.get()
    url = reverse("programme:target_value", args=[can_tho_plan.pk, target.pk])
    response = as_user(client, can_tho_officer).post(url, {f"t{target.pk}-manual_value": "7,5"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cần ghi nguồn số liệu" in page and 'value="7,5"' in page
    target.refresh_from_db()
    assert target.manual_value is None


def test_a_computed_target_offers_no_manual_value_and_refuses_one(client, can_tho_officer, can_tho_plan):
    target = services.target_add(
        actor="test",
        plan=can_tho_plan,
        kind=TargetKind.PRODUCTS_TOTAL,
        description="240 sản phẩm",
        target_value=240,
    )
    client = as_user(client, can_tho_officer)
    page = client.get(reverse("programme:plan_detail", args=[can_tho_plan.pk])).content.decode()
    assert reverse("programme:target_value", args=[can_tho_plan.pk, target.pk]) not in page
    url = reverse("programme:target_value", args=[can_tho_plan.pk, target.pk])
    data = {f"t{target.pk}-manual_value": "200", f"t{target.pk}-manual_source": "BC"}
    response = client.post(url, data, follow=True)
    assert "tính tự động từ cơ sở dữ liệu" in response.content.decode()
    target.refresh_from_db()
    assert target.manual_value is None


def test_an_officer_adds_a_target_from_the_plan_page(client, can_tho_officer, can_tho_plan):
    response = as_user(client, can_tho_officer).post(
        reverse("programme:target_add", args=[can_tho_plan.pk]),
        {
            "add-kind": "producer_type_share",
            "add-description": "Ít nhất 40% chủ thể OCOP là hợp tác xã",
            "add-target_value": "40%",
            "add-producer_type": "cooperative",
        },
    )
    assert response.status_code == 302
    target = can_tho_plan.targets.get(kind="producer_type_share")
    assert target.target_value == 40 and target.producer_type == "cooperative"


def test_a_rejected_target_keeps_what_was_typed(client, can_tho_officer, can_tho_plan):
    response = as_user(client, can_tho_officer).post(
        reverse("programme:target_add", args=[can_tho_plan.pk]),
        {"add-kind": "products_stars", "add-description": "10 sản phẩm 4 sao", "add-target_value": "10"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "cần chọn hạng sao" in page
    assert 'value="10 sản phẩm 4 sao"' in page and '<option value="products_stars" selected>' in page
    assert can_tho_plan.targets.count() == 1


def test_the_kind_select_has_vietnamese_labels_and_dependent_fields_are_marked(
    client, can_tho_officer, can_tho_plan
):
    page = (
        as_user(client, can_tho_officer).get(reverse("programme:plan_detail", args=[can_tho_plan.pk])).content
    )
    page = page.decode()
    assert "Số sản phẩm OCOP theo hạng sao (còn hiệu lực)" in page
    assert 'data-for-kinds="producer_type_share"' in page


def test_an_officer_edits_and_removes_a_target(client, can_tho_officer, can_tho_plan):
    target = can_tho_plan.targets.get()
    client = as_user(client, can_tho_officer)
    url = reverse("programme:target_edit", args=[can_tho_plan.pk, target.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"kind": "points_of_sale", "description": "12 điểm bán", "target_value": "12"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.description, target.target_value) == ("12 điểm bán", 12)
    response = client.post(reverse("programme:target_remove", args=[can_tho_plan.pk, target.pk]))
    assert response.status_code == 302 and not can_tho_plan.targets.exists()
    history = client.get(reverse("programme:plan_detail", args=[can_tho_plan.pk])).content.decode()
    assert "Bỏ chỉ tiêu" in history and "Sửa chỉ tiêu" in history  # the actions' labels, not their codes
    assert "programme.target_remove" not in history
