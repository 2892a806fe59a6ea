import datetime
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocop.certification.models import Certificate, Kind
from ocop.certification.recognitions import certificate_problems
from ocop.certification.services import certificate_issue
from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit
from ocop.imports import imports
from ocop.imports.tests.import_helpers import HEADERS, product_row, tax_code, write_csv, write_xlsx
from ocop.registry.models import Producer, ProducerType, Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes(can_tho):
    """Current communes of Cần Thơ whose names are unique in the province."""
    units = list(
        AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho).order_by("code")
    )
    counts = Counter(u.name for u in units)
    return [u for u in units if counts[u.name] == 1]


def validate(path, **kwargs):
    return imports.validate_file(path, kind=imports.PRODUCTS, **kwargs)


def run(path, keep_valid=False, **kwargs):
    return imports.import_file(path, kind=imports.PRODUCTS, actor="test", keep_valid=keep_valid, **kwargs)


def problems_of(plan):
    return {(p.row, p.column) for p in plan.errors}


def one_problem(tmp_path, communes, **values):
    row = product_row(**{"Xã/Phường": communes[0].name, **values})
    plan = validate(write_xlsx(tmp_path / "list.xlsx", [row]))
    assert plan.rows_rejected == 1, [p.describe() for p in plan.errors]
    return plan.errors


# ------------------------------------------------------------------------------------------
# The acceptance test

PLANTED = [
    ("Tên sản phẩm", ""),
    ("Nhóm sản phẩm", "Đồ gia dụng"),
    ("Bộ sản phẩm", "Rượu trắng"),
    ("Loại hình chủ thể", "Hiệp hội"),
    ("Mã số thuế", "0300000001"),
    ("Xã/Phường", "Xã Không Có Thật"),
    ("Tỉnh/Thành phố", "Tây Ninh"),  # the commune is in Cần Thơ
    ("Số sao", "7"),
    ("Số sao", "bốn"),
    ("Điểm", "65"),
    ("Điểm", "150"),
    ("Ngày quyết định", "31/02/2025"),
    ("Ngày quyết định", "01/01/2099"),
    ("Ngày hết hạn", "01/01/2025"),
    ("duplicate", None),
]


def generated_list(communes, count=500, errors=True):
    rows, planted = [], set()
    for n in range(count):
        commune = communes[n % len(communes)]
        rows.append(
            product_row(
                **{
                    "Tên sản phẩm": f"Sản phẩm thử số {n}",
                    "Tên chủ thể": f"Hợp tác xã Thử Nghiệm {n // 3}",
                    "Loại hình chủ thể": ["HTX", "Doanh nghiệp", "Hộ kinh doanh", "THT"][(n // 3) % 4],
                    "Mã số thuế": tax_code(n // 3) if n % 2 == 0 else "",
                    "Xã/Phường": communes[(n // 3) % len(communes)].name,
                    "Số sao": 3 + n % 3,
                    "Điểm": [55, 75.5, "92,5"][n % 3],
                    "Số quyết định": f"{100 + n % 40}/QĐ-UBND",
                    "Ngày quyết định": f"{1 + n % 28:02d}/{8 + n % 4:02d}/2025",
                }
            )
        )
        del commune
    if errors:
        for k in range(30):
            index = 10 + k * 16
            column, value = PLANTED[k % len(PLANTED)]
            if column == "duplicate":
                rows[index] = dict(rows[index - 1])  # same product, same decision, one row later
            else:
                rows[index][column] = value
            planted.add(index + 2)  # header on row 1, first data row is row 2
    return rows, planted


def test_a_500_row_list_with_30_planted_errors_reports_exactly_those_rows_and_writes_nothing(
    tmp_path, communes
):
    rows, planted = generated_list(communes)
    plan, counts = run(write_xlsx(tmp_path / "list.xlsx", rows, stt=False))

    assert {p.row for p in plan.errors} == planted
    assert counts["rows_rejected"] == 30
    assert counts["written"] is False
    assert not Product.objects.exists() and not Producer.objects.exists() and not Certificate.objects.exists()


def test_the_corrected_list_imports_and_importing_it_again_changes_nothing(tmp_path, communes):
    rows, _ = generated_list(communes, errors=False)
    path = write_xlsx(tmp_path / "list.xlsx", rows, stt=False)

    plan, counts = run(path)
    assert plan.errors == []
    assert counts["products_created"] == 500 and counts["certificates_created"] == 500
    assert counts["producers_created"] == Producer.objects.count() == 167
    assert Certificate.objects.count() == 500

    _, again = run(path)
    assert again["producers_created"] == again["products_created"] == again["certificates_created"] == 0
    assert again["producers_matched"] == 167 and again["products_matched"] == 500
    assert again["certificates_unchanged"] == 500
    assert Certificate.objects.count() == 500 and Product.objects.count() == 500


def test_an_imported_certificate_follows_the_rules_of_its_regime(tmp_path, communes):
    rows = [
        product_row(
            **{
                "Xã/Phường": communes[0].name,
                "Ngày quyết định": "10/01/2023",
                "Số quyết định": "1/QĐ",
                "Tỉnh/Thành phố": "Cần Thơ",
                "Số sao": 3,
            }
        ),
        product_row(
            **{"Xã/Phường": communes[0].name, "Ngày quyết định": "10/01/2026", "Số quyết định": "2/QĐ"}
        ),
    ]
    run(write_xlsx(tmp_path / "list.xlsx", rows))
    old, new = Certificate.objects.order_by("decision_date")
    assert old.regime.code == "1048-2019" and old.valid_until == datetime.date(2026, 1, 10)
    assert old.kind == Kind.NEW and new.kind == Kind.UPGRADED
    assert old.superseded_by == new and old.superseded_on == new.decision_date
    assert new.issuer_level == "province"
    assert AuditEntry.objects.filter(action="imports.import_products").count() == 1


def test_a_2023_soc_trang_product_with_its_legacy_address_appears_under_can_tho_and_legacy_soc_trang(
    tmp_path,
):
    row = product_row(
        **{
            "Tên sản phẩm": "Bánh pía Tân Huê Viên",
            "Tên chủ thể": "Công ty TNHH Tân Huê Viên",
            "Loại hình chủ thể": "Công ty TNHH",
            "Xã/Phường": "Xã An Hiệp",
            "Huyện": "Huyện Châu Thành",
            "Tỉnh/Thành phố": "Sóc Trăng",
            "Ngày quyết định": datetime.datetime(2023, 5, 12),
            "Số sao": 3,
        }
    )
    plan, counts = run(write_xlsx(tmp_path / "list.xlsx", [row]))

    assert plan.errors == [] and counts["products_created"] == 1
    producer = Producer.objects.get()
    assert producer.producer_type == ProducerType.ENTERPRISE
    assert (producer.province.scheme, producer.province.code) == ("current", 92)
    assert (producer.legacy_province.scheme, producer.legacy_province.code) == ("legacy", 94)
    assert producer.legacy_district.name == "Huyện Châu Thành"
    assert producer.legacy_commune.name == "Xã An Hiệp"
    assert producer.commune is not None and producer.commune.province_id == producer.province_id
    assert Certificate.objects.get().issuer_level == "district"  # under QĐ 148, 3★ was certified by districts


def test_a_split_legacy_commune_is_a_warning_when_the_current_province_is_certain(tmp_path):
    # Xã Thái Trị (Long An) went partly to Xã Vĩnh Hưng and partly to Xã Khánh Hưng, both in Tây Ninh.
    row = product_row(
        **{
            "Xã/Phường": "Xã Thái Trị",
            "Huyện": "Huyện Vĩnh Hưng",
            "Tỉnh/Thành phố": "Long An",
            "Ngày quyết định": "01/03/2024",
        }
    )
    plan, counts = run(write_xlsx(tmp_path / "list.xlsx", [row]))
    assert plan.errors == [] and counts["written"]
    assert [w.column for w in plan.warnings] == ["Xã/Phường"]
    producer = Producer.objects.get()
    assert producer.commune is None
    assert (producer.province.code, producer.legacy_province.code) == (80, 80)
    assert producer.legacy_commune.name == "Xã Thái Trị"


def test_headers_are_matched_folded_and_english_aliases_and_forgiving_values_are_read(tmp_path, communes):
    headers = [
        "  ten SAN pham ",
        "Product group",
        "Producer",
        "loai hinh chu the",
        "xa / phuong",
        "PROVINCE",
        "so sao",
        "diem",
        "Decision number",
        "ngay quyet dinh",
        "hinh thuc",
        "Ghi chú nội bộ",
    ]
    row = dict(
        zip(
            headers,
            [
                "Mật ong U Minh",
                "food",
                "Hộ Nguyễn Văn Ba",
                "ho san xuat",
                communes[1].name,
                "can tho",
                "4★",
                "85,5",
                "9/QĐ",
                "5/9/2025",
                "Cong nhan lai",
                "x",
            ],
            strict=True,
        )
    )
    plan, counts = run(write_xlsx(tmp_path / "list.xlsx", [row], headers=headers))

    assert plan.errors == [], [p.describe() for p in plan.errors]
    assert plan.unknown_columns == ["Ghi chú nội bộ"]
    certificate = Certificate.objects.get()
    assert certificate.stars == 4 and float(certificate.score) == 85.5 and certificate.kind == Kind.RENEWED
    assert certificate.decision_date == datetime.date(2025, 9, 5)
    assert Producer.objects.get().producer_type == ProducerType.HOUSEHOLD


def test_a_csv_with_semicolons_imports_like_the_xlsx(tmp_path, communes):
    row = product_row(**{"Xã/Phường": communes[0].name, "Ngày quyết định": "2025-08-15", "Số sao": "4 sao"})
    plan, counts = run(write_csv(tmp_path / "list.csv", [row], delimiter=";"))
    assert plan.errors == [] and counts["certificates_created"] == 1


def test_two_products_of_one_producer_share_the_producer(tmp_path, communes):
    rows = [
        product_row(**{"Xã/Phường": communes[0].name, "Tên sản phẩm": "Gạo ST25"}),
        product_row(
            **{
                "Xã/Phường": communes[0].name,
                "Tên sản phẩm": "Gạo ST24",
                "Tên chủ thể": "HOP TAC XA NONG NGHIEP TAN LAP",
            }
        ),
    ]
    _, counts = run(write_xlsx(tmp_path / "list.xlsx", rows))
    assert counts["producers_created"] == 1 and counts["products_created"] == 2


def test_keep_valid_imports_the_valid_rows_only(tmp_path, communes):
    rows = [
        product_row(**{"Xã/Phường": communes[0].name, "Tên sản phẩm": "Gạo ST25"}),
        product_row(**{"Xã/Phường": communes[0].name, "Tên sản phẩm": "Gạo ST24", "Số sao": 9}),
    ]
    plan, counts = run(write_xlsx(tmp_path / "list.xlsx", rows), keep_valid=True)
    assert counts["written"] and counts["rows_rejected"] == 1 and counts["certificates_created"] == 1
    assert list(Product.objects.values_list("name", flat=True)) == ["Gạo ST25"]


# ------------------------------------------------------------------------------------------
# Each kind of error


def test_a_missing_required_column_is_reported_and_nothing_is_read(tmp_path, communes):
    headers = [h for h in HEADERS if h != "Số sao"]
    with pytest.raises(imports.FileProblem) as problem:
        validate(write_xlsx(tmp_path / "list.xlsx", [product_row()], headers=headers))
    assert [p.message for p in problem.value.problems] == [
        "Thiếu cột bắt buộc “Số sao” ở dòng tiêu đề (dòng 1)."
    ]


def test_an_empty_required_cell_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Tên chủ thể": ""})
    assert (error.row, error.column, error.message) == (2, "Tên chủ thể", "Thiếu tên chủ thể.")


def test_an_unknown_product_group_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Nhóm sản phẩm": "Máy móc"})
    assert error.column == "Nhóm sản phẩm" and error.value == "Máy móc"


def test_a_product_set_outside_its_group_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Bộ sản phẩm": "Rượu trắng"})
    assert error.column == "Bộ sản phẩm" and "không thuộc nhóm" in error.message


def test_an_unknown_producer_type_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Loại hình chủ thể": "Hội nông dân"})
    assert error.column == "Loại hình chủ thể"


def test_a_tax_code_with_a_wrong_check_digit_is_an_error(tmp_path, communes):
    good = tax_code(7)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    (error,) = one_problem(tmp_path, communes, **{"Mã số thuế": bad})
    assert error.column == "Mã số thuế" and "chữ số kiểm tra" in error.message


def test_an_unknown_place_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Xã/Phường": "Xã Hoàn Toàn Không Có"})
    assert error.column == "Xã/Phường" and error.message.startswith("Không tìm thấy")


def test_an_unknown_province_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Tỉnh/Thành phố": "Tỉnh Atlantis"})
    assert error.column == "Tỉnh/Thành phố"


def test_a_commune_outside_the_given_province_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Tỉnh/Thành phố": "Cao Bằng"})
    assert error.column == "Xã/Phường" and "không thuộc" in error.message


@pytest.mark.parametrize("stars", ["7", "2", "bốn", "3.5"])
def test_stars_must_be_a_whole_number_from_3_to_5(tmp_path, communes, stars):
    (error,) = one_problem(tmp_path, communes, **{"Số sao": stars})
    assert error.column == "Số sao"


def test_the_readable_message_names_row_column_and_value(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Số sao": "7"})
    assert error.describe() == "Dòng 2, cột 'Số sao': '7' — Số sao phải từ 3 đến 5"


def test_a_score_out_of_range_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Điểm": "100,5"})
    assert error.column == "Điểm"


def test_a_score_inconsistent_with_the_stars_under_the_regime_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Điểm": 65, "Số sao": 4})
    assert error.column == "Điểm" and "từ 70 đến dưới 90" in error.message


@pytest.mark.parametrize("value", ["31/02/2025", "hôm qua", "2025/13/01"])
def test_an_invalid_date_is_an_error(tmp_path, communes, value):
    (error,) = one_problem(tmp_path, communes, **{"Ngày quyết định": value})
    assert error.column == "Ngày quyết định"


def test_a_decision_date_in_the_future_is_an_error(tmp_path, communes):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    (error,) = one_problem(tmp_path, communes, **{"Ngày quyết định": f"{tomorrow:%d/%m/%Y}"})
    assert error.message == "Ngày quyết định không được sau ngày hôm nay."


def test_an_expiry_date_before_the_decision_date_is_an_error(tmp_path, communes):
    (error,) = one_problem(tmp_path, communes, **{"Ngày hết hạn": "01/08/2025"})
    assert error.column == "Ngày hết hạn"


def test_the_same_product_and_decision_twice_in_the_file_flags_the_second(tmp_path, communes):
    row = product_row(**{"Xã/Phường": communes[0].name})
    plan = validate(write_xlsx(tmp_path / "list.xlsx", [row, dict(row)]))
    assert problems_of(plan) == {(3, "Số quyết định")}
    assert "dòng 2" in plan.errors[0].message


def test_a_decision_already_recorded_with_other_stars_is_an_error(tmp_path, communes):
    path = write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Xã/Phường": communes[0].name})])
    run(path)
    changed = write_xlsx(
        tmp_path / "changed.xlsx", [product_row(**{"Xã/Phường": communes[0].name, "Số sao": 5})]
    )
    plan = validate(changed)
    assert problems_of(plan) == {(2, "Số sao")}
    assert "đã được ghi nhận với 4 sao" in plan.errors[0].message


def test_a_certificate_issued_through_the_service_is_matched_by_the_import(tmp_path, communes):
    path = write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Xã/Phường": communes[0].name})])
    run(path)
    product = Product.objects.get()
    certificate_issue(
        actor="test",
        product=product,
        stars=5,
        decision_number="77/QĐ",
        decision_date=datetime.date(2026, 2, 1),
    )
    _, counts = run(path)
    assert counts["certificates_unchanged"] == 1 and counts["certificates_created"] == 0


def test_rows_outside_the_users_scope_are_errors(tmp_path, communes, tay_ninh_officer):
    from ocop.accounts import capabilities as caps
    from ocop.accounts.permissions import scope_for

    path = write_xlsx(tmp_path / "list.xlsx", [product_row(**{"Xã/Phường": communes[0].name})])
    plan = validate(path, scope=scope_for(tay_ninh_officer, caps.EDIT_REGISTRY))
    (error,) = plan.errors
    assert error.message == "Tỉnh Thành phố Cần Thơ ngoài phạm vi quản lý của bạn."


# ------------------------------------------------------------------------------------------
# Producer lists

PRODUCER_HEADERS = [c.label for c in imports.PRODUCER_COLUMNS]


def test_a_producer_list_imports_and_reports_duplicates_as_warnings(tmp_path, communes):
    existing = Producer.objects.create(
        name="HTX Rau sạch Phong Điền",
        producer_type="cooperative",
        province=communes[0].province,
        commune=communes[0],
        tax_code=tax_code(1),
    )
    rows = [
        {
            "Tên chủ thể": "Công ty TNHH Mắm Ba Lý",
            "Loại hình chủ thể": "Công ty TNHH",
            "Mã số thuế": tax_code(2),
            "Xã/Phường": communes[1].name,
            "Tỉnh/Thành phố": "Cần Thơ",
            "Doanh nghiệp nhỏ và vừa": "x",
            "Phụ nữ làm chủ": "có",
            "Email": "mam@example.vn",
        },
        {
            "Tên chủ thể": "HTX Rau Sạch Phong Điền",
            "Loại hình chủ thể": "HTX",
            "Mã số thuế": tax_code(1),
            "Tỉnh/Thành phố": "Cần Thơ",
        },
        {
            "Tên chủ thể": "Hộ Lê Thị Tư",
            "Loại hình chủ thể": "Hộ kinh doanh",
            "Tỉnh/Thành phố": "Cần Thơ",
            "Doanh nghiệp nhỏ và vừa": "x",
        },
    ]
    path = write_xlsx(tmp_path / "producers.xlsx", rows, headers=PRODUCER_HEADERS)
    plan, counts = imports.import_file(path, kind=imports.PRODUCERS, actor="test", keep_valid=True)

    assert problems_of(plan) == {(4, "Doanh nghiệp nhỏ và vừa")}
    assert [(w.row, w.column) for w in plan.warnings] == [(3, "Tên chủ thể")]
    assert counts["producers_created"] == 1 and counts["producers_matched"] == 1
    created = Producer.objects.exclude(pk=existing.pk).get()
    assert created.is_sme and created.women_led and not created.ethnic_minority_led
    assert created.commune == communes[1]


# --- Whatever the import writes, certification's validator accepts ------------------------------

import_row_st = st.fixed_dictionaries(
    {
        "product": st.sampled_from(["Gạo thơm ST25", "Mật ong hoa nhãn"]),
        "stars": st.integers(2, 5),
        "score": st.one_of(st.just(""), st.decimals(40, 99, places=1)),
        "date": st.dates(datetime.date(2019, 1, 1), datetime.date(2026, 6, 30)),
        "kind": st.sampled_from(["", "", "Công nhận mới", "Công nhận lại", "Nâng hạng"]),
    }
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(import_row_st, min_size=1, max_size=6))
def test_whatever_the_import_writes_the_validator_accepts(tmp_path, items):
    rows = [
        product_row(
            **{
                "Tên sản phẩm": item["product"],
                "Số sao": item["stars"],
                "Điểm": str(item["score"]).replace(".", ","),
                "Số quyết định": f"{n}/QĐ-UBND",
                "Ngày quyết định": f"{item['date']:%d/%m/%Y}",
                "Hình thức": item["kind"],
            }
        )
        for n, item in enumerate(items)
    ]
    with transaction.atomic():
        plan, counts = run(write_xlsx(tmp_path / "list.xlsx", rows), keep_valid=True)
        written = list(Certificate.objects.all())
        assert len(written) == len(plan.valid_rows)
        for certificate in written:
            assert certificate_problems(certificate) == [], certificate
        transaction.set_rollback(True)
