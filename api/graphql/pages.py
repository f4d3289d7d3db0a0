"""Page types in GraphQL: an interface ``Page`` and one object type per page model.

Each object type has the fields of the model's REST detail schema (``api.pagetypes``),
filled by the same bulk field resolvers in one ``ReadContext``: a list of pages costs
a fixed number of queries per page type, whatever its length, and relations and rich
text come out in the reader's language exactly as in REST.

``meta`` is the REST list's meta (no query per page). ``detailMeta`` (breadcrumbs,
parent, alternates, SEO) comes with ``page(...)`` at no cost; asked for on a list, it
is read page by page, as a REST client would read each detail.
"""

from collections import defaultdict
from typing import Any, Optional

import strawberry
from strawberry.types import Info

from wagtail.models import Page

from api.context import ReadContext
from api.pagetypes import base_item, detail_meta, page_type, page_types
from api.schemas import PageDetailMeta, PageMeta

from .types import TypeBuilder

DETAIL_META_FIELDS = set(PageDetailMeta.model_fields) - set(PageMeta.model_fields)


def graphql_name(model):
    """``TopicPage`` for ``topics.TopicPage``; Wagtail's own base page is ``BasePage``
    (``Page`` is the interface)."""
    return "BasePage" if model is Page else model.__name__


class PageTypes:
    """The GraphQL types of every page model, built once from the REST schemas."""

    def __init__(self, builder: TypeBuilder):
        self.builder = builder
        meta = builder.object(PageMeta)
        detail = builder.object(PageDetailMeta, name="PageDetailMeta")
        self.interface = _interface(meta, detail, builder)
        self.objects = {}
        for model, kind in page_types().items():
            self.objects[model] = builder.object(
                kind.detail_schema,
                name=graphql_name(model),
                bases=(self.interface,),
                skip={"meta"},
            )

    def by_name(self):
        return {graphql_name(model): model for model in self.objects}

    def build(self, pages, ctx, *, details=None):
        """Strawberry objects for ``pages`` (specific pages, in order), serialised in
        bulk; ``details`` are REST detail answers already made for some of them."""
        details = details or {}
        values = _detail_fields([page for page in pages if page.pk not in details], ctx)
        items = []
        for page in pages:
            if page.pk in details:
                items.append(details[page.pk])
                continue
            item = base_item(page, ctx)
            item.update(values[page.pk])
            items.append(item)
        items = ctx.finish(items)
        return [self.instance(page, item, ctx) for page, item in zip(pages, items, strict=True)]

    def instance(self, page, item, ctx):
        kind = page_type(type(page))
        meta = {name: item["meta"][name] for name in PageMeta.model_fields}
        known = DETAIL_META_FIELDS <= set(item["meta"])
        return self.builder.instance(
            kind.detail_schema,
            {**item, "meta": None},
            meta=self.builder.instance(PageMeta, meta),
            source=page,
            reader=ctx,
            known_detail=self.builder.instance(PageDetailMeta, item["meta"]) if known else None,
        )


def _detail_fields(pages, ctx):
    """Every detail field of ``pages``, resolved per page type (``serialize_pages``'
    fields without its per-page meta)."""
    values = defaultdict(dict)
    groups = defaultdict(list)
    for page in pages:
        groups[type(page)].append(page)
    for model, group in groups.items():
        for spec in page_type(model).detail_fields:
            resolved = spec.resolve(group, ctx)
            for page in group:
                values[page.pk][spec.name] = resolved[page.pk]
    return values


def _interface(meta_type, detail_type, builder):
    def resolve_detail_meta(root, info: Info) -> Optional[detail_type]:  # noqa: UP045
        """Breadcrumbs, parent, alternates and SEO fields: free on ``page``, one
        lookup per page on lists."""
        if root.known_detail is not None:
            return root.known_detail
        reader = root.reader
        ctx = ReadContext(
            reader.request, locale=reader.locale, fallback=reader.fallback, draft=reader.draft
        )
        base = base_item(root.source, ctx)["meta"]
        data = ctx.finish({**base, **detail_meta(root.source, ctx)})
        return builder.instance(PageDetailMeta, data)

    namespace = {
        "__annotations__": {
            "id": int,
            "type": str,
            "title": str,
            "meta": meta_type,
            "source": strawberry.Private[Any],
            "reader": strawberry.Private[Any],
            "known_detail": strawberry.Private[Any],
        },
        "__doc__": "Every page type: its id, type label, title and list meta.",
        "detail_meta": strawberry.field(resolver=resolve_detail_meta),
    }
    return strawberry.interface(type("Page", (), namespace), name="Page")
