"""What the public site may show: a product's running channels and the open points of sale."""

import datetime

import pytest

from ocop.activities import services
from ocop.activities.selectors import channels_for_product, public_points_of_sale
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_product_shows_its_own_and_its_producers_running_channels(can_tho):
    producer = ProducerFactory()
    tea, rice = ProductFactory(producer=producer, name="Trà"), ProductFactory(producer=producer, name="Gạo")
    shop = services.channel_create(actor="t", producer=producer, kind="ecommerce", platform="shopee")
    tea_listing = services.channel_create(
        actor="t", producer=producer, product=tea, kind="ecommerce", platform="tiki"
    )
    services.channel_create(actor="t", producer=producer, product=rice, kind="ecommerce", platform="voso")
    services.channel_create(
        actor="t",
        producer=producer,
        product=tea,
        kind="modern_retail",
        retailer="WinMart",
        ended_on=D(2020, 1, 1),
        started_on=D(2019, 1, 1),
    )
    assert set(channels_for_product(tea, on=D(2025, 1, 1))) == {shop, tea_listing}


def test_only_open_points_of_sale_are_public(can_tho):
    open_point = services.point_of_sale_create(
        actor="t", province=can_tho, name="Điểm A", opened_on=D(2023, 1, 1)
    )
    services.point_of_sale_create(
        actor="t",
        province=can_tho,
        name="Điểm B",
        status="closed",
        opened_on=D(2020, 1, 1),
        closed_on=D(2022, 1, 1),
    )
    services.point_of_sale_create(actor="t", province=can_tho, name="Điểm C", status="planned")
    assert list(public_points_of_sale(on=D(2025, 1, 1))) == [open_point]
    assert open_point.legacy_province is None or open_point.legacy_province.scheme == "legacy"
