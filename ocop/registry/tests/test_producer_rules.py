"""One rule says when two records are one producer, one rule who may be an SME: the producer form's
service and the list import give the same answers."""

import pytest

from ocop.core import vntext
from ocop.geo.models import AdminUnit
from ocop.imports.imports import ProducerIndex
from ocop.registry.models import ProducerType
from ocop.registry.producer_rules import SME_ONLY_ENTERPRISES, ProducerKey, same_producer, sme_problem
from ocop.registry.services import producer_duplicates
from ocop.registry.tests.factories import ProducerFactory

TAX_A, TAX_B = "0100109106", "0101248141"


def key(tax="", name="htx tan lap", commune=1, province=10):
    return ProducerKey(tax, name, commune, province)


@pytest.mark.parametrize(
    "new, old, same",
    [
        (key(tax=TAX_A), key(tax=TAX_A, name="other", commune=2), True),
        (key(tax=TAX_A), key(tax=TAX_B), False),  # two tax codes: two producers, same name or not
        (key(tax=TAX_A), key(), True),  # same name and commune, the old one without a tax code
        (key(), key(), True),
        (key(), key(commune=2), False),  # same name, another commune
        (key(commune=None), key(commune=2), True),  # a commune unknown: same name in the province
        (key(), key(commune=None), True),
        (key(commune=None), key(commune=None, province=11), False),
        (key(name="htx khac"), key(), False),
    ],
)
def test_two_records_are_one_producer_by_one_rule(new, old, same):
    assert bool(same_producer(new, old)) is same


def test_only_an_enterprise_may_be_an_sme():
    assert sme_problem(producer_type=ProducerType.ENTERPRISE, is_sme=True) is None
    assert sme_problem(producer_type=ProducerType.COOPERATIVE, is_sme=True) == SME_ONLY_ENTERPRISES
    assert sme_problem(producer_type=ProducerType.COOPERATIVE, is_sme=False) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "existing, new",
    [
        ({"tax_code": TAX_A}, {"tax_code": TAX_A, "name": "Tên khác"}),
        ({"tax_code": TAX_A}, {"tax_code": TAX_B}),
        ({}, {"tax_code": TAX_A}),
        ({}, {}),
        ({}, {"commune": "second"}),
        ({}, {"commune": None}),
        ({"commune": None}, {}),
        ({}, {"name": "HỢP TÁC XÃ NÔNG NGHIỆP TÂN LẬP"}),
        ({}, {"name": "Hợp tác xã khác"}),
    ],
)
def test_the_producer_form_and_the_import_agree_on_what_is_a_duplicate(can_tho, existing, new):
    communes = list(
        AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho).order_by("code")[:2]
    )
    place = {"first": communes[0], "second": communes[1], None: None}
    base = {"name": "Hợp tác xã Nông nghiệp Tân Lập", "tax_code": "", "commune": "first"}
    old = {**base, **existing}
    ProducerFactory(
        name=old["name"], tax_code=old["tax_code"], province=can_tho, commune=place[old["commune"]]
    )
    wanted = {**base, **new}
    commune = place[wanted["commune"]]

    form_says = producer_duplicates(
        name=wanted["name"], tax_code=wanted["tax_code"], commune=commune, province=can_tho
    )
    import_says = ProducerIndex.from_database().find(
        wanted["tax_code"],
        vntext.fold(wanted["name"]),
        commune and commune.pk,
        can_tho.pk,
    )
    assert bool(form_says) == (import_says is not None)
