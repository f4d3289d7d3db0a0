"""Page types in GraphQL: an interface ``Page`` and one object type per page model.

Each object type has the fields of the model's REST detail schema (``api.pagetypes``),
filled by the same bulk field resolvers in one ``ReadContext``: a list of pages costs
a fixed number of queries per page type, whatever its length, and relations and rich
text come out in the reader's language exactly as in REST.

``meta`` is the REST list's meta (no query per page). ``detailMeta`` (breadcrumbs,
parent, alternates, SEO) comes with ``page(...)`` at no cost; asked for on a list, it
is read page by page, as a REST client would read each detail.

A related page is REST's ``PageLink`` (``{id, title, url, locale}``, in the reader's
language) plus ``page``: the linked page itself, typed. Links are loaded in batches
(:class:`LinkedPages`): the first ``page`` asked for under, say, ``TopicPage.therapies``
loads the pages of every ``therapies`` link of the answer so far in one go, through
``public_pages`` (a link never reveals a page the reader may not see), so a list of
topics with their therapies' pages costs a fixed number of queries per level.
"""

import dataclasses
from collections import defaultdict
from typing import Annotated, Any, Optional

import strawberry
from strawberry.types import Info

from wagtail.models import Page

from api.context import ReadContext
from api.pages import public_pages
from api.pagetypes import (
    base_item,
    detail_meta,
    field_values,
    page_type,
    page_types,
    specific_pages,
)
from api.schemas import PageDetailMeta, PageLink, PageMeta

from .types import TypeBuilder

DETAIL_META_FIELDS = set(PageDetailMeta.model_fields) - set(PageMeta.model_fields)
LOADER_ATTR = "_graphql_linked_pages"

# The ``Page`` interface, for the lazy reference of ``PageLink.page`` (links are part of
# the interface's own ``detailMeta``, so one of the two must be named lazily).
PageInterface = None
LazyPage = Annotated["PageInterface", strawberry.lazy("api.graphql.pages")]


def graphql_name(model):
    """``TopicPage`` for ``topics.TopicPage``; Wagtail's own base page is ``BasePage``
    (``Page`` is the interface)."""
    return "BasePage" if model is Page else model.__name__


class PageTypes:
    """The GraphQL types of every page model, built once from the REST schemas."""

    def __init__(self, builder: TypeBuilder):
        global PageInterface
        self.builder = builder
        self.link_type = builder.object(PageLink, extra=_link_namespace(self))
        meta = builder.object(PageMeta)
        detail = builder.object(PageDetailMeta, name="PageDetailMeta")
        self.interface = PageInterface = _interface(meta, detail, builder)
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
        values = field_values([page for page in pages if page.pk not in details], ctx, detail=True)
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
        known = set(item["meta"]) >= DETAIL_META_FIELDS
        built = self.builder.instance(
            kind.detail_schema,
            {**item, "meta": None},
            meta=self.builder.instance(PageMeta, meta),
            source=page,
            reader=ctx,
            known_detail=self.builder.instance(PageDetailMeta, item["meta"]) if known else None,
        )
        loader = linked_pages(ctx.request, self)
        for field in dataclasses.fields(built):
            for link in _links_in(getattr(built, field.name), self.link_type):
                link.origin = f"{graphql_name(type(page))}.{field.name}"
                link.reader = ctx
                loader.expect(link)
        return built


def _links_in(value, link_type):
    """Every ``PageLink`` object inside ``value`` (a field's strawberry value)."""
    if isinstance(value, link_type):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _links_in(item, link_type)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _links_in(getattr(value, field.name), link_type)


def linked_pages(request, page_types):
    if not hasattr(request, LOADER_ATTR):
        setattr(request, LOADER_ATTR, LinkedPages(request, page_types))
    return getattr(request, LOADER_ATTR)


class LinkedPages:
    """The pages behind ``PageLink``s of one request, loaded a batch per origin."""

    def __init__(self, request, page_types):
        self.request = request
        self.page_types = page_types
        self.expected = defaultdict(list)  # origin -> links not loaded yet
        self.loaded = {}  # (reader locale id, page id) -> object or None

    def expect(self, link):
        self.expected[link.origin].append(link)

    def load(self, link):
        key = self._key(link)
        if key not in self.loaded:
            batch = [*self.expected.pop(link.origin, []), link]
            self._load([item for item in batch if self._key(item) not in self.loaded])
        return self.loaded.get(key)

    @staticmethod
    def _key(link):
        locale = link.reader.locale if link.reader is not None else None
        return (locale.pk if locale is not None else None, link.id)

    def _load(self, links):
        by_reader = defaultdict(list)
        for link in links:
            by_reader[self._key(link)[0]].append(link)
        for locale_id, group in by_reader.items():
            reader = group[0].reader
            ids = {link.id for link in group}
            pages = specific_pages(public_pages(self.request).filter(pk__in=ids))
            ctx = ReadContext(
                self.request,
                locale=reader.locale if reader is not None else None,
                fallback=reader.fallback if reader is not None else None,
            )
            built = dict(
                zip((page.pk for page in pages), self.page_types.build(pages, ctx), strict=True)
            )
            for page_id in ids:
                self.loaded[(locale_id, page_id)] = built.get(page_id)


def _link_namespace(page_types):
    def resolve_page(root, info: Info) -> LazyPage | None:
        """The linked page with its fields (live and public only; batched per field)."""
        if root.reader is None:
            return None
        return linked_pages(info.context.request, page_types).load(root)

    return {
        "__annotations__": {
            "origin": strawberry.Private[Any],
            "reader": strawberry.Private[Any],
        },
        "origin": None,
        "reader": None,
        "page": strawberry.field(resolver=resolve_page),
    }


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
