"""Whatever a visitor types in the search box is data: quotes, SQL, LIKE wildcards, tsquery
operators, format braces and NUL bytes neither break the page nor change what a search means."""

import pytest
from django.utils.html import escape

from ocop.public.models import CatalogueEntry
from ocop.public.selectors import CatalogueQuery, catalogue_entries
from ocop.public.tests.conftest import honey  # noqa: F401
from ocop.public.tests.test_catalogue import teas  # noqa: F401

pytestmark = pytest.mark.django_db

HOSTILE = [
    "'",
    '"',
    "\\",
    "%",
    "_",
    "%s",
    "%(q)s",
    "{e}",
    "{w}",
    "{0}",
    "tra'; DROP TABLE public_catalogueentry; --",
    "mật ong {e} %s",
    "tra\x00",
    "a" * 300,
    "∑ 💡 tra",
]


def names(q):
    return [entry.product.name for entry in catalogue_entries(CatalogueQuery(q=q))]


@pytest.mark.parametrize("q", HOSTILE)
def test_any_search_text_answers_a_page_and_the_api_and_changes_nothing(client, honey, teas, q):  # noqa: F811
    before = CatalogueEntry.objects.count()
    page = client.get("/san-pham/", {"q": q})
    assert page.status_code == 200
    # The text comes back in the search box, escaped, never as markup.
    assert f'value="{escape(q)}"' in page.content.decode() or "\x00" in q
    assert client.get("/api/v1/public/products/", {"q": q}).status_code == 200
    assert CatalogueEntry.objects.count() == before == 6


def test_like_wildcards_and_tsquery_operators_are_plain_characters(honey, teas):  # noqa: F811
    tea_order = names("tra")
    assert len(tea_order) == 5
    # "%" and "_" are not wildcards: "tr_" is no word of any name, "tra%" is "tra".
    assert names("tr_") == []
    assert names("tra%") == tea_order
    # Full-text operators are punctuation, not operators.
    assert names("tra:*") == names("!tra") == names("(tra") == tea_order
    assert names("tra & ong") == names("tra | ong") == names("tra ong")
    assert names("mat ong & ca mau") == ["Mật ong rừng U Minh"]
    # A search of punctuation alone is no search: the whole catalogue.
    assert sorted(names("%")) == sorted(names("")) == sorted(names("'")) and len(names("")) == 6
