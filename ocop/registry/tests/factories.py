import factory

from ocop.geo.models import AdminUnit
from ocop.registry.models import Producer, ProducerType, Product
from ocop.rules.models import ProductGroup


def current_province(code):
    return AdminUnit.objects.get(scheme="current", level="province", code=code)


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"Hợp tác xã Nông nghiệp Số {n}")
    producer_type = ProducerType.COOPERATIVE
    province = factory.LazyFunction(lambda: current_province(92))
    commune = factory.LazyAttribute(
        lambda p: AdminUnit.objects.filter(scheme="current", level="commune", province=p.province).order_by(
            "code"
        )[0]
    )
    email = factory.Sequence(lambda n: f"htx{n}@example.vn")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Bánh pía Sóc Trăng loại {n}")
    producer = factory.SubFactory(ProducerFactory)
    group = factory.LazyFunction(lambda: ProductGroup.objects.get(taxonomy__code="148", code="food"))
