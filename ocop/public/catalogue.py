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
from ocop.core.bulk import ids_q, insert_rows

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
# The columns of a catalogue row, in the order `_entries` yields them.
ENTRY_FIELDS = ("product_id", "certificate_id", *CERTIFICATE_COPIES, "name_text", "search_text", "sort_key")
ENTRY_FIELDS += tuple(PRODUCT_COPIES)
CHUNK = 2000


def catalogue_sync(product_ids: Iterable[int] | None = None, *, models=None) -> int:
    """Rewrite the catalogue rows of `product_ids` (every product when None). Returns rows written.
    `models` = (Product, Certificate, CatalogueEntry) lets a migration pass its historical models.
    Rows go out as plain values, a chunk of products at a time, so an import of 20,000 products
    builds no model instance and holds one chunk in memory."""
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
        chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    else:
        chunks = [None]
    written = 0
    folded: dict[str, str] = {}  # the same places and producers come back on many rows

    def fold(text) -> str:
        if text not in folded:
            folded[text] = vntext.fold(text)
        return folded[text]

    for chunk in chunks:
        rows = products if chunk is None else products.filter(ids_q("pk", chunk))
        latest = {}
        certificates = Certificate.objects.order_by("product_id", "decision_date", "id")
        if chunk is not None:
            certificates = certificates.filter(ids_q("product_id", chunk))
        fields = ("product_id", "id", *CERTIFICATE_COPIES)
        for row in certificates.values_list(*fields).iterator(chunk_size=5000):
            latest[row[0]] = row[1:]  # the last by decision date wins
        written += insert_rows(CatalogueEntry, ENTRY_FIELDS, _entries(rows, latest, fold), upsert=True)
        gone = set(chunk or ()) - latest.keys()
        if gone:
            # A product whose certificates were all deleted leaves the catalogue.
            CatalogueEntry.objects.filter(product_id__in=gone).delete()
        if len(folded) > 50_000:
            folded.clear()
    return written


def _entries(products, latest: dict, fold_place):
    """The catalogue row of each product (ENTRY_FIELDS' order), from its latest certificate."""
    none = (None,) * (1 + len(CERTIFICATE_COPIES))
    # The products' and producers' search_name are their names folded (`fill_derived`).
    fields = (
        "id",
        "search_name",
        "sort_key",
        "producer__search_name",
        *PLACE_FIELDS,
        *PRODUCT_COPIES.values(),
    )
    for row in products.order_by().values_list(*fields).iterator(chunk_size=5000):
        pk, name_text, sort_key, producer = row[:4]
        places = row[4 : 4 + len(PLACE_FIELDS)]
        province_id, group_code, set_code, producer_type = row[4 + len(PLACE_FIELDS) :]
        parts = [name_text, producer]
        parts += [fold_place(place) for place in places if place]
        yield (
            pk,
            *latest.get(pk, none),
            name_text,
            " ".join(dict.fromkeys(p for p in parts if p)),
            sort_key,
            province_id,
            group_code or "",
            set_code or "",
            producer_type or "",
        )


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
