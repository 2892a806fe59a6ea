"""Forgiving parsers of registry values as lists and plans write them (producer types, stars), for
the imports of certification and programme. Each returns the value or raises ValueError with a
Vietnamese message; see `ocop.core.tabular` for the general ones (numbers, dates)."""

import functools
import re

from django.conf import settings
from django.utils import translation

from ocop.core import vntext
from ocop.core.tabular import display
from ocop.registry.models import ProducerType

PRODUCER_TYPE_HELP = (
    "Hợp tác xã (HTX), Tổ hợp tác (THT), Doanh nghiệp (DN, Công ty…), "
    "Hộ sản xuất kinh doanh (hộ kinh doanh, cơ sở)"
)
# The words (folded) that name each type, alone or at the start of a name ("HTX Tân Lập").
PRODUCER_TYPE_WORDS = [
    (("htx", "hop tac xa", "cooperative"), ProducerType.COOPERATIVE),
    (("tht", "to hop tac", "coop group", "coop_group"), ProducerType.COOP_GROUP),
    (
        ("dn", "doanh nghiep", "dntn", "cong ty", "cty", "tnhh", "enterprise", "company"),
        ProducerType.ENTERPRISE,
    ),
    (
        (
            "ho kinh doanh",
            "ho san xuat",
            "ho san xuat kinh doanh",
            "ho sxkd",
            "hkd",
            "ho",
            "co so",
            "ho gia dinh",
            "household",
        ),
        ProducerType.HOUSEHOLD,
    ),
]


@functools.cache
def _types_by_label() -> dict[str, str]:
    """The labels folded, in every language of the site ("Tổ hợp tác", "Cooperative group")."""
    labels = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            labels.update({vntext.fold(str(label)): choice for choice, label in ProducerType.choices})
    return labels


def parse_producer_type(value) -> str:
    """A producer type from its code, its label, or the words lists use ("HTX", "Công ty TNHH",
    "hộ kinh doanh"); "" for an empty cell."""
    folded = vntext.fold(display(value))
    if not folded:
        return ""
    if folded in ProducerType.values:
        return folded
    by_label = _types_by_label().get(folded)
    if by_label:
        return by_label
    for words, producer_type in PRODUCER_TYPE_WORDS:
        if any(folded == w or folded.startswith(w + " ") for w in words):
            return producer_type
    raise ValueError(f"Loại hình chủ thể không hợp lệ; dùng: {PRODUCER_TYPE_HELP}.")


def parse_stars(value, minimum: int = 3, *, message: str | None = None) -> int | None:
    """A whole number of stars from `minimum` to 5: 4, "4", "4 sao", "4★"; None for an empty cell.
    `message` replaces the detailed messages (not a number, not whole, out of range)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = display(value)
        if not text:
            return None
        text = vntext.fold(text.replace("★", " ").replace("*", " "))
        text = re.sub(r"\b(sao|stars?)\b", " ", text).strip().replace(" ", "")
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise ValueError(message or "Số sao phải là một số (3, 4 hoặc 5).") from None
    if not number.is_integer():
        raise ValueError(message or "Số sao phải là số nguyên.")
    if not (minimum <= number <= 5):
        raise ValueError(message or f"Số sao phải từ {minimum} đến 5")
    return int(number)
