"""Vietnamese text: one search normalisation and one collation key for the whole system.

- `fold(text)` is what every search compares: lower case, no diacritics, đ/Đ → d,
  punctuation and runs of spaces collapsed ("Đắk Lắk" and "dak  lak" fold alike).
- `sort_key(text)` orders names as Vietnamese readers expect (a ă â b c d đ e ê …,
  tones after letters, numbers in numeric order). It is a string of ASCII digits, so a
  database compares it the same way under any collation; store it beside the name and
  `order_by` it.
"""

import re
import unicodedata

# Vietnamese alphabet order, with the Latin letters Vietnamese lacks (f j w z) in Latin place.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(ALPHABET)}

# Tone marks (combining characters) in the customary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a different letter rather than a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_DIGITS = re.compile(r"\d+")


def strip_diacritics(text: str) -> str:
    """Remove every diacritic and fold đ/Đ to d/D, keeping case."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def fold(text: str | None) -> str:
    """Search form of a text: case- and diacritic-insensitive, đ → d, punctuation as spaces."""
    if not text:
        return ""
    folded = strip_diacritics(text).casefold()
    folded = _NOT_WORD.sub(" ", folded.replace("'", "").replace("\u2019", ""))
    return _SPACES.sub(" ", folded).strip()


def _split_letter(ch: str) -> tuple[str, int, bool]:
    """One precomposed character → (base Vietnamese letter, tone rank, is upper case)."""
    upper = ch != ch.lower()
    lower = ch.lower()
    if lower == "đ":
        return "đ", 0, upper
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        else:
            base = _LETTER_MARKS.get((base, mark), base)
    return base, tone, upper


def sort_key(text: str | None) -> str:
    """Collation key for Vietnamese order: letters first, then tones, then case.

    Primary level: two digits per letter (10+rank), "01" between words, numbers as
    "02" + their length + digits (so "Phường 2" sorts before "Phường 10"), "00" at the end.
    Secondary level: one tone digit per letter. Tertiary: one case digit per letter.
    """
    if not text:
        return "00"
    text = unicodedata.normalize("NFC", text).strip()
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    position = 0
    while position < len(text):
        ch = text[position]
        if ch.isdigit():
            number = _DIGITS.match(text, position)
            assert number is not None
            digits = number.group().lstrip("0") or "0"
            primary.append(f"02{len(digits):02d}{digits}")
            position = number.end()
            continue
        position += 1
        base, tone, upper = _split_letter(ch)
        rank = _LETTER_RANK.get(base)
        if rank is None:
            if base.isspace() or not base.isalnum():
                if primary and primary[-1] != "01":
                    primary.append("01")
                continue
            rank = len(ALPHABET) + (ord(base) % 50)  # other scripts: after z, stable
        primary.append(f"{10 + rank:02d}")
        tones.append(str(tone))
        cases.append("1" if upper else "0")
    while primary and primary[-1] == "01":
        primary.pop()
    return "".join(primary) + "00" + "".join(tones) + "0" + "".join(cases)


def sorted_vietnamese(items, key=lambda item: item):
    """Sort any iterable in Vietnamese order of `key(item)`."""
    return sorted(items, key=lambda item: sort_key(key(item)))
