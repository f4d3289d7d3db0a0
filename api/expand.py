"""Expanded relations: a related page becomes its summary card, for a whole level at once.

``ReadContext.finish`` resolves every link of a response to the reader's language in one
query (live, public pages only: a draft-only relation is dropped as it is unexpanded);
the links that asked for a card (``api.selection``) come here together. Their pages are
read as their specific types (one query per type) and serialised by
``api.pagetypes.serialize_pages`` with the card's selection, whose own ``finish``
expands the next level: the number of queries depends on the levels and the relations
asked for, never on the number of pages.
"""

from collections import defaultdict

from .context import ReadContext


def expand_links(ctx, wanted):
    """``{id(pending link): card}`` for ``[(pending link, resolved page), ...]``."""
    from .pagetypes import as_specific, serialize_pages

    by_selection = defaultdict(dict)
    for link, page in wanted:
        by_selection[link.card][page.pk] = page
    # The resolved pages know their type and locale: read as their types, not again.
    unique = {page.pk: page for pages in by_selection.values() for page in pages.values()}
    specific = {page.pk: page for page in as_specific(list(unique.values()))}
    cards = {}
    for selection, pages in by_selection.items():
        found = [specific[pk] for pk in pages if pk in specific]
        child = ReadContext(
            ctx.request, locale=ctx.locale, fallback=ctx.fallback, rich_text_format=None
        )
        child.rich_text_format = ctx.rich_text_format
        serialised = serialize_pages(found, child, selection=selection)
        by_pk = {card["id"]: card for card in serialised}
        for link, page in wanted:
            if link.card is selection and page.pk in by_pk:
                cards[id(link)] = by_pk[page.pk]
    return cards
