"""The catalogue search reads a page tier after tier of the rank (and, on PostgreSQL, through the
word indexes); whatever route it takes, it must give exactly the order the ranking rule defines.
The rule is computed here in plain Python over the rows, and compared with the search on every
route: all matches ranked in one query, tier by tier, the summed-rank filter for tiers with many
rank vectors, the catch-all query after too many tiers, and (PostgreSQL) LIKE instead of the
vocabulary's word lists, tiers gathered through the GIN indexes or read in Vietnamese order, by
name word (CatalogueNameWord) or not."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ocop.geo.models import AdminUnit
from ocop.public import catalogue
from ocop.public.models import CatalogueEntry, CatalogueWord
from ocop.public.selectors import CatalogueQuery, catalogue_entries
from ocop.public.tests.conftest import issue
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db

SYLLABLES = [
    "Trà",
    "Trạch",
    "Tràng",
    "Extra",
    "Mật",
    "ong",
    "Mãng",
    "cầu",
    "Bánh",
    "Xuân",
    "An",
    "Tân",
    "Cá",
    "Mau",
]
QUERIES = [
    "tra",
    "tr",
    "an",
    "ca",
    "mau",
    "extra",
    "ong",
    "x",
    "zzz",
    "tra an",
    "ca mau",
    "mat ong ca mau",
    "tr an ca",
    "ban tra xuan ca",
    "a a n t r ong",
]


def rank(word: str, name: str, text: str) -> int | None:
    """The ranking rule (docs/public.md): whole word, word start, inside; the name first."""
    for offset, field in ((0, name), (3, text)):
        if f" {word} " in f" {field} ":
            return offset
        if f" {word}" in f" {field} ":
            return offset + 1
        if word in field:
            return offset + 2
    return None


def expected(q: str, province=None) -> list[int]:
    words = catalogue.query_words(q)
    rows = CatalogueEntry.objects.filter(pk__in=catalogue_entries(CatalogueQuery()).entries.values("pk"))
    if province is not None:
        rows = rows.filter(province=province)
    ranked = []
    for pk, name, text, sort_key in rows.values_list("pk", "name_text", "search_text", "sort_key"):
        ranks = [rank(word, name, text) for word in words]
        if None not in ranks:
            ranked.append((sum(ranks), sort_key, pk))
    return [pk for *_, pk in sorted(ranked)]


@pytest.fixture
def shelf(ca_mau, can_tho):
    """Sixty products whose names, producers and places mix the same few syllables."""
    rng = random.Random(10)
    provinces = [ca_mau, can_tho, AdminUnit.objects.get(scheme="current", level="province", code=91)]
    producers = [
        ProducerFactory(
            name=f"Hộ kinh doanh {' '.join(rng.sample(SYLLABLES, 2))}", province=provinces[index % 3]
        )
        for index in range(8)
    ]
    for index in range(60):
        name = " ".join(rng.sample(SYLLABLES, rng.randint(1, 4)))
        if index % 7 == 0:
            name = name.replace(" ", "")  # words glued together: more "inside a word"
        issue(ProductFactory(name=f"{name} {index}", producer=rng.choice(producers)), stars=3)
    return provinces


ROUTES = {
    "one query": {},
    "one query, pages past the first rows read": {"FIRST_ROWS": 2},
    "tiers": {"COUNT_CAP": 0, "RANK_CAP": 0},
    "tiers never gathered": {"COUNT_CAP": 0, "RANK_CAP": 0, "GATHER": 0},
    "summed-rank tiers": {"COUNT_CAP": 0, "RANK_CAP": 0, "MAX_VECTORS": 0},
    "catch-all after one tier": {"COUNT_CAP": 0, "RANK_CAP": 0, "MAX_TIER_QUERIES": 1},
    "LIKE instead of word lists": {"COUNT_CAP": 0, "RANK_CAP": 0, "MAX_INSIDE": 0},
    "no reading by name word": {"COUNT_CAP": 0, "RANK_CAP": 0, "MAX_DRIVERS": 0},
    "one name word at most": {"COUNT_CAP": 0, "RANK_CAP": 0, "MAX_DRIVERS": 1},
    "some word lists": {"COUNT_CAP": 0, "RANK_CAP": 0, "MAX_INSIDE": 3, "MAX_VECTORS": 4},
}


def test_every_route_gives_the_order_of_the_ranking_rule(shelf, monkeypatch):
    wanted = {}
    for index, q in enumerate(QUERIES):
        province = shelf[index % 3] if index % 4 == 3 else None
        wanted[q] = province, expected(q, province)
    assert sum(bool(want) for _, want in wanted.values()) >= 10  # the comparison is not vacuous
    for route, settings in ROUTES.items():
        with monkeypatch.context() as patch, CaptureQueriesContext(connection) as captured:
            for name, value in settings.items():
                patch.setattr(catalogue, name, value)
            for q, (province, want) in wanted.items():
                entries = catalogue_entries(CatalogueQuery(q=q, province=province))
                assert [entry.product_id for entry in entries] == want, (route, q)
                for start, stop in ((0, 5), (3, 9), (7, 30)):
                    entries = catalogue_entries(CatalogueQuery(q=q, province=province))
                    got = [entry.product_id for entry in entries[start:stop]]
                    assert got == want[start:stop], (route, q, start)
                assert entries.capped_count(5) == min(len(want), 6)
        if connection.vendor == "postgresql" and route == "tiers":
            # The tiers were read from the name words' index, not only by walking the catalogue.
            assert any("public_cataloguenameword" in query["sql"] for query in captured.captured_queries)


def test_the_vocabulary_holds_every_word_and_forgets_unused_ones_on_a_full_rebuild(shelf):
    words = {
        word for text in CatalogueEntry.objects.values_list("search_text", flat=True) for word in text.split()
    }
    assert words <= set(CatalogueWord.objects.values_list("word", flat=True))
    CatalogueWord.objects.create(word="khongconnua")
    catalogue.catalogue_sync()
    assert set(CatalogueWord.objects.values_list("word", flat=True)) == words
