"""Page reads: typed lists and details, locale fallback, drafts for editors.

Replaces Wagtail's own ``/pages/`` router (which lists only id/title/meta, types
StreamField as ``list[Any]`` and copies translations past wagtail-localize).
"""

from typing import Literal
from urllib.parse import urlsplit

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.v3.errors import as_validation_error
from wagtail.models import Locale, Page, Site

from cms import cache_tags

from .auth import reader_auth
from .context import ReadContext
from .pagetypes import page_types, serialize_pages, specific_pages, union
from .params import get_locale

ORDERINGS = {
    "path": ("path",),
    "title": ("title", "pk"),
    "-title": ("-title", "pk"),
    "first_published_at": ("first_published_at", "pk"),
    "-first_published_at": ("-first_published_at", "pk"),
    "last_published_at": ("last_published_at", "pk"),
    "-last_published_at": ("-last_published_at", "pk"),
}


def reject_unknown_parameters(request, allowed):
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise HttpError(400, _("Unknown query parameter(s): %s.") % ", ".join(unknown))


def mark_last_modified(request, page):
    if page.last_published_at:
        request.api_last_modified = page.last_published_at


def public_pages(request):
    return get_public_pages_queryset(request, Page)


def localized(queryset, locale, fallback):
    """Pages in ``locale``, plus pages in ``fallback`` that have no ``locale`` version."""
    if locale is None:
        return queryset
    if fallback is None or fallback == locale:
        return queryset.filter(locale=locale)
    translated = queryset.filter(locale=locale).values("translation_key")
    return queryset.filter(
        Q(locale=locale) | (Q(locale=fallback) & ~Q(translation_key__in=translated))
    )


def _under(request, page_id, name, fallback, *, children):
    parent = public_pages(request).filter(pk=page_id).first()
    if parent is None:
        raise as_validation_error(
            Page.DoesNotExist(), _("No page matches the given %s value.") % name, loc=(name,)
        )
    parents = [parent]
    if fallback is not None:
        parents += list(
            Page.objects.filter(translation_key=parent.translation_key, locale=fallback)
        )
    condition = Q()
    for item in parents:
        depth = Q(depth=item.depth + 1) if children else Q(depth__gt=item.depth)
        condition |= Q(path__startswith=item.path) & depth
    return condition


def build_router():
    models = list(page_types())
    type_literal = Literal[tuple(model._meta.label for model in models)]
    summary_union = union("summary_schema")
    detail_union = union("detail_schema")

    class PageList(Schema):
        count: int
        items: list[summary_union]

    router = Router(tags=["pages"])

    @router.get(
        "/",
        response=PageList,
        auth=reader_auth,
        url_name="cms_page_list",
        operation_id="pages_list",
        summary="List pages with each type's summary fields",
    )
    def list_pages(
        request,
        type: list[type_literal] = Query([]),  # noqa: A002
        locale: str | None = None,
        fallback: str | None = None,
        child_of: int | None = Query(None, ge=1),
        descendant_of: int | None = Query(None, ge=1),
        order: Literal[tuple(ORDERINGS)] = "path",
        limit: int = Query(20, ge=1, le=settings.WAGTAILAPI_LIMIT_MAX),
        offset: int = Query(0, ge=0),
    ):
        """Live, public pages; ``?locale=fr&fallback=en`` fills gaps with English pages."""
        cache_tags.depends_on(cache_tags.LIST)  # pages joining or leaving the list
        reject_unknown_parameters(
            request,
            ["type", "locale", "fallback", "child_of", "descendant_of", "order", "limit", "offset"],
        )
        if fallback and not locale:
            raise HttpError(400, _("'fallback' needs 'locale'."))
        if child_of and descendant_of:
            raise HttpError(400, _("Use either 'child_of' or 'descendant_of'."))
        requested, fallback_locale = get_locale(locale), get_locale(fallback, "fallback")
        queryset = public_pages(request)
        if type:
            chosen = [model for model in models if model._meta.label in type]
            queryset = queryset.type(*chosen)
        if child_of or descendant_of:
            queryset = queryset.filter(
                _under(
                    request,
                    child_of or descendant_of,
                    "child_of" if child_of else "descendant_of",
                    fallback_locale,
                    children=bool(child_of),
                )
            )
        queryset = localized(queryset, requested, fallback_locale)
        queryset = queryset.order_by(*ORDERINGS[order])
        count = queryset.count()
        # No Last-Modified here: a page leaving the list does not change any date, so
        # lists are revalidated by their ETag only.
        pages = specific_pages(queryset[offset : offset + limit])
        ctx = ReadContext(request, locale=requested, fallback=fallback_locale)
        return {"count": count, "items": serialize_pages(pages, ctx)}

    @router.get(
        "/find/",
        response=detail_union,
        auth=reader_auth,
        url_name="cms_page_find",
        operation_id="pages_find",
        summary="The page at a site URL, e.g. a link shared from the website",
    )
    def find_page(
        request,
        html_path: str,
        rich_text_format: RichTextOutputFormat | None = None,
    ):
        """``?html_path=/de/themen/lebermetastasen/`` answers with that page, never a redirect."""
        reject_unknown_parameters(request, ["html_path", "rich_text_format"])
        page = page_at(request, html_path)
        return live_detail(request, page, None, None, rich_text_format)

    @router.get(
        "/{page_id}/",
        response=detail_union,
        auth=reader_auth,
        url_name="cms_page_detail",
        operation_id="pages_detail",
        summary="A page with every field, its relations in the reader's language",
    )
    def page_detail(
        request,
        page_id: int,
        locale: str | None = None,
        fallback: str | None = None,
        version: Literal["live", "draft"] = "live",
        rich_text_format: RichTextOutputFormat | None = None,
    ):
        """``?locale=de`` returns the German version of the page with this id.

        ``?version=draft`` (with a token whose user may edit the page) returns the
        latest revision, so editors see drafts in the app before publishing.
        """
        reject_unknown_parameters(request, ["locale", "fallback", "version", "rich_text_format"])
        if fallback and not locale:
            raise HttpError(400, _("'fallback' needs 'locale'."))
        requested, fallback_locale = get_locale(locale), get_locale(fallback, "fallback")
        if version == "draft":
            page = draft_page(request, page_id, requested)
            ctx = ReadContext(
                request, locale=requested, rich_text_format=rich_text_format, draft=True
            )
            request.api_no_store = True
            return serialize_pages([page], ctx, detail=True)[0]
        page = public_pages(request).filter(pk=page_id).first()
        if page is None:
            raise Http404(_("No page with id %s.") % page_id)
        return live_detail(request, page, requested, fallback_locale, rich_text_format)

    return router


def live_detail(request, page, requested, fallback, rich_text_format):
    """``page`` (or its version in ``requested``, else ``fallback``) with every field."""
    if requested is not None and page.locale_id != requested.pk:
        candidates = localized(
            public_pages(request).filter(translation_key=page.translation_key),
            requested,
            fallback,
        )
        page = candidates.first()
        if page is None:
            raise Http404(_("This page is not available in '%s'.") % requested.language_code)
    page = page.specific
    cache_tags.about(page)
    mark_last_modified(request, page)
    ctx = ReadContext(
        request, locale=requested, fallback=fallback, rich_text_format=rich_text_format
    )
    return serialize_pages([page], ctx, detail=True)[0]


def page_at(request, html_path):
    """The live, public page a site URL shows: the language prefix picks the tree."""
    path = urlsplit(html_path).path or "/"
    parts = [part for part in path.split("/") if part]
    not_found = Http404(_("No page at %s.") % path)
    if not parts:
        raise not_found
    locale = Locale.objects.filter(language_code=parts[0]).first()
    site = Site.find_for_request(request)
    root = site.root_page.get_translation_or_none(locale) if locale and site else None
    if root is None:
        raise not_found
    try:
        page = root.specific.route(request, parts[1:]).page
    except Http404:
        raise not_found from None
    page = public_pages(request).filter(pk=page.pk).first()
    if page is None:
        raise not_found
    return page


def draft_page(request, page_id, locale=None):
    """The latest revision of a page, for users who may edit it; never for anonymous."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    page = Page.objects.filter(pk=page_id).first()
    if page is not None and locale is not None and page.locale_id != locale.pk:
        page = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
    if page is None:
        raise Http404(_("No page with id %s.") % page_id)
    page = page.specific
    permissions = page.permissions_for_user(request.user)
    if not (permissions.can_edit() or permissions.can_publish()):
        raise PermissionDenied(_("You may not see drafts of this page."))
    return page.get_latest_revision_as_object()
