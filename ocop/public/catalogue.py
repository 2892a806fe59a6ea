"""The public catalogue: its search rows and the search itself.

`catalogue_sync` rewrites the rows of some products (all when None) from the registry and the
certificates, with their name words and vocabulary (see Search); signals call it after every
save of a product, producer or certificate, and after a staged import finishes. `ocop
catalogue_sync` rebuilds everything (after a bulk load).

Search compares `vntext.fold` forms, so "mat ong ca mau" finds "Mật ong ... Cà Mau": every word
of the query must occur in the product's text (its name, its producer's name, its commune and
province in both schemes). Ranking puts whole words before word prefixes before substrings, in
the product's name first, then in the rest of its text; ties follow Vietnamese order. How a
page is read fast on PostgreSQL is explained at `# --- Search` below.
"""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

from django.db import connections
from django.db.models import BooleanField, Case, Expression, F, IntegerField, Model, Q, Value, When
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

from ocop.certification.models import status_q
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
# The columns of a name word, in the order `_write_words` yields them.
NAME_WORD_FIELDS = ("entry_id", "word", "sort_key", "province_id", *CERTIFICATE_COPIES)
CHUNK = 2000


def catalogue_sync(product_ids: Iterable[int] | None = None, *, models=None) -> int:
    """Rewrite the catalogue rows of `product_ids` (every product when None), their name words,
    and add their words to the vocabulary. Returns rows written. `models` = (Product,
    Certificate, CatalogueEntry[, CatalogueWord, CatalogueNameWord]) lets a migration pass its
    historical models (before migration 0004 made the last two, 0004 fills them). Rows go out
    as plain values, a chunk of products at a time, so an import of 20,000 products builds no
    model instance and holds one chunk in memory."""
    if models is None:
        from ocop.certification.models import Certificate
        from ocop.public.models import CatalogueEntry, CatalogueNameWord, CatalogueWord
        from ocop.registry.models import Product
    else:
        Product, Certificate, CatalogueEntry, CatalogueWord, CatalogueNameWord = (*models, None, None)[:5]

    products = Product.objects.filter(certificates__isnull=False).distinct()
    if product_ids is not None:
        ids = list(product_ids)
        if not ids:
            return 0
        chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    else:
        chunks = [None]
    written = 0
    used_words: set[str] = set()  # the vocabulary words this run has written
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
        if CatalogueNameWord is not None:
            _write_words(CatalogueEntry, CatalogueWord, CatalogueNameWord, chunk, used_words)
        if len(folded) > 50_000:
            folded.clear()
    if product_ids is None and CatalogueWord is not None:
        # A full rebuild also forgets the words no entry uses any more.
        stale = [w for w in CatalogueWord.objects.values_list("word", flat=True) if w not in used_words]
        for start in range(0, len(stale), CHUNK):
            CatalogueWord.objects.filter(word__in=stale[start : start + CHUNK]).delete()
    return written


def _write_words(entry_model, word_model, name_word_model, chunk, used_words: set[str]) -> None:
    """Rewrite the name words of the entries of `chunk` (every entry when None), from the rows
    just written, and add their texts' words to the vocabulary (a word this run has already
    written is not sent again)."""
    entries = entry_model.objects.all()
    name_words = name_word_model.objects.all()
    if chunk is not None:
        entries = entries.filter(ids_q("product_id", chunk))
        name_words = name_words.filter(ids_q("entry_id", chunk))
    name_words.delete()
    new: set[str] = set()
    fields = ("product_id", "certificate_id", "name_text", "search_text", "sort_key", "province_id")
    rows = entries.order_by().values_list(*fields, *CERTIFICATE_COPIES).iterator(chunk_size=5000)

    def name_word_rows():
        for pk, certificate_id, name, text, sort_key, province_id, *copies in rows:
            new.update(word for word in text.split() if word not in used_words)
            if certificate_id is not None:  # only what a search can show
                for word in dict.fromkeys(name.split()):
                    yield (pk, word, sort_key, province_id, *copies)

    insert_rows(name_word_model, NAME_WORD_FIELDS, name_word_rows())
    used_words |= new
    word_model.objects.bulk_create(
        [word_model(word=word) for word in sorted(new)], batch_size=CHUNK, ignore_conflicts=True
    )


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


# --- Search ----------------------------------------------------------------------------------
#
# The rank of one query word in an entry, lower is better:
#   0 a whole word of the name      1 the start of a word of the name      2 inside a word of the name
#   3 a whole word elsewhere        4 the start of a word elsewhere       5 inside a word elsewhere
# ("elsewhere": the producer's name and the places). An entry matches when every query word
# occurs in its text; entries rank by the sum of their words' ranks, then in Vietnamese order
# (sort_key), then by product id. Texts are folded and words are separated by single spaces, so
# "whole word" is " word " in " text ", "start of a word" is " word" in " text ".
#
# How a page is read (`Ranked`):
# 1. One query reads the matches with their rank: at most COUNT_CAP + 1 for one word, RANK_CAP
#    + 1 for several. With no more than that, it is the count and everything needed to order
#    them: every page is cut from them. (PostgreSQL: when more than COUNT_CAP valid names hold
#    the one word whole, the name words' index says so alone and nothing is read; when the
#    planner expects more than RANK_CAP matches of several words, they are only counted.)
# 2. With more (a common word, a two-letter prefix: tens of thousands of products), ranking all
#    of them to show 20 is what made the first version slow. The page is read tier after tier of
#    the summed rank, in Vietnamese order, stopping once it is full. A tier is written out as an
#    exact condition: the rank vectors (one rank per word) adding up to it. Tiers of too many
#    vectors, and what is left after MAX_TIER_QUERIES queries, are ranked in one query.
#    PostgreSQL, several words: a tier is first gathered in one query through the GIN indexes
#    (most such tiers are thin: the words rarely meet in those places) and sorted; only a tier of
#    more than GATHER entries is then read in Vietnamese order as below.
#
# On PostgreSQL (migrations 0004 and 0005):
# - the vocabulary (`CatalogueWord`, every word of every text) tells which words equal, start
#   with or contain each query word, and which of them occur in names: a word found nowhere
#   ends the search, and rank vectors nothing can have are never asked for;
# - the words of the name and of the whole text are also tsvectors with GIN indexes: "whole word"
#   is `@@ 'word'`, "start of a word" is `@@ 'word':*`, "inside a word" is `@@ 'w1' | 'w2'` over
#   the vocabulary's words containing it (LIKE when they are more than MAX_INDEXED, answered by
#   the trigram index of the folded text);
# - every word of every name is a row of `CatalogueNameWord`, indexed by (word, sort_key, entry)
#   with copies of the entry's status dates, stars and province: the valid entries whose name
#   holds a word, in Vietnamese order, from the index alone. A rank vector with a name word is
#   read from those rows, 20 at a time (the rarest word first; the other name words are looked
#   up in the same table), instead of walking the whole catalogue in Vietnamese order (names
#   starting with a common word such as "Ớt" all sit at one place of that order: a walk reads a
#   hundred thousand rows before reaching them) or gathering all the entries of a tier to sort
#   them (thousands of rows scattered over the table).
# - search conditions are written as SQL pieces (`Sql`), not trees of Q, to spare building and
#   compiling hundreds of nodes per search.
# Other databases compare the texts with LIKE and walk the catalogue: the same results, slower.

# Rank vectors (one rank per query word) of a tier written out as conditions; with more, the
# tier is a filter on the computed rank.
MAX_VECTORS = 24
# Tier queries tried for one page before the rest is ranked in one query.
MAX_TIER_QUERIES = 6
# A query word found inside at most this many vocabulary words is known by those words...
MAX_INSIDE = 64
# ... and searched through the index as those words when they are at most this many.
MAX_INDEXED = 4
# A rank vector is read from CatalogueNameWord when its words are at most this many, in at most
# this many parts per tier.
MAX_DRIVERS = 8
MAX_PARTS = 12
# Names holding a word are counted up to this, to read the rarer word first.
DRIVER_COUNT = 2000
# Counts stop here (the catalogue shows "Hơn 1.000 sản phẩm"); a search of one word ranks at
# most this many matches in one query...
COUNT_CAP = 1000
# ... and a search of several words at most this many (more: the tiers).
RANK_CAP = 4000
# When the matches are read, the first rows of their order kept (five pages of 20); a slice
# past them reads them again.
FIRST_ROWS = 100
# A tier of a query of several words is first gathered through the GIN indexes when it holds at
# most this many entries (most such tiers hold few: the words rarely meet); past that it is read
# in Vietnamese order (see `Ranked._page`).
GATHER = 500
RELATED = ("certificate", "product__producer__province")
# What a page of the catalogue (and the public API) shows of its rows: the verdict needs the
# certificate's status dates (certification's STATUS_RULES), stars and revocation decision.
SHOWN = (
    "product_id",
    "certificate_id",
    "certificate__public_code",
    "certificate__stars",
    "certificate__valid_from",
    "certificate__valid_until",
    "certificate__notice_from",
    "certificate__revoked_on",
    "certificate__superseded_on",
    "certificate__revocation_decision",
    "product__name",
    "product__gtin",
    "product__producer_id",
    "product__producer__name",
    "product__producer__province_id",
    "product__producer__province__code",
    "product__producer__province__name",
)
NAME, TEXT = "name_text", "search_text"
WORD_COLUMNS = {NAME: "name_words", TEXT: "text_words"}  # PostgreSQL tsvectors (migration 0004)


def query_words(text: str) -> list[str]:
    return vntext.fold(text).split()[:MAX_WORDS]


@dataclass(frozen=True)
class CatalogueFilter:
    """What the catalogue shows besides the text: valid on a day (None: every status, expired
    and revoked too) and the filters. Applies to the entries and to their name words (which
    carry copies of the status dates, stars and province)."""

    valid_on: datetime.date | None = None
    stars: int | None = None
    province_id: int | None = None
    group: str = ""
    product_set: str = ""
    producer_type: str = ""

    def q(self, entry: str = "", copies: str | None = None) -> Q:
        """For entries reached through `entry`, with the copies reached through `copies` (the
        name words' own: ""; default: the entry's)."""
        copies = entry if copies is None else copies
        q = Q() if copies != entry else Q(**{f"{entry}certificate__isnull": False})
        if self.valid_on is not None:
            q &= status_q("valid", self.valid_on, copies)
        if self.stars:
            q &= Q(**{f"{copies}stars": self.stars})
        if self.province_id is not None:
            q &= Q(**{f"{copies}province_id": self.province_id})
        for field, value in (
            ("group_code", self.group),
            ("set_code", self.product_set),
            ("producer_type", self.producer_type),
        ):
            if value:
                q &= Q(**{f"{entry}{field}": value})
        return q


@dataclass(frozen=True)
class Term:
    """A query word and what the vocabulary says of it (PostgreSQL; elsewhere nothing is known)."""

    word: str
    ranks: tuple[int, ...] = (0, 1, 2, 3, 4, 5)  # ranks it can take at all
    inside: tuple[str, ...] | None = None  # every vocabulary word containing it (None: unknown)
    in_names: tuple[str, ...] | None = None  # those found in some name (None: unknown)
    names: int = 0  # names holding the word itself, counted up to DRIVER_COUNT

    def name_words(self, rank: int, exactly: bool = True) -> list[str] | None:
        """The words found in names that a name holds when this term has `rank` there (0 the word
        itself, 1 words starting with it, 2 words containing it), or up to `rank` when not
        `exactly`; None: unknown."""
        if self.in_names is None:
            return None
        w = self.word
        if rank == 0:
            return [v for v in self.in_names if v == w]
        if rank == 1:
            return [v for v in self.in_names if v.startswith(w) and (v != w or not exactly)]
        return [v for v in self.in_names if not (exactly and v.startswith(w))]


# For the query words themselves, how many names hold them (up to DRIVER_COUNT): which word of a
# rank vector to read first. `{w}` is the vocabulary's table.
_NAME_COUNT = (
    "CASE WHEN {w}.word = ANY(%s) THEN (SELECT COUNT(*) FROM (SELECT 1 FROM public_cataloguenameword n "
    f"WHERE n.word = {{w}}.word LIMIT {DRIVER_COUNT}) AS x) END"
)


def _vocabulary(words: list[str], db: str = "default") -> list[Term] | None:
    """PostgreSQL: what the vocabulary knows of each word, in one query; None when a word occurs
    nowhere (nothing can match)."""
    unique = list(dict.fromkeys(words))
    like = [f"%{word.replace('_', '#_')}%" for word in unique]  # "_" is LIKE's any-character
    found = " OR ".join(["v.word LIKE %s ESCAPE '#'"] * len(unique))
    statement = (
        "SELECT v.word, EXISTS (SELECT 1 FROM public_cataloguenameword n WHERE n.word = v.word), "
        f"{_NAME_COUNT.format(w='v')} FROM public_catalogueword v WHERE {found}"
    )
    return terms_from_vocabulary(words, _fetch_rows(db, statement, [words, *like]))


def terms_from_vocabulary(words: list[str], rows: list[tuple]) -> list[Term] | None:
    """Terms from (vocabulary word, found in a name, names holding it when it is a query word)
    rows: every vocabulary word containing a query word."""
    terms = []
    for w in words:
        found = [(v, in_names) for v, in_names, _ in rows if w in v]
        if not found:
            return None
        # More than MAX_INSIDE words contain it: too common to be searched word by word.
        complete = len(found) <= MAX_INSIDE
        classes = (
            [n for v, n in found if v == w],
            [n for v, n in found if v != w and v.startswith(w)],
            [n for v, n in found if not v.startswith(w)],
        )
        possible = {}
        for r in range(3):
            possible[r] = any(classes[r])  # in a name
            possible[r + 3] = bool(classes[r])  # elsewhere
        names = next((count for v, _, count in rows if v == w), 0)
        terms.append(
            Term(
                w,
                tuple(r for r in range(6) if possible[r]),
                tuple(v for v, _ in found) if complete else None,
                tuple(v for v, n in found if n) if complete else None,
                names if names is not None else 0,
            )
        )
    return terms


def _vectors(terms: list[Term], total: int, limit: int) -> list[tuple[int, ...]] | None:
    """The rank vectors (one possible rank per term) adding up to `total`; None past `limit`."""
    found: list[tuple[int, ...]] = []
    rest_min = [sum(min(t.ranks) for t in terms[i + 1 :]) for i in range(len(terms))]
    rest_max = [sum(max(t.ranks) for t in terms[i + 1 :]) for i in range(len(terms))]

    def walk(index: int, left: int, prefix: tuple[int, ...]) -> bool:
        if index == len(terms):
            found.append(prefix)
            return len(found) <= limit
        for rank in terms[index].ranks:
            if not rest_min[index] <= left - rank <= rest_max[index]:
                continue
            if not walk(index + 1, left - rank, (*prefix, rank)):
                return False
        return True

    return found if walk(0, total, ()) else None


def _driver(terms: list[Term], vector: tuple[int, ...]) -> tuple[int, list[str]] | None:
    """(term index, name words) to read a rank vector's entries from CatalogueNameWord: its name
    component with the fewest rows (a whole word held by the fewest names first); None when it
    has none."""
    best = None
    for index, (term, rank) in enumerate(zip(terms, vector, strict=True)):
        if rank > 2:
            continue
        words = term.name_words(rank)
        if not words or len(words) > MAX_DRIVERS:
            continue
        key = (term.names if rank == 0 else DRIVER_COUNT, len(words), rank, -len(term.word))
        if best is None or key < best[0]:
            best = (key, index, words)
    return None if best is None else (best[1], best[2])


class Sql:
    """PostgreSQL: a condition or value written in SQL with its parameters, combined with & | ~
    like Q. `{e}` stands for the entry's table and `{w}` for the name word's (CatalogueNameWord)
    of the query it goes into (`expression()`). Search conditions are written this way rather
    than as trees of Q: the same SQL, without the cost of building and compiling hundreds of
    nodes per search."""

    def __init__(self, text: str = "", params: tuple = ()):
        self.text, self.params = text, tuple(params)

    def __bool__(self) -> bool:
        return bool(self.text)

    def _join(self, other: "Sql", operator: str) -> "Sql":
        if not self:
            return other
        if not other:
            return self
        return Sql(f"({self.text} {operator} {other.text})", self.params + other.params)

    def __and__(self, other: "Sql") -> "Sql":
        return self._join(other, "AND")

    def __or__(self, other: "Sql") -> "Sql":
        return self._join(other, "OR")

    def __invert__(self) -> "Sql":
        return Sql(f"NOT ({self.text})", self.params)

    def expression(self, entry: str = "sort_key", output_field=None) -> "_SqlExpression":
        """For a query on CatalogueEntry (`entry` = "sort_key") or on CatalogueNameWord ("entry__
        sort_key": the entry is joined only if the SQL reads it)."""
        return _SqlExpression(self, entry, output_field or BooleanField())


class _SqlExpression(Expression):
    conditional = True

    def __init__(self, sql: Sql, entry: str, output_field):
        super().__init__(output_field=output_field)
        self.sql = sql
        self.conditional = isinstance(output_field, BooleanField)
        # Fields that locate the tables: resolved, they carry the tables' aliases.
        self.located = []
        if "{e}" in sql.text:
            self.located.append(("e", F(entry)))
        if "{w}" in sql.text:
            self.located.append(("w", F("word")))

    def get_source_expressions(self):
        return [field for _, field in self.located]

    def set_source_expressions(self, exprs):
        self.located = [(name, expr) for (name, _), expr in zip(self.located, exprs, strict=True)]

    def as_sql(self, compiler, connection):
        tables = {name: compiler.quote_name(expr.alias) for name, expr in self.located}
        return self.sql.text.format(**tables), self.sql.params


def _holding_all(words) -> Sql:
    """PostgreSQL: the entries whose text holds every one of `words` whole (one index scan)."""
    return Sql("{e}.text_words @@ %s::tsquery", (" & ".join(_lexemes([word]) for word in words),))


def _lexemes(words) -> str:
    # Folded words hold only letters, digits and "_", so quoting needs no escapes.
    return " | ".join(f"'{word}'" for word in words)


class _Conditions:
    """ "Whole word", "start of a word" and "inside a word" of a term in the name or the whole
    text of the entry reached through `prefix`, as LIKE on the folded texts (Q)."""

    def __init__(self, prefix: str = ""):
        self.prefix = prefix

    @staticmethod
    def true():
        return Q()

    def whole(self, field: str, term: Term):
        f, w = self.prefix + field, term.word
        return (
            Q(**{f: w})
            | Q(**{f"{f}__startswith": f"{w} "})
            | Q(**{f"{f}__endswith": f" {w}"})
            | Q(**{f"{f}__contains": f" {w} "})
        )

    def start(self, field: str, term: Term):
        f = self.prefix + field
        return Q(**{f"{f}__startswith": term.word}) | Q(**{f"{f}__contains": f" {term.word}"})

    def inside(self, field: str, term: Term):
        return Q(**{f"{self.prefix}{field}__contains": term.word})


class _PostgresConditions:
    """The same in SQL on the tsvectors of migration 0004, which GIN indexes answer (`indexed`
    False: the same test written as a function call, which PostgreSQL checks on the rows found
    by other conditions instead of asking the index)."""

    def __init__(self, indexed: bool = True):
        self.indexed = indexed

    @staticmethod
    def true():
        return Sql()

    def _match(self, field: str, tsquery: str) -> Sql:
        if not self.indexed:
            return Sql(f"ts_match_vq({{e}}.{WORD_COLUMNS[field]}, %s::tsquery)", (tsquery,))
        return Sql(f"{{e}}.{WORD_COLUMNS[field]} @@ %s::tsquery", (tsquery,))

    def whole(self, field, term):
        return self._match(field, _lexemes([term.word]))

    def start(self, field, term):
        return self._match(field, _lexemes([term.word]) + ":*")

    def inside(self, field, term):
        words = term.in_names if field == NAME else term.inside
        if words is not None and not words:
            return Sql("FALSE")
        if words is None or len(words) > MAX_INDEXED:
            # Inside many words: the word is common, and gathering the entries of each from
            # the GIN index costs more than reading rows (PostgreSQL underestimates it).
            return Sql(f"{{e}}.{field} LIKE %s", (f"%{term.word}%",))
        return self._match(field, _lexemes(words))


class _NameWordConditions(_PostgresConditions):
    """For rows read from CatalogueNameWord: the name conditions as lookups of the entry's other
    name words (no visit to the entry), the rest on the entry."""

    @staticmethod
    def has(words: list[str]) -> Sql:
        # Correlated on (sort_key, entry) too: the name words of a word are in that order, so
        # PostgreSQL can merge two lists instead of looking each row up.
        if not words:
            return Sql("FALSE")
        return Sql(
            "EXISTS (SELECT 1 FROM public_cataloguenameword n WHERE n.word = ANY(%s) "
            "AND n.sort_key = {w}.sort_key AND n.entry_id = {w}.entry_id)",
            (list(words),),
        )

    def whole(self, field, term):
        words = term.name_words(0) if field == NAME else None
        return super().whole(field, term) if words is None else self.has(words)

    def start(self, field, term):
        words = term.name_words(1, exactly=False) if field == NAME else None
        return super().start(field, term) if words is None else self.has(words)

    def inside(self, field, term):
        words = term.name_words(2, exactly=False) if field == NAME else None
        return super().inside(field, term) if words is None else self.has(words)


def _term_tier(c, term: Term, rank: int, read_from: bool = False):
    """Exactly the entries where `term` has `rank`; `read_from`: the rows are the name words of
    this rank already (only what excludes the better ranks is left to check)."""
    if rank == 0:
        return c.true() if read_from else c.whole(NAME, term)
    if rank == 1:
        return ~c.whole(NAME, term) if read_from else c.start(NAME, term) & ~c.whole(NAME, term)
    if rank == 2:
        return ~c.start(NAME, term) if read_from else c.inside(NAME, term) & ~c.start(NAME, term)
    if rank == 3:
        return c.whole(TEXT, term) & ~c.inside(NAME, term)
    if rank == 4:
        return c.start(TEXT, term) & ~c.whole(TEXT, term) & ~c.inside(NAME, term)
    return c.inside(TEXT, term) & ~c.start(TEXT, term) & ~c.inside(NAME, term)


def _fetch_rows(db: str, sql: str, params) -> list[tuple]:
    """The rows of one statement as plain tuples (no model, no per-value converters)."""
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _planned_rows(plan: list[tuple]) -> int:
    """The rows PostgreSQL's planner expects, from EXPLAIN (FORMAT JSON)."""
    document = plan[0][0]
    if isinstance(document, str):
        document = json.loads(document)
    return int(document[0]["Plan"]["Plan Rows"])


def _values(queryset) -> list[tuple]:
    """The rows of a values_list() queryset of ints and strings, read as they come from the
    database (Django's per-value converters cost more than these small queries)."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    return _fetch_rows(queryset.db, sql, params)


def _rows(queryset, id_field: str):
    """(entry pk, sort_key) rows of an ordered queryset, under names every part of a union shares."""
    return queryset.annotate(row_id=F(id_field), row_key=F("sort_key")).values_list("row_id", "row_key")


@lru_cache(maxsize=256)
def _filtered(where: CatalogueFilter):
    """The entries and the name words `where` admits (querysets only ever cloned, never run
    themselves: a search starts from them without building the status filter again)."""
    from ocop.public.models import CatalogueEntry, CatalogueNameWord

    return (
        CatalogueEntry.objects.filter(where.q()),
        CatalogueNameWord.objects.filter(where.q(entry="entry__", copies="")),
    )


@lru_cache(maxsize=256)
def _admitted(where: CatalogueFilter) -> Sql:
    """PostgreSQL: the condition on the entries' table for what `where` admits, compiled by the
    ORM from the same filter (certification's `status_q`) once per filter."""
    entries = _filtered(where)[0]
    sql, params = entries.query.get_compiler(entries.db).compile(entries.query.where)
    # Braces would read as placeholders of `Sql` text (they never occur in a compiled filter).
    return Sql(sql.replace("{", "{{").replace("}", "}}") or "TRUE", tuple(params))


@lru_cache(maxsize=256)
def _admitted_words(where: CatalogueFilter) -> tuple[str, Sql]:
    """PostgreSQL: the tables (the name words, and the entries when a filter reads them) and the
    condition of the name words `where` admits, compiled by the ORM from the same filter once
    per filter."""
    words = _filtered(where)[1].values_list("entry_id")
    sql, params = words.query.get_compiler(words.db).as_sql()
    tables, _, condition = sql.split(" FROM ", 1)[1].partition(" WHERE ")
    return tables, Sql(condition.replace("{", "{{").replace("}", "}}") or "TRUE", tuple(params))


class Ranked:
    """The entries matching the text `q` among those `where` admits, best first, read a slice at
    a time as a paginator does: `capped_count()` (or `count()`), then `[a:b]`. Slices are lists of
    entries with their certificate, product, producer and province."""

    def __init__(self, where: CatalogueFilter, q: str = ""):
        self.where = where
        self.entries = _filtered(where)[0]
        self.words = query_words(q)
        self._counts: dict[int, int] = {}
        # (rank, sort_key, pk) of the first matches in order, when all were read (`_read_matches`)
        self._ranked: list[tuple[int, str, int]] | None = None
        self._matches = 0

    @property
    def name_words(self):
        return _filtered(self.where)[1]

    # -- what the words mean ---------------------------------------------------------------

    @cached_property
    def _postgres(self) -> bool:
        return connections[self.entries.db].vendor == "postgresql"

    @cached_property
    def _cond(self):
        return _PostgresConditions() if self._postgres else _Conditions()

    @cached_property
    def terms(self) -> list[Term] | None:
        """None when some word occurs nowhere."""
        if self._postgres:
            return _vocabulary(self.words, self.entries.db)
        return [Term(word) for word in self.words]

    def _filter(self, rows, condition, entry: str = "sort_key"):
        """`rows` where `condition` (Q, or Sql on PostgreSQL) holds."""
        return rows.filter(condition.expression(entry) if isinstance(condition, Sql) else condition)

    def _match(self):
        q = self._cond.true()
        for term in self.terms:
            q &= self._cond.inside(TEXT, term)
        return q

    def _rank_sql(self) -> Sql:
        """PostgreSQL: the summed rank."""
        c, cases = self._cond, []
        for term in self.terms:
            branches = [c.whole(NAME, term), c.start(NAME, term), c.inside(NAME, term)]
            branches += [c.whole(TEXT, term), c.start(TEXT, term)]
            text = " ".join(f"WHEN {b.text} THEN {rank}" for rank, b in enumerate(branches))
            cases.append(Sql(f"(CASE {text} ELSE 5 END)", sum((b.params for b in branches), ())))
        return Sql(" + ".join(x.text for x in cases), sum((x.params for x in cases), ()))

    def _ranked_rows(self):
        """The matching entries with their summed rank as `rank`."""
        c = self._cond
        rows = self._filter(self.entries, self._match())
        if self._postgres:
            return rows.annotate(rank=self._rank_sql().expression(output_field=IntegerField()))
        total = None
        for term in self.terms:
            rank = Case(
                When(c.whole(NAME, term), then=Value(0)),
                When(c.start(NAME, term), then=Value(1)),
                When(c.inside(NAME, term), then=Value(2)),
                When(c.whole(TEXT, term), then=Value(3)),
                When(c.start(TEXT, term), then=Value(4)),
                default=Value(5),
                output_field=IntegerField(),
            )
            total = rank if total is None else total + rank
        return rows.annotate(rank=total)

    def _vector_q(self, c, vector: tuple[int, ...], read_from: int | None = None):
        """Exactly the entries with the rank vector `vector` (`read_from`: the term whose name
        words the rows are)."""
        q = c.true()
        for index, (term, rank) in enumerate(zip(self.terms, vector, strict=True)):
            q &= _term_tier(c, term, rank, read_from == index)
        return q

    def _tier(self, vectors: list[tuple[int, ...]]):
        """The entries with one of the rank `vectors` (a tier: those adding up to one total), in
        Vietnamese order, as querysets of (pk, sort_key) rows to merge."""
        order = ("sort_key", "product_id")
        # A vector with a name component of few words is read from CatalogueNameWord (PostgreSQL),
        # one part per word (AND only: PostgreSQL then merges the name word lists); the others
        # walk the catalogue. An entry has exactly one vector: no part repeats another.
        parts, walked = [], self._cond.true()
        c = _NameWordConditions()
        for vector in vectors:
            driver = _driver(self.terms, vector) if self._postgres else None
            if driver is None or len(parts) + len(driver[1]) > MAX_PARTS:
                walked |= self._vector_q(self._cond, vector)
                continue
            index, words = driver
            condition = self._vector_q(c, vector, read_from=index)
            for position, word in enumerate(words):
                # An entry whose name holds several of the words is read from the first.
                condition_here = condition & ~c.has(list(words[:position])) if position else condition
                parts.append(
                    self._word_rows(
                        "{w}.entry_id, {w}.sort_key", word, condition_here, "{w}.sort_key, {w}.entry_id"
                    )
                )
        if walked and self._postgres:
            parts.append(
                self._entry_rows("{e}.product_id, {e}.sort_key", walked, order="{e}.sort_key, {e}.product_id")
            )
        elif walked:
            parts.append(_rows(self._filter(self.entries, walked).order_by(*order), "product_id"))
        return parts

    # -- counting and slicing --------------------------------------------------------------

    def _too_many(self) -> bool:
        """PostgreSQL: so many entries match that the tiers are the way to read a page (then
        the matches are not read, only counted up to COUNT_CAP + 1). One word: more than
        COUNT_CAP valid names hold it whole (counted from the name words' index alone, they
        all match). Several: PostgreSQL's planner expects more than RANK_CAP matches (reading
        4,001 matches to learn that there are more costs more than the tiers)."""
        if not self._postgres:
            return False
        if len(self.terms) > 1:
            found = self._entry_rows("1", self._match())
            plan = _fetch_rows(self.entries.db, f"EXPLAIN (FORMAT JSON) {found.text}", found.params)
            if _planned_rows(plan) <= RANK_CAP:
                return False
            counted = self._entry_rows("1", self._match(), COUNT_CAP + 1)
            self._counts[COUNT_CAP] = _fetch_rows(
                self.entries.db, f"SELECT COUNT(*) FROM ({counted.text}) AS x", counted.params
            )[0][0]
            return True
        if 0 not in self.terms[0].ranks:
            return False
        counted = self._word_rows("1", self.terms[0].word, Sql(), limit=COUNT_CAP + 1)
        statement = f"SELECT COUNT(*) FROM ({counted.text}) AS counted"
        if _fetch_rows(self.entries.db, statement, counted.params)[0][0] <= COUNT_CAP:
            return False
        self._counts[COUNT_CAP] = COUNT_CAP + 1
        return True

    def _read_matches(self, keep: int = FIRST_ROWS) -> None:
        """Read the matches (at most RANK_CAP + 1, one word: COUNT_CAP + 1) with their rank: the
        count, and when there are no more, the first `keep` of their order."""
        if COUNT_CAP not in self._counts and self._too_many():
            return
        # One word's tiers are cheap (its name words in Vietnamese order): only searches of
        # several words read more matches than they count.
        cap = RANK_CAP if len(self.terms) > 1 else COUNT_CAP
        if self._postgres:
            rank = self._rank_sql()
            select = Sql(f"{rank.text}, {{e}}.sort_key, {{e}}.product_id", rank.params)
            ranked = self._entry_rows(select, self._match(), cap + 1)
            sql, params = ranked.text, ranked.params
        else:
            ranked = self._ranked_rows().values_list("rank", "sort_key", "pk")[: cap + 1]
            sql, params = ranked.query.get_compiler(ranked.db).as_sql()
        # Ordered and cut by the database: only the rows shown cross the wire.
        statement = f"SELECT m.*, COUNT(*) OVER () FROM ({sql}) AS m ORDER BY 1, 2, 3 LIMIT {int(keep)}"
        rows = _fetch_rows(self.entries.db, statement, params)
        matches = rows[0][3] if rows else 0
        self._counts[COUNT_CAP] = min(matches, COUNT_CAP + 1)
        if matches <= cap:
            self._matches = matches
            self._ranked = [row[:3] for row in rows]

    def capped_count(self, cap: int = COUNT_CAP) -> int:
        """The number of matches, counted up to cap + 1 (more means "more than cap")."""
        if self.words and self.terms is None:
            return 0
        if cap not in self._counts:
            if self.words and cap == COUNT_CAP:
                self._read_matches()
            else:
                rows = self._filter(self.entries, self._match()) if self.words else self.entries
                self._counts[cap] = rows.values("pk")[: cap + 1].count()
        return self._counts[cap]

    def count(self) -> int:
        if self.words and self.terms is None:
            return 0
        if self.capped_count() <= COUNT_CAP:
            return self.capped_count()
        if self._ranked is not None:
            return self._matches
        return (self._filter(self.entries, self._match()) if self.words else self.entries).count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0 : self.count()])

    def __getitem__(self, index):
        if isinstance(index, int):
            rows = self[index : index + 1]
            if not rows:
                raise IndexError(index)
            return rows[0]
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        if stop <= start:
            return []
        if not self.words:
            ordered = self.entries.select_related(*RELATED).only(*SHOWN).order_by("sort_key", "product_id")
            return list(ordered[start:stop])
        if self.terms is None:
            return []
        return self._fetch(self._page(start, stop))

    def _page(self, start: int, stop: int) -> list[int]:
        """The pks of matches start … stop-1 in rank order."""
        if COUNT_CAP not in self._counts:  # counted with another cap
            self._read_matches(max(stop, FIRST_ROWS))
        if self._ranked is not None:
            if len(self._ranked) < min(stop, self._matches):
                self._read_matches(stop)  # a page past the first rows read
            return [pk for *_, pk in self._ranked[start:stop]]
        pks: list[int] = []
        seen = 0  # matches in the tiers read so far
        queries = 0
        low, high = sum(min(t.ranks) for t in self.terms), sum(max(t.ranks) for t in self.terms)
        for total in range(low, high + 1):
            if seen >= stop:
                break
            vectors = _vectors(self.terms, total, MAX_VECTORS)
            if queries >= MAX_TIER_QUERIES or vectors is None:
                # Many thin tiers, or tiers of many rank vectors (only the summed rank tells them
                # apart: each would read every match): rank what is left in one query.
                rest = self._ranked_rows().filter(rank__gte=total)
                rest = rest.order_by("rank", "sort_key", "product_id")
                pks += [pk for (pk,) in _values(rest.values_list("pk")[max(0, start - seen) : stop - seen])]
                break
            if not vectors:
                continue
            rows = None
            if self._postgres and len(self.terms) > 1:
                queries += 1
                rows = self._gather(vectors, stop - seen)
            if rows is None:
                queries += 1
                rows = self._union(self.entries.db, self._tier(vectors), stop - seen)
            pks += [pk for pk, _ in rows[max(0, start - seen) :]]
            seen += len(rows)
        return pks

    def _entry_rows(self, select, condition: Sql, limit: int | None = None, order: str = "") -> Sql:
        """PostgreSQL: SELECT `select` (SQL text or Sql) FROM the entries `where` admits and
        `condition` holds, at most `limit` rows, written directly (the status filter compiled
        once per filter: the ORM would rebuild it on every search)."""
        select = select if isinstance(select, Sql) else Sql(select)
        table = self.entries.model._meta.db_table
        admitted = _admitted(self.where)
        where = f"{admitted.text} AND {condition.text or 'TRUE'}"
        text = f"SELECT {select.text} FROM {table} WHERE {where}"
        if order:
            text += f" ORDER BY {order}"
        if limit is not None:
            text += f" LIMIT {int(limit)}"
        return Sql(text.format(e=table), select.params + admitted.params + condition.params)

    def _word_rows(
        self, select: str, word: str, condition: Sql, order: str = "", limit: int | None = None
    ) -> Sql:
        """PostgreSQL: SELECT `select` FROM the name words `word` of the entries `where` admits
        where `condition` holds (the entry joined when it or the filter reads it), written
        directly as `_entry_rows` (the ORM would build and compile the filter on every search)."""
        words_table = self.name_words.model._meta.db_table
        entry_table = self.entries.model._meta.db_table
        tables, admitted = _admitted_words(self.where)
        if "{e}" in condition.text and f'"{entry_table}"' not in tables:
            tables += (
                f' INNER JOIN "{entry_table}" ON ("{words_table}"."entry_id" = "{entry_table}"."product_id")'
            )
        where = f'{admitted.text} AND "{words_table}"."word" = %s AND {condition.text or "TRUE"}'
        text = f"SELECT {select} FROM {{tables}} WHERE {where}"
        if order:
            text += f" ORDER BY {order}"
        if limit is not None:
            text += f" LIMIT {int(limit)}"
        text = text.format(e=f'"{entry_table}"', w=f'"{words_table}"', tables=tables)
        return Sql(text, admitted.params + (word,) + condition.params)

    def _gathered(self, vectors: list[tuple[int, ...]]) -> Sql:
        """PostgreSQL: the entries with one of the rank `vectors`, written for the GIN indexes."""
        # A vector's whole words (ranks 0 and 3) are whole words of the text: the text words'
        # index finds the entries holding them all in one scan (skipping along the rarest list),
        # and the rest of the vector is checked on those rows. A word start or a word inside is
        # the union of the lists of every vocabulary word starting with or containing it (for
        # "ho": tens of thousands of entries): asked of the index only when those words are few
        # or the vector has no whole word.
        by_whole: dict[tuple[str, ...], Sql] = {}
        unindexed = _PostgresConditions(indexed=False)
        for vector in vectors:
            whole = tuple(term.word for term, rank in zip(self.terms, vector, strict=True) if rank in (0, 3))
            part = self._cond.true()
            for term, rank in zip(self.terms, vector, strict=True):
                few = term.inside is not None and len(term.inside) <= MAX_INDEXED
                part &= _term_tier(self._cond if few or not whole else unindexed, term, rank)
            by_whole[whole] = by_whole.get(whole, Sql()) | part
        condition = Sql()
        for whole, part in by_whole.items():
            if whole:
                part = _holding_all(whole) & part
            condition |= part
        return condition

    def _gather(self, vectors: list[tuple[int, ...]], limit: int) -> list[tuple[int, str]] | None:
        """PostgreSQL: the first `limit` (pk, sort_key) rows of the entries with one of the rank
        `vectors`, when they are at most GATHER (None when more), in one query: the GIN indexes
        of the tsvectors intersect the words' lists (a bitmap), the rows found are sorted."""
        found = self._entry_rows("{e}.product_id, {e}.sort_key", self._gathered(vectors), GATHER + 1)
        rows = _fetch_rows(
            self.entries.db,
            f"SELECT product_id, sort_key, COUNT(*) OVER () FROM ({found.text}) AS found "
            f"ORDER BY sort_key, product_id LIMIT {int(limit)}",
            found.params,
        )
        if rows and rows[0][2] > GATHER:
            return None
        return [(pk, key) for pk, key, _ in rows]

    @staticmethod
    def _union(db: str, parts, limit: int) -> list[tuple[int, str]]:
        """The first `limit` (pk, sort_key) rows of `parts` (each in Vietnamese order: querysets,
        or on PostgreSQL statements), merged."""
        if isinstance(parts[0], Sql):
            statements = [f"{part.text} LIMIT {int(limit)}" for part in parts]
            statement = statements[0]
            if len(statements) > 1:
                statement = " UNION ALL ".join(f"({part})" for part in statements)
                statement += f" ORDER BY 2, 1 LIMIT {int(limit)}"
            return _fetch_rows(db, statement, sum((part.params for part in parts), ()))
        if len(parts) == 1:
            return _values(parts[0][:limit])
        first, *others = (part[:limit] for part in parts)
        return _values(first.union(*others, all=True).order_by("row_key", "row_id")[:limit])

    def _fetch(self, pks: list[int]) -> list:
        if not pks:
            return []
        if self._postgres:
            return _page_rows(self.entries.db, pks)
        by_pk = self.entries.model.objects.select_related(*RELATED).only(*SHOWN).in_bulk(pks)
        return [by_pk[pk] for pk in pks]


@cache
def _page_statement() -> tuple[str, list]:
    """PostgreSQL: the statement reading a page's entries with their certificate, product,
    producer and province (the columns of SHOWN and the keys), and for each model the fields
    it reads, in its own field order (as `Model.from_db` takes them)."""
    from ocop.certification.models import Certificate
    from ocop.geo.models import AdminUnit
    from ocop.public.models import CatalogueEntry
    from ocop.registry.models import Producer, Product

    models = (
        ("e", "", CatalogueEntry),
        ("c", "certificate__", Certificate),
        ("p", "product__", Product),
        ("pr", "product__producer__", Producer),
        ("u", "product__producer__province__", AdminUnit),
    )
    columns, layout = [], []
    for alias, path, model in models:
        shown = {name.removeprefix(path) for name in SHOWN if name.startswith(path)}
        fields = [f for f in model._meta.concrete_fields if f.primary_key or {f.attname, f.name} & shown]
        columns += [f'{alias}."{f.column}"' for f in fields]
        layout.append((model, [f.attname for f in fields]))
    table = {model: model._meta.db_table for _, _, model in models}
    statement = (
        f"SELECT {', '.join(columns)} FROM {table[CatalogueEntry]} e "
        f"LEFT JOIN {table[Certificate]} c ON c.id = e.certificate_id "
        f"JOIN {table[Product]} p ON p.id = e.product_id JOIN {table[Producer]} pr ON pr.id = p.producer_id "
        f"LEFT JOIN {table[AdminUnit]} u ON u.id = pr.province_id WHERE e.product_id = ANY(%s)"
    )
    return statement, layout


def _page_rows(db: str, pks: list[int]) -> list:
    """PostgreSQL: the entries `pks` in that order, linked to their certificate, product, producer
    and province as select_related would (one statement, objects built from its rows directly:
    Django's select_related machinery cost more than the query)."""
    statement, layout = _page_statement()
    builders = [(_builder(model), model, fields) for model, fields in layout]
    by_pk = {}
    for row in _fetch_rows(db, statement, [pks]):
        objects, at = [], 0
        for build, model, fields in builders:
            values = row[at : at + len(fields)]
            at += len(fields)
            objects.append(None if values[0] is None else build(model, db, fields, values))
        entry, certificate, product, producer, province = objects
        # As select_related links them (`RelatedPopulator`): the keys already hold these objects'
        # pks (the statement joins on them), so only the caches are set; the entry's product is
        # one-to-one, its product's reverse cache points back to the entry.
        _link(producer, "province", province)
        _link(product, "producer", producer)
        _link(entry, "product", product, reverse=True)
        _link(entry, "certificate", certificate)
        by_pk[entry.pk] = entry
    return [by_pk[pk] for pk in pks]


def _link(instance, name: str, related, reverse: bool = False) -> None:
    field = instance._meta.get_field(name)
    field.set_cached_value(instance, related)
    if reverse and related is not None:
        field.remote_field.set_cached_value(related, instance)


def _builder(model):
    """How a page's row becomes an instance of `model`: `Model.from_db`, or, when the model
    does what `Model.__init__` does for loaded fields (no own __init__, no pre_init or
    post_init receiver), the same instance written directly: its loaded fields in its __dict__
    (a deferred field is one absent from it), its state "from database `db`". The page's 100
    objects cost a fifth as much."""
    if (
        model.__init__ is not Model.__init__
        or pre_init.has_listeners(model)
        or post_init.has_listeners(model)
    ):
        return _from_db
    return _direct


def _from_db(model, db, fields, values):
    return model.from_db(db, fields, values)


def _direct(model, db, fields, values):
    instance = model.__new__(model)
    instance.__dict__.update(zip(fields, values, strict=True))
    state = instance._state = ModelState()
    state.adding, state.db = False, db
    return instance
