import datetime

import pytest
from django.utils import timezone

from ocop.certification.services import certificate_issue
from ocop.geo.models import AdminUnit
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130 Mobile Safari/537.36"
)


def issue(product, *, stars=4, number="123/QĐ-UBND", date=None, **extra):
    date = date or timezone.localdate() - datetime.timedelta(days=100)
    return certificate_issue(
        actor="test", product=product, stars=stars, decision_number=number, decision_date=date, **extra
    )


@pytest.fixture
def ca_mau(db):
    return AdminUnit.objects.get(scheme="current", level="province", code=96)


@pytest.fixture
def honey(ca_mau):
    """Mật ong rừng U Minh of a cooperative in Cà Mau, 4 stars, valid today."""
    producer = ProducerFactory(
        name="Hợp tác xã Ong mật U Minh",
        province=ca_mau,
        commune=AdminUnit.objects.filter(scheme="current", level="commune", province=ca_mau).order_by("code")[
            0
        ],
    )
    product = ProductFactory(name="Mật ong rừng U Minh", producer=producer, story="Ong khai thác tự nhiên.")
    return issue(product, stars=4, issuer_name="UBND tỉnh Cà Mau")


@pytest.fixture
def client_phone(client):
    client.defaults["HTTP_USER_AGENT"] = PHONE
    return client
