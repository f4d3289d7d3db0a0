"""API v2 for existing Wagtail clients: pages, images and documents, JSON only.

Wagtail's own viewsets, minus the browsable HTML renderer: every answer, errors
included, is JSON whatever the ``Accept`` header says. ``?search=`` goes through the
site's query cleaning and search guard (``cms.search_terms``), like every other search.
StreamFields are serialised by the blocks' one API shape (``api.blocks``), as in
v3: page links in the page's language, images and documents as objects.
"""

import re

from ninja.errors import HttpError
from rest_framework.fields import Field
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from taggit.managers import _TaggableManager

from django.db.models import Prefetch

from modelcluster.models import get_all_child_relations
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import PageSerializer, TagsField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.serializers import DocumentSerializer
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import StreamField
from wagtail.images.api.v2.serializers import ImageSerializer
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from cms import cache_tags
from cms.search_terms import clean_query, search_guard

from .blocks import BlockContext, represent
from .context import ReadContext


class AlwaysJSON(BaseContentNegotiation):
    """JSON whatever the client accepts: a browser's Accept header gets JSON, not a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CleanSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, given the cleaned words instead of the raw text.

    Wagtail hands the raw text to the backend, where a double quote is an FTS syntax
    error (a 500). Wagtail's filter reads the parameter from ``request.GET``, so the
    cleaned words stand in for it while it runs; the count is read inside the guard, so
    a failing index is answered 503 here rather than failing later, mid-response.
    """

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return super().filter_queryset(request, queryset, view)
        clean = clean_query(request.GET["search"])
        if not clean:
            return queryset.none()
        original = request._request.GET
        cleaned = original.copy()
        cleaned["search"] = clean.search_text
        request._request.GET = cleaned
        try:
            with search_guard("API v2 search"):
                results = super().filter_queryset(request, queryset, view)
                results.count()
        finally:
            request._request.GET = original
        return results


def _cleaned_search(filter_backends):
    return [CleanSearchFilter if f is SearchFilter else f for f in filter_backends]


class JSONOnly:
    renderer_classes = [JSONRenderer]
    content_negotiation_class = AlwaysJSON


def read_context(view):
    """The view's ``ReadContext``: one per request, finished in ``finalize_response``."""
    if getattr(view, "read_context", None) is None:
        view.read_context = ReadContext(
            view.request, rich_text_format=view.resolve_rich_text_format()
        )
    return view.read_context


class BlocksField(Field):
    """A StreamField in the blocks' API shape (Wagtail's v2 field dumps stored ids)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(*args, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        field = page._meta.get_field(self.source)
        ctx = read_context(self.context["view"])
        return represent(field.stream_block, getattr(page, self.source), BlockContext(ctx, page))


class PageSerializerV2(PageSerializer):
    serializer_field_mapping = {**PageSerializer.serializer_field_mapping, StreamField: BlocksField}


class PagesV2(JSONOnly, PagesAPIViewSet):
    """Wagtail's pages endpoint, with what every item reads fetched with the list.

    Wagtail's serialiser reads each page's locale and, with ``fields``, each page's
    child relations (references, topic links, ...) one page at a time. Block links
    and rich text are resolved for the whole answer at once when it is finished.
    """

    base_serializer_class = PageSerializerV2
    filter_backends = _cleaned_search(PagesAPIViewSet.filter_backends)

    def listing_view(self, request):
        # A cached list must also refresh when a page joins or leaves it (one it never
        # loaded), as the v3 list does.
        cache_tags.depends_on(cache_tags.LIST)
        return super().listing_view(request)

    def finalize_response(self, request, response, *args, **kwargs):
        ctx = getattr(self, "read_context", None)
        if ctx is not None and getattr(response, "data", None) is not None:
            response.data = ctx.finish(response.data)
        return super().finalize_response(request, response, *args, **kwargs)

    def get_base_queryset(self):
        """Wagtail's public pages, as v3 reads them (``api.pages.public_pages``): Wagtail's
        own function reads every view restriction, the site's root page and its
        translations each time, and its v2 views ask for it several times a request.
        With ``?search=`` the site's trees are paths (a search backend takes no subquery).
        """
        from .pages import public_pages

        try:
            return public_pages(self.request)
        except HttpError as error:  # ?site= matched several sites, as Wagtail's 400
            raise BadRequestError(str(error)) from error

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        if queryset.model is Page:
            return queryset
        requested = set(re.findall(r"[\w*]+", self.request.GET.get("fields", "")))
        prefetches = []
        for relation in get_all_child_relations(queryset.model):
            if self.action == "listing_view" and not requested & {
                "*",
                relation.get_accessor_name(),
            }:
                continue  # lists show child relations only when ``fields`` asks for them
            related = relation.related_model
            pages = [
                field.name
                for field in related._meta.concrete_fields
                if field.is_relation and issubclass(field.related_model, Page)
            ]
            prefetches.append(
                Prefetch(
                    relation.get_accessor_name(),
                    queryset=related.objects.select_related(*pages),
                )
            )
        return queryset.prefetch_related(*prefetches)


class PrefetchedTagsField(TagsField):
    """Tag names from the tags prefetched with the list (Wagtail's queries per item)."""

    def to_representation(self, value):
        prefetched = getattr(value.instance, "_prefetched_objects_cache", {})
        if value.prefetch_cache_name in prefetched:
            return sorted(tag.name for tag in value.all())
        return super().to_representation(value)


class PrefetchedTags:
    def build_property_field(self, field_name, model_class):
        if isinstance(getattr(model_class, field_name), _TaggableManager):
            return PrefetchedTagsField, {}
        return super().build_property_field(field_name, model_class)


class ImageSerializerV2(PrefetchedTags, ImageSerializer):
    pass


class DocumentSerializerV2(PrefetchedTags, DocumentSerializer):
    pass


class ImagesV2(JSONOnly, ImagesAPIViewSet):
    base_serializer_class = ImageSerializerV2
    filter_backends = _cleaned_search(ImagesAPIViewSet.filter_backends)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")


class DocumentsV2(JSONOnly, DocumentsAPIViewSet):
    base_serializer_class = DocumentSerializerV2
    filter_backends = _cleaned_search(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("tags")


router = WagtailAPIRouter("wagtailapi_v2")
router.register_endpoint("pages", PagesV2)
router.register_endpoint("images", ImagesV2)
router.register_endpoint("documents", DocumentsV2)
