import pytest
from django.core.exceptions import ValidationError

from ocop.core.models import AuditEntry
from ocop.geo.models import AdminUnit
from ocop.registry.services import normalise_tax_code, producer_create, producer_update, product_create
from ocop.registry.tests.factories import ProducerFactory
from ocop.rules.models import ProductGroup, ProductSet

pytestmark = pytest.mark.django_db


def legacy_soc_trang_commune():
    """A legacy Sóc Trăng commune that went whole into one current commune."""
    return (
        AdminUnit.objects.filter(scheme="legacy", level="commune", province__code=94)
        .filter(successions__partial=False)
        .order_by("code")
        .first()
    )


def test_a_producer_with_a_legacy_address_is_placed_in_both_schemes():
    legacy = legacy_soc_trang_commune()
    producer = producer_create(
        actor="test", name="HTX Bánh pía Vũng Thơm", producer_type="cooperative", legacy_commune=legacy
    )
    assert producer.legacy_province.code == 94 and producer.legacy_province.scheme == "legacy"
    assert producer.legacy_district == legacy.parent
    assert producer.province.code == 92 and producer.province.scheme == "current"
    assert producer.commune == legacy.successions.get().current


def test_a_producer_with_a_current_commune_gets_its_legacy_province_when_certain(can_tho_commune):
    producer = producer_create(
        actor="test", name="Hộ kinh doanh Trần Văn Tư", producer_type="household", commune=can_tho_commune
    )
    assert producer.province.code == 92
    predecessors = {s.legacy.province_id for s in can_tho_commune.predecessions.all()}
    if len(predecessors) == 1:
        assert producer.legacy_province_id == predecessors.pop()


def test_tax_codes_are_checked_with_their_check_digit():
    assert normalise_tax_code("0100233488") == "0100233488"
    assert normalise_tax_code("0100233488-001") == "0100233488001"
    with pytest.raises(ValidationError, match="không hợp lệ"):
        normalise_tax_code("0100233481")


def test_a_producer_needs_a_place(can_tho):
    with pytest.raises(ValidationError) as error:
        producer_create(actor="test", name="HTX Không Địa Chỉ", producer_type="cooperative")
    assert "province" in error.value.message_dict


def test_only_enterprises_are_smes(can_tho):
    with pytest.raises(ValidationError) as error:
        producer_create(
            actor="test", name="HTX A", producer_type="cooperative", is_sme=True, province=can_tho
        )
    assert "is_sme" in error.value.message_dict


def test_a_likely_duplicate_is_refused_with_the_existing_name_unless_forced(can_tho_commune):
    existing = ProducerFactory(
        name="Hợp tác xã Mỹ Xuyên", commune=can_tho_commune, province=can_tho_commune.province
    )
    with pytest.raises(ValidationError) as error:
        producer_create(
            actor="test", name="HOP TAC XA MY XUYEN", producer_type="cooperative", commune=can_tho_commune
        )
    assert existing.name in str(error.value)
    forced = producer_create(
        actor="test",
        name="HOP TAC XA MY XUYEN",
        producer_type="cooperative",
        commune=can_tho_commune,
        allow_duplicate=True,
    )
    assert forced.pk != existing.pk


def test_same_tax_code_is_a_duplicate_anywhere(can_tho, tay_ninh):
    ProducerFactory(name="Công ty TNHH A", tax_code="0100233488", province=can_tho)
    with pytest.raises(ValidationError, match="trùng mã số thuế"):
        producer_create(
            actor="test",
            name="Công ty B",
            producer_type="enterprise",
            tax_code="0100233488",
            province=tay_ninh,
        )


def test_updates_are_audited_with_what_changed():
    producer = ProducerFactory(name="HTX Cũ")
    producer_update(actor="test", producer=producer, name="HTX Mới")
    entry = AuditEntry.objects.for_object(producer).get(action="registry.producer_update")
    assert entry.details["name"] == "HTX Cũ → HTX Mới"


def test_a_product_set_must_belong_to_the_products_group():
    producer = ProducerFactory()
    food = ProductGroup.objects.get(taxonomy__code="148", code="food")
    liquor = ProductSet.objects.get(group__taxonomy__code="148", code="white_liquor")
    with pytest.raises(ValidationError) as error:
        product_create(actor="test", name="Rượu", producer=producer, group=food, product_set=liquor)
    assert "product_set" in error.value.message_dict


def test_a_producer_cannot_have_two_products_with_the_same_name():
    producer = ProducerFactory()
    food = ProductGroup.objects.get(taxonomy__code="148", code="food")
    product_create(actor="test", name="Bánh pía", producer=producer, group=food)
    with pytest.raises(ValidationError, match="cùng tên"):
        product_create(actor="test", name="BANH PIA", producer=producer, group=food)
