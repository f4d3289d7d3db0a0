"""Page reads: typed lists and details, locale fallback, drafts for editors.

Replaces Wagtail's own ``/pages/`` router (which lists only id/title/meta, types
StreamField as ``list[Any]`` and copies translations past wagtail-localize).
"""

from typing import Literal
from urllib.parse import urlsplit

from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import NinjaJSONEncoder
from pydantic import PositiveInt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Subquery
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.api.rich_text import RichTextOutputFormat
from wagtail.api.validators import SiteFilterValidator
from wagtail.models import Locale, Page

from cms import cache_tags, compiled
from cms.i18n import with_locales
from cms.site_config import remembered
from cms.visibility import view_restrictions

from . import filters, page_query, selection
from .alternates import family_of
from .auth import reader_auth
from .context import ReadContext
from .fields import chosen_page_ids
from .page_docs import (
    ANCESTOR_OF_HELP,
    CARRIED_HELP,
    CHILD_OF_HELP,
    DEPTH_HELP,
    DESCENDANT_OF_HELP,
    EXPAND_HELP,
    FALLBACK_HELP,
    FIELD_FILTER_PARAMETERS,
    FIELDS_HELP,
    FIND_ID_HELP,
    FIND_REDIRECT,
    HTML_PATH_HELP,
    LIMIT_HELP,
    OPERATOR_HELP,
    SEARCH_HELP,
    SITE_HELP,
    TRANSLATION_OF_HELP,
    TYPE_HELP,
    order_help,
    typed_filter_parameters,
)
from .pagetypes import page_type, page_types, serialize_pages, union
from .params import get_locale

RootOrId = PositiveInt | Literal["root"]
SELECTION_PARAMETERS = frozenset({"fields", "expand", "depth"})
LIST_PARAMETERS = frozenset(
    {
        "type",
        "locale",
        "fallback",
        "site",
        "child_of",
        "descendant_of",
        "ancestor_of",
        "translation_of",
        "order",
        "search",
        "search_operator",
        "limit",
        "offset",
        *SELECTION_PARAMETERS,
    }
)
DETAIL_PARAMETERS = frozenset(
    {"locale", "fallback", "version", "rich_text_format", "site", *SELECTION_PARAMETERS}
)
FIND_PARAMETERS = DETAIL_PARAMETERS | {"html_path", "id"}
MAX_DEPTH = selection.MAX_DEPTH


def selected(data):
    """An answer shaped by ``fields``/``expand``/``depth``: its items no longer match the
    declared schemas field for field, so it is rendered as it is, with ninja's encoder
    (the same dates and numbers as the validated answers), not validated against them."""
    return JsonResponse(data, encoder=NinjaJSONEncoder, safe=False)


def reject_unknown_parameters(request, allowed):
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise HttpError(400, _("Unknown query parameter(s): %s.") % ", ".join(unknown))


def mark_last_modified(request, page):
    if page.last_published_at:
        request.api_last_modified = page.last_published_at


def public_pages(request, model=Page, *, scoped=True):
    """Live, public pages of the reader's site (``?site=`` picks another, as Wagtail's
    v3 does: unknown is 404, ambiguous is 400).

    The pages Wagtail's ``get_public_pages_queryset`` selects, without its three queries
    per call (every view restriction, the site's root page, the root's translations):
    the restrictions are remembered per content version
    (``cms.visibility.view_restrictions``), and the site's trees are conditions on their
    paths, remembered too (``in_site_q``). Not ``scoped``: the caller checks the site of
    the page it reads with ``in_site`` (the conditions cost more to build than a page's
    whole read).
    """
    site = reader_site(request)
    queryset = model._default_manager.all().live()
    for restriction in refused_restrictions(request):
        queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
    if site is None:
        return queryset.none()
    if not scoped:
        return queryset
    return queryset.filter(in_site_q(site))


def refused_restrictions(request):
    """The view restrictions ``request`` does not pass (a password given, a user's
    groups): their sections are left out of ``public_pages``."""
    return [r for r in view_restrictions() if not r.accept_request(request)]


def reader_site(request):
    """The reader's site, or the one ``?site=`` names (unknown: 404, ambiguous: 400);
    looked up once per request."""
    if not hasattr(request, "_api_reader_site"):
        try:
            site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
        except ValueError as error:  # ?site= matched several sites
            raise HttpError(400, str(error)) from error
        request._api_reader_site = site
    return request._api_reader_site


def in_site(page, site, also=()):
    """Whether ``page`` is in ``site`` as ``in_site_q`` selects it: the site's root page
    or one of its translations is ``page`` or an ancestor of it. Read from the page's
    family (``api.alternates.family``, which its detail reads anyway), the site's root
    page (and the pages with the ids ``also``, which the detail reads too) read with it."""
    if site is None:
        return False
    relatives = family_of(page, others=(site.root_page_id, *also))
    root = relatives.others.get(site.root_page_id)
    if root is None:  # another instance's family was read first: not the site's
        root = Page.objects.get(pk=site.root_page_id)
    lineage = [*relatives.lineage, page]
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return any(row.pk == root.pk for row in lineage)
    return any(row.translation_key == root.translation_key for row in lineage)


def in_site_q(site):
    """``site``'s root page, its translations and their descendants, as Wagtail's
    ``get_public_pages_queryset`` scopes them (every translation of the root, live or
    not), as plain path conditions (``site_roots``): no query of its own, and plain
    field lookups, which search backends understand too."""
    condition = Q(pk__in=[])
    for path in site_roots(site):
        condition |= Q(path__startswith=path)
    return condition


def site_roots(site):
    """Tree paths of ``site``'s root page and of every translation of it, live or not.

    Remembered per process like Wagtail's site root paths
    (``cms.compat.site_root_paths_remembered``): the ``menu`` tag is bumped whenever they
    may change (a site saved, a root page or a new translation of one saved; moving a
    section bumps every tag). As a correlated subquery of each list, the roots cost the
    database a lookup per page of the language: 5.5 of a list's 7 ms at 40,000 pages.
    """

    def load():
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            roots = Page.objects.filter(pk=site.root_page_id)
        else:
            key = Page.objects.filter(pk=site.root_page_id).values("translation_key")
            roots = Page.objects.filter(translation_key=Subquery(key))
        return tuple(roots.order_by("path").values_list("path", flat=True))

    return remembered(("site-roots", site.pk), load, tags=(cache_tags.MENU,), copy=None)


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


def _under(parent, fallback, *, children):
    """Children (or descendants) of ``parent``, and of its ``fallback`` version."""
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


def redirect_to_detail(request, page):
    """Wagtail's v3 ``find`` answer: 302 to the detail, every other parameter kept."""
    url = reverse("wagtailapi_v3:cms_page_detail", kwargs={"page_id": page.pk})
    query = request.GET.copy()
    query.pop("id", None)
    query.pop("html_path", None)
    return HttpResponseRedirect(f"{url}?{query.urlencode()}")


def build_router():
    models = list(page_types())
    type_literal = Literal[tuple(model._meta.label for model in models)]
    summary_union = union("summary_schema")
    detail_union = union("detail_schema")

    class PageList(Schema):
        count: int
        items: list[summary_union]

    router = Router(tags=["pages"])
    order_description = order_help(models)

    @router.get(
        "/",
        response=PageList,
        auth=reader_auth,
        url_name="cms_page_list",
        operation_id="pages_list",
        summary="List pages with each type's summary fields",
        openapi_extra={"parameters": FIELD_FILTER_PARAMETERS + typed_filter_parameters(models)},
    )
    def list_pages(
        request,
        type: list[type_literal] = Query([], description=TYPE_HELP),  # noqa: A002
        locale: str | None = Query(None, description="Pages in this language (e.g. `de`)."),
        fallback: str | None = Query(None, description=FALLBACK_HELP),
        site: str | None = Query(None, description=SITE_HELP),
        child_of: RootOrId | None = Query(None, description=CHILD_OF_HELP),
        descendant_of: RootOrId | None = Query(None, description=DESCENDANT_OF_HELP),
        ancestor_of: PositiveInt | None = Query(None, description=ANCESTOR_OF_HELP),
        translation_of: RootOrId | None = Query(None, description=TRANSLATION_OF_HELP),
        order: list[str] = Query([], description=order_description),
        search: str | None = Query(None, description=SEARCH_HELP),
        search_operator: Literal["and", "or"] | None = Query(None, description=OPERATOR_HELP),
        limit: int = Query(20, ge=1, le=settings.WAGTAILAPI_LIMIT_MAX, description=LIMIT_HELP),
        offset: int = Query(0, ge=0),
        fields: str | None = Query(None, description=FIELDS_HELP),
        expand: str | None = Query(None, description=EXPAND_HELP),
        depth: int | None = Query(None, ge=0, le=MAX_DEPTH, description=DEPTH_HELP),
    ):
        """Live, public pages; ``?locale=fr&fallback=en`` fills gaps with English pages.

        Accepts what Wagtail's own v3 pages list accepts (``api.page_query``) on top of
        ``locale``/``fallback``, our orderings and the typed summaries.
        """
        cache_tags.depends_on(cache_tags.LIST)  # pages joining or leaving the list
        typed = filters.parameter_names(models)
        reject_unknown_parameters(
            request, LIST_PARAMETERS | page_query.known_field_filters(models) | typed
        )
        if fallback and not locale:
            raise HttpError(400, _("'fallback' needs 'locale'."))
        if child_of and descendant_of:
            raise HttpError(400, _("Use either 'child_of' or 'descendant_of'."))
        requested, fallback_locale = get_locale(locale), get_locale(fallback, "fallback")
        chosen = [model for model in models if model._meta.label in type]
        shown = selection.requested(request, [page_type(m) for m in chosen or models])
        searching = search is not None
        model = chosen[0] if len(chosen) == 1 else Page
        public = public_pages(request, model)
        queryset = public.type(*chosen) if chosen else public
        # The page a relation names is of any type: ``?type=TherapyPage&child_of=`` names
        # the therapy index.
        public = public_pages(request)
        if child_of or descendant_of:
            name = "child_of" if child_of else "descendant_of"
            parent = page_query.relative_page(request, public, child_of or descendant_of, name)
            queryset = queryset.filter(_under(parent, fallback_locale, children=bool(child_of)))
        if ancestor_of:
            page = page_query.relative_page(request, public, ancestor_of, "ancestor_of")
            queryset = queryset.filter(page_query.ancestors_q(page))
        if translation_of:
            page = page_query.relative_page(request, public, translation_of, "translation_of")
            queryset = queryset.filter(page_query.translations_q(page))
        queryset = filters.apply(request, queryset, chosen)
        queryset = page_query.filter_fields(request, queryset, LIST_PARAMETERS | typed)
        queryset = localized(queryset, requested, fallback_locale)
        order_by = page_query.ordering(
            queryset.model, order, has_offset=bool(offset), searching=searching
        )
        if order_by:
            queryset = queryset.order_by(*order_by)
        if searching:
            queryset = page_query.search_pages(
                request, queryset, search, search_operator, ordered=bool(order_by)
            )
        count = page_query.count(queryset)
        # No Last-Modified here: a page leaving the list does not change any date, so
        # lists are revalidated by their ETag only.
        pages = page_query.in_order(queryset[offset : offset + limit])
        ctx = ReadContext(request, locale=requested, fallback=fallback_locale)
        items = serialize_pages(pages, ctx, selection=shown)
        if shown is not None:
            return selected({"count": count, "items": items})
        return {"count": count, "items": items}

    @router.get(
        "/find/",
        response={302: None},
        auth=reader_auth,
        url_name="cms_page_find",
        operation_id="pages_find",
        summary="Redirect to the page at a site URL (or with an id), as Wagtail's v3 does",
        openapi_extra={"responses": {"302": FIND_REDIRECT}},
    )
    def find_page(
        request,
        html_path: str | None = Query(None, description=HTML_PATH_HELP),
        id: PositiveInt | None = Query(None, description=FIND_ID_HELP),  # noqa: A002
        site: str | None = Query(None, description=SITE_HELP),
        locale: str | None = Query(None, description=CARRIED_HELP),
        fallback: str | None = Query(None, description=CARRIED_HELP),
        version: Literal["live", "draft"] = Query("live", description=CARRIED_HELP),
        rich_text_format: RichTextOutputFormat | None = Query(None, description=CARRIED_HELP),
    ):
        """``?html_path=/de/themen/lebermetastasen/`` redirects (302) to that page's detail.

        As Wagtail's v3 ``find``: ``html_path`` first, then ``id``; the ``Location`` is
        the detail URL with every other parameter carried over (``locale``,
        ``fallback``, ``version``, ``rich_text_format``, ``site``), so the detail applies
        them. Nothing found: 404 problem.
        """
        reject_unknown_parameters(request, FIND_PARAMETERS)
        page = page_at(request, html_path) if html_path else None
        if page is None and id:
            page = public_pages(request).filter(pk=id).first()
        if page is None:
            raise Http404(_("No page matches the given query."))
        return redirect_to_detail(request, page)

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
        fields: str | None = Query(None, description=FIELDS_HELP),
        expand: str | None = Query(None, description=EXPAND_HELP),
        depth: int | None = Query(None, ge=0, le=MAX_DEPTH, description=DEPTH_HELP),
    ):
        """``?locale=de`` returns the German version of the page with this id.

        ``?version=draft`` (with a token whose user may edit the page) returns the
        latest revision, so editors see drafts in the app before publishing.
        """
        reject_unknown_parameters(request, DETAIL_PARAMETERS)
        if fallback and not locale:
            raise HttpError(400, _("'fallback' needs 'locale'."))
        requested, fallback_locale = get_locale(locale), get_locale(fallback, "fallback")
        if version == "draft":
            page = draft_page(request, page_id, requested)
            ctx = ReadContext(
                request, locale=requested, rich_text_format=rich_text_format, draft=True
            )
            request.api_no_store = True
            return detail_answer(request, page, ctx)
        page = live_page(request, specific_model(page_id), page_id)
        site = reader_site(request)
        if page is None or not in_site(page, site, also=shown_chosen(page, requested)):
            raise Http404(_("No page with id %s.") % page_id)
        return live_detail(request, page, requested, fallback_locale, rich_text_format)

    return router


def shown_chosen(page, requested):
    """The ids of the pages ``page``'s body chooses if its detail shows ``page`` (not
    its version in another language): read with its family (``api.fields``)."""
    if requested is not None and page.locale_id != requested.pk:
        return ()
    return chosen_page_ids(page)


def first(queryset):
    """The row of a query that matches one row at most (by id, or by translation key and
    language), without ``first()``'s ordering: building the ``ORDER BY path`` of a page
    query cost a fifth of reading the page."""
    return next(iter(queryset.order_by()[:1]), None)


def specific_model(page_id):
    """The specific class of the page with ``page_id`` (``Page`` if there is none, or
    its model is gone): the page is then read as that class with every condition of
    ``public_pages``, in one query instead of a ``Page`` row and then its ``specific``.
    Both queries are compiled once (``cms.compiled``)."""
    found = compiled.instances(
        Page,
        lambda pk: Page.objects.filter(pk=pk).only("content_type_id").order_by()[:1],
        ("api-page-type",),
        pk=page_id,
    )
    if not found:
        return Page
    model = ContentType.objects.get_for_id(found[0].content_type_id).model_class()
    return model if model is not None and issubclass(model, Page) else Page


def live_page(request, model, page_id):
    """The live public page ``page_id`` of ``model`` the request may read
    (``public_pages``, not scoped to the site: see ``in_site``), or ``None``."""
    refused = tuple(restriction.pk for restriction in refused_restrictions(request))
    found = compiled.instances(
        model,
        lambda pk: public_pages(request, model, scoped=False).filter(pk=pk).order_by()[:1],
        ("api-live-page", model._meta.label, refused, reader_site(request) is None),
        pk=page_id,
    )
    return with_locales(found)[0] if found else None


def live_detail(request, page, requested, fallback, rich_text_format):
    """``page`` (or its version in ``requested``, else ``fallback``) with every field."""
    if requested is not None and page.locale_id != requested.pk:
        page = translated(request, page, requested, fallback)
    locale, page = page.locale, page.specific
    page._state.fields_cache.setdefault("locale", locale)  # read with the page: no query
    cache_tags.about(page)
    mark_last_modified(request, page)
    ctx = ReadContext(
        request, locale=requested, fallback=fallback, rich_text_format=rich_text_format
    )
    return detail_answer(request, page, ctx)


def translated(request, page, requested, fallback):
    """``page`` in ``requested``, else in ``fallback``: read as ``page``'s type
    (translations share it) and checked with ``in_site``, whose family the detail reads
    anyway, instead of a page row in a query scoped to the site and then its
    ``specific``. Not found that way (a version outside the site, or of another type):
    as the site scopes it."""
    site = reader_site(request)
    candidates = public_pages(request, page.specific_class or type(page), scoped=False)
    candidates = candidates.filter(translation_key=page.translation_key)
    found = first(localized(candidates, requested, fallback).select_related("locale"))
    if found is not None and in_site(found, site, also=chosen_page_ids(found)):
        return found
    candidates = public_pages(request).filter(translation_key=page.translation_key)
    found = first(localized(candidates, requested, fallback).select_related("locale"))
    if found is None:
        raise Http404(_("This page is not available in '%s'.") % requested.language_code)
    return found


def detail_answer(request, page, ctx):
    """The detail of ``page``, shaped by ``fields``/``expand``/``depth`` when asked."""
    shown = selection.requested(request, [page_type(type(page))])
    item = serialize_pages([page], ctx, detail=True, selection=shown)[0]
    return item if shown is None else selected(item)


def page_at(request, html_path):
    """The live, public page a site URL shows (``None`` if none): the language prefix
    picks the tree of the reader's site (or of ``?site=``)."""
    parts = [part for part in (urlsplit(html_path).path or "/").split("/") if part]
    if not parts:
        return None
    try:
        site = SiteFilterValidator(site=request.GET.get("site"), request=request).site_obj
    except ValueError as error:  # ?site= matched several sites
        raise HttpError(400, str(error)) from error
    locale = Locale.objects.filter(language_code=parts[0]).first()
    root = site.root_page.get_translation_or_none(locale) if locale and site else None
    if root is None:
        return None
    try:
        page = root.specific.route(request, parts[1:]).page
    except Http404:
        return None
    return public_pages(request).filter(pk=page.pk).first()


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
    check_may_read_drafts(page, request.user)
    return page.get_latest_revision_as_object()


def check_may_read_drafts(page, user):
    """Drafts and revisions are for the users who may edit (or publish) the page."""
    permissions = page.permissions_for_user(user)
    if not (permissions.can_edit() or permissions.can_publish()):
        raise PermissionDenied(_("You may not see drafts of this page."))
