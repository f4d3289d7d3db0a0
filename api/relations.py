"""Bulk helpers for apps that add related pages to their page types."""

from django.db.models import Prefetch, prefetch_related_objects


def child_objects(pages, ctx, relation, *, select_related=()):
    """``{page.pk: [child, ...]}`` for an InlinePanel relation, in one query.

    Drafts come from revisions and carry their children in memory: those are read
    as they are, so a preview shows the draft's relations, not the live ones.
    """
    if not ctx.draft and pages:
        model = type(pages[0])._meta.get_field(relation).related_model
        queryset = model.objects.select_related(*select_related)
        prefetch_related_objects(pages, Prefetch(relation, queryset=queryset))
    return {page.pk: list(getattr(page, relation).all()) for page in pages}


def links(ctx, owner, targets):
    """Placeholders for ``targets`` in ``owner``'s reader language (see ``ReadContext``)."""
    return [ctx.link(target, owner) for target in targets if target is not None]
