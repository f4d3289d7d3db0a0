"""Bulk helpers for apps that add related pages to their page types."""

from collections import defaultdict


def child_objects(pages, ctx, relation, *, select_related=(), links_to=()):
    """``{page.pk: [child, ...]}`` for an InlinePanel relation, in one query.

    ``links_to``: the children's relations to pages that are shown as links (the pages
    are read with their translation keys only: ``ReadContext.link`` reads nothing else,
    and a linked topic's whole row, its body too, cost more than the rest of the query).

    Drafts come from revisions and carry their children in memory: those are read
    as they are, so a preview shows the draft's relations, not the live ones.

    Read with a plain query, not ``prefetch_related_objects``: the same rows in the
    model's order, each child pointing at its page as a prefetch leaves it, without
    the prefetch machinery (it cost more than the query on the search's cards).
    """
    in_memory = {
        page.pk: list(getattr(page, relation).all())
        for page in pages
        if ctx.draft or relation in getattr(page, "_prefetched_objects_cache", {})
    }  # drafts, and pages whose query prefetched the relation (the finder's)
    unread = [page for page in pages if page.pk not in in_memory]
    if not unread:
        return in_memory
    parental_key = type(unread[0])._meta.get_field(relation).field
    by_pk = {page.pk: page for page in unread}
    children = defaultdict(list)
    rows = parental_key.model._default_manager.filter(**{f"{parental_key.name}__in": list(by_pk)})
    if select_related or links_to:  # ``select_related()`` without names follows every one
        rows = rows.select_related(*select_related, *links_to)
    if links_to:
        keys = [f"{name}__translation_key" for name in links_to]
        rows = rows.only(parental_key.name, *links_to, *keys)
    for child in rows:
        page = by_pk[getattr(child, parental_key.attname)]
        parental_key.set_cached_value(child, page)
        children[page.pk].append(child)
    return {page.pk: in_memory.get(page.pk, children[page.pk]) for page in pages}


def links(ctx, owner, targets):
    """Placeholders for ``targets`` in ``owner``'s reader language (see ``ReadContext``)."""
    return [ctx.link(target, owner) for target in targets if target is not None]
