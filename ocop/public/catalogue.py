"""The public catalogue: its search rows and the search itself.

`catalogue_sync` rewrites the rows of some products (all when None) from the registry and the
certificates; signals call it after every save of a product, producer or certificate, and after
a staged import finishes. `ocop catalogue_sync` rebuilds everything (after a bulk load).

Search compares `vntext.fold` forms, so "mat ong ca mau" finds "Mật ong ... Cà Mau": every word
of the query must occur in the product's text (its name, its producer's name, its commune and
province in both schemes). Ranking puts whole words before word prefixes before substrings, in
the product's name first, then in the rest of its text; ties follow Vietnamese order. On
PostgreSQL the text has a trigram index (migration 0002), so each word is an index lookup.
"""

from collections.abc import Iterable

from django.db.models import Case, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat

from ocop.core import vntext

PLACE_FIELDS = (
    "producer__commune__name",
    "producer__province__name",
    "producer__legacy_commune__name",
    "producer__legacy_district__name",
    "producer__legacy_province__name",
)
# Words in a query beyond this are ignored (a pasted paragraph must not build a huge query).
MAX_WORDS = 6


# Copied from the product's latest certificate, so that `status_q` (certification's rule) and the
# filters apply to the catalogue row itself: a search reads one table, without joins.
CERTIFICATE_COPIES = ("stars", "valid_from", "valid_until", "notice_from", "revoked_on", "superseded_on")
# Copied from the product and its producer.
PRODUCT_COPIES = {
    "province_id": "producer__province_id",
    "group_code": "group__stats_code",
    "set_code": "product_set__code",
    "producer_type": "producer__producer_type",
}
UPDATE_FIELDS = ["certificate", "name_text", "search_text", "sort_key", *CERTIFICATE_COPIES, *PRODUCT_COPIES]


def catalogue_sync(product_ids: Iterable[int] | None = None, *, models=None) -> int:
    """Rewrite the catalogue rows of `product_ids` (every product when None). Returns rows written.
    `models` = (Product, Certificate, CatalogueEntry) lets a migration pass its historical models."""
    if models is None:
        from ocop.certification.models import Certificate
        from ocop.public.models import CatalogueEntry
        from ocop.registry.models import Product
    else:
        Product, Certificate, CatalogueEntry = models

    products = Product.objects.filter(certificates__isnull=False).distinct()
    if product_ids is not None:
        ids = list(product_ids)
        if not ids:
            return 0
        chunks = [ids[i : i + 2000] for i in range(0, len(ids), 2000)]
    else:
        chunks = [None]
    written = 0
    for chunk in chunks:
        rows = products if chunk is None else products.filter(pk__in=chunk)
        latest = {}
        certificates = Certificate.objects.order_by("product_id", "decision_date", "id")
        if chunk is not None:
            certificates = certificates.filter(product_id__in=chunk)
        for row in certificates.values("product_id", "id", *CERTIFICATE_COPIES).iterator(chunk_size=5000):
            latest[row["product_id"]] = row  # the last by decision date wins
        batch = []
        fields = ("id", "name", "sort_key", "producer__name", *PLACE_FIELDS, *PRODUCT_COPIES.values())
        for row in rows.order_by().values(*fields).iterator(chunk_size=5000):
            name = vntext.fold(row["name"])
            parts = [name, vntext.fold(row["producer__name"])]
            parts += [vntext.fold(row[field]) for field in PLACE_FIELDS if row[field]]
            certificate = latest.get(row["id"], {})
            batch.append(
                CatalogueEntry(
                    product_id=row["id"],
                    certificate_id=certificate.get("id"),
                    name_text=name,
                    search_text=" ".join(dict.fromkeys(p for p in parts if p)),
                    sort_key=row["sort_key"],
                    **{field: certificate.get(field) for field in CERTIFICATE_COPIES},
                    **{
                        field: row[source] or ""
                        for field, source in PRODUCT_COPIES.items()
                        if field != "province_id"
                    },
                    province_id=row["producer__province_id"],
                )
            )
            if len(batch) >= 2000:
                written += _upsert(CatalogueEntry, batch)
                batch = []
        written += _upsert(CatalogueEntry, batch)
        if chunk is not None:
            # A product whose certificates were all deleted leaves the catalogue.
            CatalogueEntry.objects.filter(product_id__in=chunk).exclude(product_id__in=latest).delete()
    return written


def _upsert(model, batch) -> int:
    if batch:
        model.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["product"], update_fields=UPDATE_FIELDS
        )
    return len(batch)


def on_saved(sender, instance, **kwargs) -> None:
    """Signal receiver: keep the rows of whatever was just saved in step."""
    label = sender._meta.label
    if label == "registry.Product":
        catalogue_sync([instance.pk])
    elif label == "registry.Producer":
        catalogue_sync(instance.products.values_list("pk", flat=True))
    elif label == "certification.Certificate":
        catalogue_sync([instance.product_id])
    elif label == "imports.ImportBatch" and instance.state == "imported":
        from ocop.registry.models import Product

        catalogue_sync(
            Product.objects.filter(updated_at__gte=instance.created_at).values_list("pk", flat=True)
        )


def on_certificates_recorded(sender, product_ids, **kwargs) -> None:
    catalogue_sync(product_ids)


def query_words(text: str) -> list[str]:
    return vntext.fold(text).split()[:MAX_WORDS]


def search_q(words: list[str], prefix: str = "") -> Q:
    """Every word occurs in the entry's text."""
    q = Q()
    for word in words:
        q &= Q(**{f"{prefix}search_text__contains": word})
    return q


def relevance(words: list[str], prefix: str = ""):
    """Lower is better: per word 0 whole word in the name, 1 word prefix in the name, 2 substring
    in the name, 3 whole word elsewhere, 4 word prefix elsewhere, 5 substring elsewhere."""
    name = Concat(Value(" "), F(f"{prefix}name_text"), Value(" "), output_field=TextField())
    text = Concat(Value(" "), F(f"{prefix}search_text"), Value(" "), output_field=TextField())
    total = None
    for word in words:
        rank = Case(
            When(Q(pad_name__contains=f" {word} "), then=Value(0)),
            When(Q(pad_name__contains=f" {word}"), then=Value(1)),
            When(Q(**{f"{prefix}name_text__contains": word}), then=Value(2)),
            When(Q(pad_text__contains=f" {word} "), then=Value(3)),
            When(Q(pad_text__contains=f" {word}"), then=Value(4)),
            default=Value(5),
            output_field=IntegerField(),
        )
        total = rank if total is None else total + rank
    return {"pad_name": name, "pad_text": text}, total
