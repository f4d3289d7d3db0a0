"""How search treats a word in a language: stems, German compound parts, other spellings.

One module, so that the index, the query and the synonyms agree on what counts as the
same word:

* **Stems** (Snowball, via ``snowballstemmer``): "Lebermetastase" and "Lebermetastasen"
  share the stem ``lebermetastas``. PostgreSQL stems inside the database; SQLite's FTS5
  does not, so its backend indexes the stems next to the words and searches for both.
* **German compound parts**: "Heilungschancen" is looked for as itself *or* as
  "heilungs" AND "chancen" (stemmed by the engine: "Chance auf Heilung" matches). Split
  points are the hyphenation points of ``pyphen``'s German patterns (no dictionary to
  ship or keep up to date); a wrong split only costs an alternative that matches
  nothing, because both parts must occur on the page.
* **Spellings without special letters**: "Würschmidt" is also indexed as ``wuerschmidt``
  and ``wurschmidt``, so a visitor without umlauts on the keyboard finds it on every
  database (PostgreSQL keeps accents; FTS5 drops them but knows no ``ue``).
* **Near misses** for editors' synonym terms: one wrong, missing or extra letter in a
  long word ("Lebensserwartung" for "Lebenserwartung") still matches the term.

Everything is bounded: words longer than ``MAX_WORD`` are neither stemmed nor split, a
word has at most ``MAX_SPLITS`` compound alternatives.
"""

import threading
from functools import lru_cache

import pyphen
import snowballstemmer

from cms.search_terms import WORD, fold, plain_spellings, within_one_edit

SNOWBALL = {"en": "english", "de": "german", "fr": "french", "it": "italian"}
MAX_WORD = 40
MIN_COMPOUND = 9  # shorter German words are rarely compounds of two real words
MIN_PART = 4
MAX_SPLITS = 4
MIN_FUZZY = 8  # shorter words differ by one letter too often to be the same word

_local = threading.local()


def language_of(code):
    """``"de"`` for ``"de"``, ``"de-CH"`` or ``"DE"``; ``None`` for a language without stemmer."""
    base = (code or "").split("-")[0].lower()
    return base if base in SNOWBALL else None


def _stemmer(language):
    """A Snowball stemmer per thread: stemmer objects keep state while they work."""
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(SNOWBALL[language])
    return stemmers[language]


@lru_cache(maxsize=50_000)
def stem(word, language):
    """``word`` in lower case reduced to its stem in ``language`` (unchanged without stemmer)."""
    word = word.lower()
    language = language_of(language)
    if language is None or len(word) > MAX_WORD:
        return word
    return _stemmer(language).stemWord(word)


def spellings(word):
    """Other ways of writing ``word`` in plain letters: ``ü`` as ``ue`` and ``u``, ``ß`` ``ss``."""
    lower = word.lower()
    if lower.isascii() or len(lower) > MAX_WORD:
        return []
    variants = plain_spellings(lower)
    variants.discard(lower)
    return sorted(variants)


@lru_cache(maxsize=1)
def _german_hyphenator():
    return pyphen.Pyphen(lang="de_DE")


@lru_cache(maxsize=10_000)
def compound_splits(word, language):
    """``[(modifier, head), …]`` where a German compound may be split, at most ``MAX_SPLITS``.

    Both parts have at least ``MIN_PART`` letters; a linking ``s`` stays on the modifier
    ("heilungs"), the stemmers remove it.
    """
    lower = word.lower()
    if language_of(language) != "de" or not MIN_COMPOUND <= len(lower) <= MAX_WORD:
        return []
    if not lower.isalpha():
        return []
    splits = [
        (left, right)
        for left, right in _german_hyphenator().iterate(lower)
        if len(left) >= MIN_PART and len(right) >= MIN_PART
    ]
    return splits[:MAX_SPLITS]


def index_words(text, language, *, stems):
    """Words to index next to ``text`` so that the engine finds its other forms.

    ``stems`` adds the Snowball stems (for engines that do not stem, such as FTS5).
    """
    extra = {}
    for word in dict.fromkeys(WORD.findall(text)):
        if len(word) > MAX_WORD:
            continue
        lower = word.lower()
        forms = spellings(word)
        if stems:
            forms = [*forms, stem(word, language), *(stem(form, language) for form in forms)]
        for form in forms:
            if form != lower:
                extra[form] = None
    return list(extra)


def with_index_words(text, language, *, stems):
    """``text`` followed by its ``index_words`` (what the index stores for one field)."""
    extra = index_words(text, language, stems=stems)
    return f"{text} {' '.join(extra)}" if extra else text


def word_key(word, language):
    """What two words must share to be the same word here: the folded stem."""
    return fold(stem(fold(word), language))


def same_word(a, b, language):
    """``a`` and ``b`` are one word in ``language``: same stem, or one letter apart if long."""
    if word_key(a, language) == word_key(b, language):
        return True
    folded_a, folded_b = fold(a.lower()), fold(b.lower())
    return min(len(folded_a), len(folded_b)) >= MIN_FUZZY and within_one_edit(folded_a, folded_b)
