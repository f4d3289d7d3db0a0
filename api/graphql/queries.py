"""The GraphQL queries: each one calls the REST API's own read path.

`page` and `pages` start from `api.pages.public_pages` (live, public, the reader's
site) and localise with `api.pages.localized`, as REST's list and detail do; a draft
is read only through `api.pages.draft_page` (a token whose user may edit the page).
`search` and `specialists` call the REST endpoints' functions themselves
(`api.content.search`, `api.content.specialists`), so their answers are REST's
answers, field for field. A refusal of the REST layer (404, 403, 422, 503) becomes a
GraphQL error with a `code` extension, never a server error.
"""

import enum
from typing import Annotated, Optional

import strawberry
from ninja.errors import HttpError
from pydantic import ValidationError
from strawberry.types import Info

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail.models import Page

from api import page_query
from api.content.search import endpoint as search_endpoint
from api.content.specialists import FinderParams, finder_endpoint
from api.context import ReadContext
from api.pages import draft_page, live_detail, localized, page_at, public_pages
from api.pagetypes import serialize_pages
from api.params import get_locale
from cms import cache_tags
from cms.search_terms import SearchUnavailable


class ReaderError(Exception):
    """A refusal the reader should see (the REST API's 4xx/503), with a code."""

    def __init__(self, message, code):
        super().__init__(message)
        self.extensions = {"code": code}


@strawberry.enum(description="Which version of a page to read.")
class Version(enum.Enum):
    LIVE = "live"
    DRAFT = "draft"


def _refusals(call):
    """Run `call` turning the REST layer's refusals into :class:`ReaderError`."""
    try:
        return call()
    except Http404 as error:
        raise ReaderError(str(error) or _("Not found."), "NOT_FOUND") from error
    except PermissionDenied as error:
        message = str(error) or _("A token whose user may edit the page is needed.")
        raise ReaderError(message, "FORBIDDEN") from error
    except ValidationError as error:
        details = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'][1:])}: {item['msg']}"
            for item in error.errors()
        )
        raise ReaderError(details, "BAD_USER_INPUT") from error
    except HttpError as error:
        raise ReaderError(str(error), "BAD_USER_INPUT") from error
    except SearchUnavailable as error:
        raise ReaderError(str(error), "SEARCH_UNAVAILABLE") from error


def _locales(locale, fallback):
    if fallback and not locale:
        raise ReaderError(_("'fallback' needs 'locale'."), "BAD_USER_INPUT")
    return get_locale(locale), get_locale(fallback, "fallback")


def build_query(page_types, builder):
    """The `Query` type over `page_types` (`api.graphql.pages.PageTypes`)."""
    interface = page_types.interface
    names = page_types.by_name()
    page_list = strawberry.type(
        type(
            "PageList",
            (),
            {
                "__annotations__": {"count": int, "items": list[interface]},
                "__doc__": "One window of a page list and the number of pages in all.",
            },
        )
    )
    SearchOut, rest_search = search_endpoint()  # noqa: N806 - a schema class
    FinderOut, rest_find = finder_endpoint()  # noqa: N806 - a schema class
    search_type = builder.object(SearchOut, name="SearchResults")
    finder_type = builder.object(FinderOut, name="SpecialistResults")

    def page(
        info: Info,
        id: Optional[int] = None,  # noqa: A002, UP045 - GraphQL argument names
        path: Optional[str] = None,  # noqa: UP045
        locale: Optional[str] = None,  # noqa: UP045
        fallback: Optional[str] = None,  # noqa: UP045
        version: Version = Version.LIVE,
    ) -> Optional[interface]:  # noqa: UP045
        """One page by id or by its site path (`/de/themen/lebermetastasen/`), in
        `locale` (else `fallback`); `version: DRAFT` needs a token."""
        request = info.context.request
        if (id is None) == (path is None):
            raise ReaderError(_("Give either 'id' or 'path'."), "BAD_USER_INPUT")

        def read():
            requested, fallback_locale = _locales(locale, fallback)
            if version is Version.DRAFT:
                page_id = id if id is not None else _at(request, path).pk
                draft = draft_page(request, page_id, requested)
                request.api_no_store = True
                ctx = ReadContext(request, locale=requested, draft=True)
                return draft, ctx, serialize_pages([draft], ctx, detail=True)[0]
            found = _at(request, path) if path else public_pages(request).filter(pk=id).first()
            if found is None:
                raise Http404(_("No page with id %s.") % id)
            ctx = ReadContext(request, locale=requested, fallback=fallback_locale)
            item = live_detail(request, found, requested, fallback_locale, None)
            shown = found.specific if item["id"] == found.pk else Page.objects.get(pk=item["id"])
            return shown.specific, ctx, item

        shown, ctx, item = _refusals(read)
        return page_types.instance(shown, item, ctx)

    def pages(
        info: Info,
        type: Optional[list[str]] = None,  # noqa: A002, UP045 - GraphQL argument name
        locale: Optional[str] = None,  # noqa: UP045
        fallback: Optional[str] = None,  # noqa: UP045
        search: Optional[str] = None,  # noqa: UP045
        limit: int = 20,
        offset: int = 0,
    ) -> page_list:
        """Live, public pages in tree order (by relevance with `search`); `type`
        names GraphQL page types (`["TopicPage"]`); `limit` is at most
        `WAGTAILAPI_LIMIT_MAX`, as in REST."""
        request = info.context.request
        if not 1 <= limit <= settings.WAGTAILAPI_LIMIT_MAX or offset < 0:
            message = _("'limit' must be 1-%(max)s and 'offset' at least 0.") % {
                "max": settings.WAGTAILAPI_LIMIT_MAX
            }
            raise ReaderError(message, "BAD_USER_INPUT")
        unknown = sorted(set(type or ()) - set(names))
        if unknown:
            raise ReaderError(_("Unknown page type(s): %s.") % ", ".join(unknown), "BAD_USER_INPUT")

        def read():
            cache_tags.depends_on(cache_tags.LIST)
            requested, fallback_locale = _locales(locale, fallback)
            chosen = [names[name] for name in type or ()]
            model = chosen[0] if len(chosen) == 1 else Page
            queryset = public_pages(request, model)
            if chosen:
                queryset = queryset.type(*chosen)
            queryset = localized(queryset, requested, fallback_locale)
            if search is not None:
                queryset = page_query.search_pages(request, queryset, search, None, ordered=False)
            else:
                queryset = queryset.order_by(*page_query.FIXED_ORDERINGS["path"])
            count = page_query.count(queryset)
            window = page_query.in_order(queryset[offset : offset + limit])
            ctx = ReadContext(request, locale=requested, fallback=fallback_locale)
            return count, page_types.build(window, ctx)

        count, items = _refusals(read)
        return page_list(count=count, items=items)

    def search(
        info: Info,
        q: str,
        locale: Optional[str] = None,  # noqa: UP045
        type: str = "",  # noqa: A002 - the search page's parameter name
        all_languages: bool = False,
        page: int = 1,
    ) -> search_type:
        """The site search: the search page's results, facets and messages."""
        request = info.context.request
        answer = _refusals(
            lambda: rest_search(
                request,
                q=q,
                locale=locale,
                type=type,
                lang="all" if all_languages else "",
                page=str(page),
            )
        )
        return builder.instance(SearchOut, answer)

    finder_arguments = {
        name: Annotated[
            Optional[str],  # noqa: UP045
            strawberry.argument(description=f"As the finder page's `{name}` parameter."),
        ]
        for name in FinderParams.model_fields
    }

    def specialists(info: Info, **filters) -> finder_type:
        """The specialist finder: filters, counts per facet option, distances."""
        request = info.context.request
        given = {name: value for name, value in filters.items() if value is not None}
        # Unvalidated: the finder judges the text as for the HTML page and names the
        # argument in its refusal (the REST parameters' enums are checked by ninja).
        answer = _refusals(lambda: rest_find(request, FinderParams.model_construct(**given)))
        return builder.instance(FinderOut, answer)

    specialists.__annotations__ = {"info": Info, **finder_arguments, "return": finder_type}
    specialists.__signature__ = _signature(finder_arguments, finder_type)

    namespace = {
        "__annotations__": {},
        "page": strawberry.field(resolver=page, description=_described(page)),
        "pages": strawberry.field(resolver=pages, description=_described(pages)),
        "search": strawberry.field(resolver=search, description=_described(search)),
        "specialists": strawberry.field(resolver=specialists, description=_described(specialists)),
    }
    return strawberry.type(type("Query", (), namespace), name="Query")


def _described(resolver):
    """The resolver's docstring as one line of schema description."""
    return " ".join((resolver.__doc__ or "").split())


def _at(request, path):
    found = page_at(request, path)
    if found is None:
        raise Http404(_("No page at %s.") % path)
    return found


def _signature(arguments, returns):
    import inspect

    parameters = [
        inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info)
    ]
    parameters += [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
        for name, annotation in arguments.items()
    ]
    return inspect.Signature(parameters, return_annotation=returns)
