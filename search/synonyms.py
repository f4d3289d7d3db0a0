"""Apply editors' synonym groups to a query, at query time.

Query-time expansion needs no re-indexing when editors change a group, and works the
same on every backend: ``liver secondaries`` becomes
``(liver AND secondaries) OR (liver AND metastases) OR (hepatic AND metastases)``.
"""

from modelsearch.query import Or, PlainText

from cms.search_terms import WORD, fold

from .models import SearchSynonym

MAX_VARIANTS = 12


def synonym_groups(locales):
    """Term groups of the given locales (one query); each term is a tuple of words."""
    groups = []
    for synonym in SearchSynonym.objects.filter(locale__in=locales):
        group = [tuple(WORD.findall(term)) for term in synonym.term_list()]
        group = [words for words in group if words]
        if len(group) > 1:
            groups.append(group)
    return groups


def expand(terms, groups):
    """Every way of writing ``terms`` with synonyms swapped in; the original comes first.

    Terms are compared without case and accents but the words sent to the engine are the
    ones the visitor or editor wrote: PostgreSQL's stemmers keep accents.
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
            for other in group:
                if other != member:
                    expanded.append(variant[:start] + other + variant[start + len(member) :])
        variants = list(dict.fromkeys(expanded))[:MAX_VARIANTS]
    return variants


def _folded(words):
    return tuple(fold(word) for word in words)


def _find_member(words, group):
    """The first (longest first) term of ``group`` found in ``words``, and where it starts."""
    folded = _folded(words)
    for member in sorted(group, key=len, reverse=True):
        target = _folded(member)
        for start in range(len(folded) - len(target) + 1):
            if folded[start : start + len(target)] == target:
                return start, member
    return None


def build_query(terms, groups):
    """A modelsearch query: the terms ANDed, OR-ed over synonym variants.

    Returns the query and the variants that were added (shown to the visitor).
    """
    variants = expand(terms, groups)
    queries = [PlainText(" ".join(variant), operator="and") for variant in variants]
    query = queries[0] if len(queries) == 1 else Or(queries)
    return query, [" ".join(variant) for variant in variants[1:]]
