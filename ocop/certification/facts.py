"""The columns a certificate copies from its product and producer for statistics.

`sync_facts` rewrites them from the source rows in one set-based UPDATE; it runs after every
creation (service, import, demo) and, through signals, after every save of a product or producer,
so the copies never drift. Registry does not know about it: certification listens to registry.
"""

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from ocop.core.bulk import ids_q

FACT_FIELDS = ("producer", "producer_type", "group_code", "set_code", "province", "legacy_province")


def sync_facts(product_ids: Iterable[int] | None = None, *, models=None) -> int:
    """Rewrite the copied columns of the certificates of `product_ids` (all when None).
    `models` = (Certificate, Product) lets a migration pass its historical models."""
    if models is None:
        from ocop.certification.models import Certificate
        from ocop.registry.models import Product
    else:
        Certificate, Product = models
    if product_ids is not None:
        ids = list(product_ids)
        # Chunks keep the statement under SQLite's limit on bound parameters.
        return sum(_update(Certificate, Product, ids[i : i + 5000]) for i in range(0, len(ids), 5000))
    return _update(Certificate, Product, None)


def _update(Certificate, Product, ids) -> int:
    product = Product.objects.filter(pk=OuterRef("product_id"))
    certificates = (
        Certificate.objects.all() if ids is None else Certificate.objects.filter(ids_q("product_id", ids))
    )
    return certificates.update(
        producer_id=Subquery(product.values("producer_id")[:1]),
        producer_type=Subquery(product.values("producer__producer_type")[:1]),
        group_code=Subquery(product.values("group__stats_code")[:1]),
        set_code=Coalesce(Subquery(product.values("product_set__code")[:1]), Value("")),
        province_id=Subquery(product.values("producer__province_id")[:1]),
        legacy_province_id=Subquery(product.values("producer__legacy_province_id")[:1]),
    )


def on_product_saved(sender, instance, **kwargs) -> None:
    sync_facts([instance.pk])


def on_producer_saved(sender, instance, **kwargs) -> None:
    sync_facts(instance.products.values_list("pk", flat=True))
