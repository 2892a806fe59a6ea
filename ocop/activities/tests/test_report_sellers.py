"""The report's e-commerce sentence without the demo: producers of the same name are told apart."""

import datetime

import pytest

from ocop.reporting.narrative import build_report
from ocop.reporting.places import place_from_text

D = datetime.date
pytestmark = pytest.mark.django_db


def test_sellers_of_the_same_name_are_told_apart_by_their_commune(can_tho):
    from django.utils import timezone

    from ocop.activities import services
    from ocop.certification.services import certificate_issue
    from ocop.geo.models import AdminUnit
    from ocop.registry.tests.factories import ProducerFactory, ProductFactory

    today = timezone.localdate()
    communes = AdminUnit.objects.filter(scheme="current", level="commune", province=can_tho).order_by("code")[
        :2
    ]
    for number, commune in enumerate([*communes, communes[0]]):
        name = "Cơ sở sản xuất Bình An" if number < 2 else "HTX Tân Phú"
        producer = ProducerFactory(province=can_tho, commune=commune, name=name)
        product = ProductFactory(producer=producer, name=f"Bánh tráng {number}")
        certificate_issue(
            actor="t",
            product=product,
            stars=3,
            decision_number=f"{number}/QĐ",
            decision_date=today - datetime.timedelta(days=200),
        )
        services.channel_create(
            actor="t", producer=producer, product=product, kind="ecommerce", platform="shopee"
        )
    report = build_report(place_from_text("Cần Thơ", "current"), date_from=D(today.year, 1, 1), date_to=today)
    first, second = (c.name[0].lower() + c.name[1:] for c in communes)
    assert (
        "Các chủ thể tham gia giao thương trên các sàn thương mại điện tử Shopee "
        "gồm các sản phẩm đạt OCOP của "
        f"Cơ sở sản xuất Bình An, {first} (Bánh tráng 0), Cơ sở sản xuất Bình An, {second} (Bánh tráng 1), "
        "HTX Tân Phú (Bánh tráng 2)."
    ) in report.paragraphs
