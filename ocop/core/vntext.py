"""Vietnamese text: one search normalisation and one collation key for the whole system.

- `fold(text)` is what every search compares: lower case, no diacritics, đ/Đ → d,
  punctuation and runs of spaces collapsed ("Đắk Lắk" and "dak  lak" fold alike).
- `sort_key(text)` orders names as Vietnamese readers expect (a ă â b c d đ e ê …,
  tones after letters, numbers in numeric order). It is a string of ASCII digits, so a
  database compares it the same way under any collation; store it beside the name and
  `order_by` it.
"""

import functools
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


class _Unmarked(dict):
    """`str.translate` table deleting combining marks, filled as characters are met (imports
    fold hundreds of thousands of cells: a C loop over a table, not a Python test per character).
    Characters outside the Basic Multilingual Plane are looked up without being stored."""

    def __missing__(self, code: int):
        value = None if unicodedata.combining(chr(code)) else code
        if code < 0x10000:
            self[code] = value
        return value


_UNMARKED = _Unmarked()


def strip_diacritics(text: str) -> str:
    """Remove every diacritic and fold đ/Đ to d/D, keeping case."""
    if text.isascii():
        return text
    stripped = unicodedata.normalize("NFD", text).translate(_UNMARKED)
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def fold(text: str | None) -> str:
    """Search form of a text: case- and diacritic-insensitive, đ → d, punctuation as spaces."""
    if not text:
        return ""
    folded = strip_diacritics(text).casefold()
    folded = _NOT_WORD.sub(" ", folded.replace("'", "").replace("\u2019", ""))
    return _SPACES.sub(" ", folded).strip()


@functools.lru_cache(maxsize=4096)
def _split_letter(ch: str) -> tuple[str, int, bool]:
    """One precomposed character → (base Vietnamese letter, tone rank, is upper case). Cached: a
    name has a few dozen distinct characters, met again in every name."""
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
    for run in _RUNS.findall(text):
        if run[0] in _ASCII_DIGITS or (run[0].isdigit() and _DIGITS.match(run)):
            digits = run.lstrip("0") or "0"
            primary.append(f"02{len(digits):02d}{digits}")
            continue
        pieces, run_tones, run_cases = _run_key(run)
        for piece in pieces:
            if piece != "01" or (primary and primary[-1] != "01"):
                primary.append(piece)
        tones.append(run_tones)
        cases.append(run_cases)
    while primary and primary[-1] == "01":
        primary.pop()
    return "".join(primary) + "00" + "".join(tones) + "0" + "".join(cases)


# Runs of digits, of spaces and of anything else: names are made of the same few hundred words,
# whose keys are worked out once (`_run_key`), so a key costs a few lookups, not a loop per letter.
_RUNS = re.compile(r"\d+|\s+|[^\d\s]+")
_ASCII_DIGITS = frozenset("0123456789")


@functools.lru_cache(maxsize=16384)
def _run_key(run: str) -> tuple[tuple[str, ...], str, str]:
    """(primary pieces, "01" for a separator; tone digits; case digits) of a run without digits."""
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    for ch in run:
        if ch.isdigit():  # a digit that is not a decimal digit (²): not a number to read
            raise AssertionError(f"not a decimal digit: {ch!r}")
        base, tone, upper = _split_letter(ch)
        rank = _LETTER_RANK.get(base)
        if rank is None:
            if base.isspace() or not base.isalnum():
                primary.append("01")
                continue
            rank = len(ALPHABET) + (ord(base) % 50)  # other scripts: after z, stable
        primary.append(f"{10 + rank:02d}")
        tones.append(str(tone))
        cases.append("1" if upper else "0")
    return tuple(primary), "".join(tones), "".join(cases)


def sorted_vietnamese(items, key=lambda item: item):
    """Sort any iterable in Vietnamese order of `key(item)`."""
    return sorted(items, key=lambda item: sort_key(key(item)))
