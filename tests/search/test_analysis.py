"""The word handling behind search (``search.analysis``, ``search.synonyms``): examples,
and properties over any text a visitor could send."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cms.search_terms import clean_query, within_one_edit
from search.analysis import (
    MAX_WORD,
    compound_splits,
    index_words,
    same_word,
    spellings,
    stem,
    with_index_words,
)
from search.synonyms import MAX_QUERY_SPLITS, SynonymGroup, build_query

SEARCH_SYNTAX = st.sampled_from(['"', "*", "NEAR(", "-", "^", ":", "(", ")", "AND", "OR", "NOT"])
TEXT = st.lists(
    st.one_of(st.text(max_size=30), SEARCH_SYNTAX, st.text("٣٤५௫0123456789", max_size=5)),
    max_size=12,
).map(" ".join)


@pytest.mark.parametrize(
    ("language", "a", "b"),
    [
        ("de", "Lebermetastase", "Lebermetastasen"),
        ("de", "Chemotherapien", "Chemotherapie"),
        ("fr", "chimiothérapies", "chimiothérapie"),
        ("it", "chemioterapie", "chemioterapia"),
        ("en", "resections", "resection"),
        ("de-ch", "Heilungs", "Heilung"),
    ],
)
def test_inflections_share_a_stem(language, a, b):
    assert stem(a, language) == stem(b, language)


def test_languages_without_a_stemmer_keep_the_word():
    assert stem("Metastasen", "xx") == "metastasen"
    assert stem("Metastasen", None) == "metastasen"


def test_plain_letter_spellings():
    assert spellings("Würschmidt") == ["wuerschmidt", "wurschmidt"]
    assert spellings("Straße") == ["strasse"]
    assert spellings("métastases") == ["metastases"]
    assert spellings("Leber") == []


def test_german_compounds_split_at_hyphenation_points():
    assert ("heilungs", "chancen") in compound_splits("Heilungschancen", "de")
    assert ("leber", "metastasen") in compound_splits("Lebermetastasen", "de")
    assert compound_splits("Heilungschancen", "en") == []
    assert compound_splits("Leber", "de") == []
    assert compound_splits("x" * (MAX_WORD + 1), "de") == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Lebensserwartung", "Lebenserwartung", True),  # one letter too many
        ("Lebenserwartng", "Lebenserwartung", True),  # one letter missing
        ("Quallenbisse", "Quallenbiss", True),  # same stem
        ("Darm", "Harm", False),  # short words one letter apart are different words
        ("Lebenserwartung", "Lebensbedingung", False),
    ],
)
def test_same_word(a, b, same):
    assert same_word(a, b, "de") is same


def test_index_words_add_stems_and_spellings_once():
    extra = index_words("Die Größe der Lebermetastasen, Lebermetastasen.", "de", stems=True)

    assert "lebermetastas" in extra and "groesse" in extra
    assert len(extra) == len(set(extra))
    assert "lebermetastas" not in index_words("Lebermetastasen", "de", stems=False)


def test_a_split_is_an_alternative_to_the_whole_word():
    built = build_query(["Heilungschancen"], [], ["de"])

    assert "heilungs" in built.words and "chancen" in built.words
    assert "Or" in repr(built.query) and "heilungschancen" in repr(built.query).lower()


def _levenshtein(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


@given(st.text(max_size=8), st.text(max_size=8))
def test_within_one_edit_is_edit_distance_at_most_one(a, b):
    assert within_one_edit(a, b) is (_levenshtein(a, b) <= 1)
    assert within_one_edit(a, b) is within_one_edit(b, a)


@settings(max_examples=200)
@given(TEXT, st.sampled_from(["de", "en", "fr", "it", "xx", None]))
def test_any_text_is_indexed_with_its_words_first(text, language):
    stored = with_index_words(text, language, stems=True)

    assert stored.startswith(text)
    assert with_index_words(text, language, stems=True) == stored  # stable
    assert all(len(word) <= 4 * MAX_WORD for word in index_words(text, language, stems=True))


@settings(max_examples=200)
@given(TEXT, st.lists(st.sampled_from(["de", "en", "fr", "it"]), max_size=4))
def test_any_query_builds_a_bounded_query(text, languages):
    terms = clean_query(text).terms
    group = SynonymGroup("de", (("Lebenserwartung",), ("Prognose",)))

    built = build_query(terms, [group], languages)

    again = build_query(terms, [group], languages)
    assert (repr(again.query), again.words) == (repr(built.query), built.words)  # stable
    variant_words = set(terms) | {word for words in built.synonyms for word in words.split()}
    assert len(set(built.words) - variant_words) <= 2 * MAX_QUERY_SPLITS  # compound parts
