"""Build the query for a search: editors' synonym groups and German compound parts.

Query-time expansion needs no re-indexing when editors change a group, and works the
same on every backend: ``liver secondaries`` becomes
``(liver AND secondaries) OR (liver AND metastases) OR (hepatic AND metastases)``.
A visitor's word matches a synonym term when both have the same stem in the group's
language, or differ by one letter in a long word (``search.analysis.same_word``):
"Lebermetastase" matches the term "Lebermetastasen", "Lebensserwartung" the term
"Lebenserwartung".

German compounds are searched as themselves or as their parts:
``Heilungschancen`` becomes ``heilungschancen OR (heilungs AND chancen)``, so a page
that says "Chance auf Heilung" is found. At most ``MAX_QUERY_SPLITS`` split alternatives per
query keep the query small whatever the input.
"""

from dataclasses import dataclass

from modelsearch.query import And, Or, PlainText

from .analysis import compound_splits, same_word, word_key
from .configuration import configuration

MAX_VARIANTS = 12
MAX_QUERY_SPLITS = 8


@dataclass(frozen=True)
class SynonymGroup:
    language: str
    terms: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class BuiltQuery:
    query: object
    synonyms: list[str]
    words: list[str]  # every word searched for, for marking excerpts


def synonym_groups(locales):
    """Term groups of the given locales (no query: ``search.configuration``); each term
    is a tuple of words."""
    languages = {locale.pk: locale.language_code for locale in locales}
    return [
        SynonymGroup(languages[locale_id], terms)
        for locale_id, terms in configuration().synonyms
        if locale_id in languages
    ]


def expand(terms, groups):
    """Every way of writing ``terms`` with synonyms swapped in; the original comes first.

    The words sent to the engine are the ones the visitor or editor wrote: PostgreSQL's
    stemmers keep accents.
    """
    variants = [tuple(terms)]
    for group in groups:
        expanded = []
        for variant in variants:
            expanded.append(variant)
            found = _find_member(variant, group)
            if found is None:
                continue
            start, member = found
            written = variant[start : start + len(member)]
            # The group's other terms; and the term itself when the visitor mistyped it
            # ("chemotheraphy"): the engine matches stems, not typos.
            typo = any(
                word_key(a, group.language) != word_key(b, group.language)
                for a, b in zip(written, member, strict=True)
            )
            for other in group.terms:
                if other != member or typo:
                    expanded.append(variant[:start] + other + variant[start + len(member) :])
        variants = list(dict.fromkeys(expanded))[:MAX_VARIANTS]
    return variants


def _find_member(words, group):
    """The first (longest first) term of ``group`` found in ``words``, and where it starts."""
    for member in sorted(group.terms, key=len, reverse=True):
        for start in range(len(words) - len(member) + 1):
            window = words[start : start + len(member)]
            if all(same_word(a, b, group.language) for a, b in zip(window, member, strict=True)):
                return start, member
    return None


def build_query(terms, groups, languages=()):
    """A modelsearch query: the terms ANDed, OR-ed over synonym variants, German
    compounds also as their parts (in ``languages``).

    Returns the query, the variants that were added (shown to the visitor) and every
    word searched for.
    """
    variants = expand(terms, groups)
    splits = _Splits(languages)
    queries = [splits.variant_query(variant) for variant in variants]
    query = queries[0] if len(queries) == 1 else Or(queries)
    words = [word for variant in variants for word in variant] + splits.parts
    return BuiltQuery(
        query, [" ".join(variant) for variant in variants[1:]], list(dict.fromkeys(words))
    )


class _Splits:
    """Compound alternatives for the words of one query, at most ``MAX_QUERY_SPLITS`` in all."""

    def __init__(self, languages):
        self.languages = languages
        self.left = MAX_QUERY_SPLITS
        self.parts = []
        self.seen = {}

    def alternatives(self, word):
        if word not in self.seen:
            found = []
            for language in self.languages:
                for split in compound_splits(word, language):
                    if self.left > 0 and split not in found:
                        found.append(split)
                        self.left -= 1
            self.seen[word] = found
            self.parts.extend(part for split in found for part in split)
        return self.seen[word]

    def variant_query(self, words):
        if not any(self.alternatives(word) for word in words):
            return PlainText(" ".join(words), operator="and")
        queries = [self.word_query(word) for word in words]
        return queries[0] if len(queries) == 1 else And(queries)

    def word_query(self, word):
        splits = self.alternatives(word)
        if not splits:
            return PlainText(word)
        return Or(
            [PlainText(word), *(PlainText(" ".join(split), operator="and") for split in splits)]
        )
