import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from ocop.core.vntext import fold, sort_key, sorted_vietnamese, strip_diacritics

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
TONED = [unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES]
LETTERS = sorted(set(TONED) | set("bcdđghklmnpqrstvx"))
ALPHABET = "".join(LETTERS) + "".join(letter.upper() for letter in LETTERS)

vietnamese_text = st.text(alphabet=ALPHABET + "0123456789 ,.-'", max_size=40)
vietnamese_words = st.text(alphabet=ALPHABET, min_size=1, max_size=12)


@given(vietnamese_text)
def test_folding_twice_is_folding_once(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=40))
def test_folding_any_text_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(vietnamese_text)
def test_folded_text_has_no_marks_no_d_stroke_and_no_capitals(text):
    folded = fold(text)
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded))
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.lower()
    assert folded.isascii()


@given(vietnamese_text)
def test_case_does_not_matter_to_folding(text):
    assert fold(text.upper()) == fold(text) == fold(text.lower())


@given(vietnamese_text)
def test_text_typed_without_diacritics_folds_like_the_original(text):
    assert fold(strip_diacritics(text)) == fold(text)


def test_folding_examples():
    assert fold("TỈNH  ĐẮK   LẮK") == "tinh dak lak"
    assert fold("Bà Rịa - Vũng Tàu") == "ba ria vung tau"
    assert fold("") == "" and fold(None) == ""


def test_tones_sort_after_the_bare_letter_in_the_customary_order():
    letters = ["a", "à", "ả", "ã", "á", "ạ", "ă"]
    assert sorted(reversed(letters), key=sort_key) == letters


def test_letters_with_marks_sort_after_the_plain_letter():
    assert sorted_vietnamese(["ơ", "ô", "o", "đ", "d", "ư", "u", "â", "ă", "a"]) == [
        "a",
        "ă",
        "â",
        "d",
        "đ",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
    ]


def test_province_names_sort_as_vietnamese_readers_expect():
    assert sort_key("Bạc Liêu") < sort_key("Bắc Giang") < sort_key("Bắc Kạn") < sort_key("Bến Tre")
    assert sort_key("Bạc") < sort_key("Bắc")
    assert sort_key("Dương") < sort_key("Đà Nẵng") < sort_key("Gia Lai")
    assert sort_key("Bình Dương") > sort_key("Bạc Liêu")


def test_numbers_sort_in_numeric_order():
    assert sort_key("Phường 2") < sort_key("Phường 10")
    assert sort_key("Phường 9") < sort_key("Phường 10") < sort_key("Phường An Lạc")


@given(vietnamese_text)
def test_sort_key_is_deterministic_and_ascii_digits(text):
    assert sort_key(text) == sort_key(text)
    assert sort_key(text).isdigit()


@given(vietnamese_words, vietnamese_words)
def test_distinct_words_never_share_a_sort_key(a, b):
    assert (sort_key(a) == sort_key(b)) == (a == b)


@given(vietnamese_text, vietnamese_text)
def test_equal_sort_keys_mean_the_texts_search_alike(a, b):
    if sort_key(a) == sort_key(b):
        assert fold(a) == fold(b)


@given(st.lists(vietnamese_words, max_size=20, unique=True))
def test_sorting_does_not_depend_on_the_input_order(words):
    assert sorted(words, key=sort_key) == sorted(reversed(words), key=sort_key)


@given(vietnamese_words, vietnamese_words, vietnamese_words)
def test_the_order_is_transitive(a, b, c):
    a, b, c = sorted([a, b, c], key=sort_key)
    assert sort_key(a) <= sort_key(b) <= sort_key(c)
    assert sort_key(a) <= sort_key(c)
