"""Finding a specialist by a name typed with one letter wrong ("Wurschmid").

The full-text index already finds every spelling of umlauts ("Würschmidt", "Wurschmidt",
"Wuerschmidt": ``search.analysis.spellings``); a typo it cannot know. When the text
search of the finder found nobody, the names of the specialists in question are compared
with the visitor's words, allowing one wrong, missing or extra letter in words of
``MIN_FUZZY`` letters or more. One query (names only), and only after an empty result.
"""

from cms.search_terms import WORD, plain_spellings, within_one_edit

MIN_FUZZY = 5


def _matches(query_word, name_forms):
    forms = plain_spellings(query_word)
    if forms & name_forms:
        return True
    if len(query_word) < MIN_FUZZY:
        return False
    return any(within_one_edit(a, b) for a in forms for b in name_forms)


def close_name_ranks(queryset, terms):
    """``{pk: position}`` of specialists whose names contain every word of ``terms``,
    each exactly or one letter off; in the order of their sort name."""
    if not terms:
        return {}
    rows = queryset.order_by("sort_name", "pk").values_list("pk", "given_name", "family_name")
    ranks = {}
    for pk, given_name, family_name in rows:
        name_forms = set()
        for word in WORD.findall(f"{given_name} {family_name}"):
            name_forms |= plain_spellings(word)
        if all(_matches(term, name_forms) for term in terms):
            ranks[pk] = len(ranks)
    return ranks
