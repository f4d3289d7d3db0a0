"""Every patch of Wagtail's, django-ninja's and wagtail-localize's internals the API needs.

Each function installs one patch, says what it changes and why, and has a test in
``tests/api/test_compat.py``; ``docs/upgrading.md`` lists them for the next upgrade.
``install()`` runs once, from ``ApiConfig.ready``; the patches of Wagtail's v3 ``api``
object run from ``api.mount.build`` (once every app has added its routers). The
patches the rest of the project needs live in ``cms.compat``.
"""

import contextlib
import copy
import functools
import json
from contextvars import ContextVar

from ninja import Schema as NinjaSchema
from pydantic import model_validator

_chosen_pages = ContextVar("api_chosen_pages", default=None)


class AnswerSchema(NinjaSchema):
    """ninja's ``Schema`` for what the API answers (``api.schemas``), which it builds as
    dicts: a dict is validated as it is.

    ninja wraps every value in a ``DjangoGetter`` first (for model instances: their
    managers, files, methods and ``resolve_`` methods, none of which a dict of an answer
    holds); on the thirty-odd dicts of a detail that cost more than validating them.
    Anything else is read as ninja reads it. Overrides ninja's private
    ``_run_root_validator`` and reads its ``_ninja_resolvers``: diff ``ninja/schema.py``
    on an upgrade (``docs/upgrading.md``).
    """

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values, handler, info):
        if type(values) is dict and not cls._ninja_resolvers:
            return handler(values)
        return super()._run_root_validator(values, handler, info)


def v3_search_cleans_queries():
    """API v3's ``?search=`` (images, documents) takes the cleaned words, under the guard.

    Wagtail's ``SearchSchema.search_queryset`` hands the raw text to the backend, where
    a double quote is an FTS syntax error (a 500), and its routers offer no hook to
    change the text. This gives it ``cms.search_terms.clean_query``'s words (no words:
    no results) and reads the count inside ``search_guard``, so a failing index is the
    API's 503; Wagtail's own checks (search disabled, unindexed fields) are unchanged.
    """
    from wagtail.api.v3.schemas.params import SearchSchema

    from cms.search_terms import clean_query, search_guard

    original = SearchSchema.search_queryset
    if getattr(original, "cms_compat", False):
        return

    @functools.wraps(original)
    def search_queryset(self, request, queryset):
        if self.search is None:
            return original(self, request, queryset)
        clean = clean_query(self.search)
        if not clean:
            return queryset.none()
        cleaned = self.model_copy(update={"search": clean.search_text})
        with search_guard("API v3 search"):
            results = original(cleaned, request, queryset)
            results.count()
        return results

    search_queryset.cms_compat = True
    SearchSchema.search_queryset = search_queryset


def unmount_wagtail_routers(api):
    """Take off Wagtail's pages and redirects routers (replaced by ours) and its snippets
    router.

    No snippet type is exposed to the API, and the snippets router's
    ``copy_for_translation`` would translate past wagtail-localize. Wagtail's redirects
    router lists redirects to hidden pages (``api.redirects``).
    """
    from wagtail.api.v3.routers.pages import router as wagtail_pages_router
    from wagtail.contrib.redirects.api.v3.router import router as wagtail_redirects_router
    from wagtail.snippets.api.v3.router import router as wagtail_snippets_router

    # NinjaAPI offers no public way to unmount a router; this list is what
    # ``add_router`` appends to and what ``api.urls`` reads (django-ninja 1.7).
    api._router_registrations = [
        registration
        for registration in api._router_registrations
        if registration[1]
        not in (wagtail_pages_router, wagtail_snippets_router, wagtail_redirects_router)
    ]


def name_unwritable_fields(api):
    """A write of an unknown or read-only field is a 422 that names the field.

    Wraps the validation-error handler Wagtail registers on its ``api`` object (read from
    ninja's private handler table: ninja has no getter) and keeps its answer otherwise.
    """
    from ninja.errors import ValidationError as NinjaValidationError

    from django.utils.translation import gettext as _

    wagtail_handler = api._exception_handlers[NinjaValidationError]
    if getattr(wagtail_handler, "cms_compat", False):
        return

    def handler(request, exc):
        rejected = []
        for error in exc.errors:
            if error.get("type") == "extra_forbidden":
                field = str(error["loc"][-1])
                error["msg"] = _("'%s' is unknown or read-only for this page type.") % field
                rejected.append(field)
        response = wagtail_handler(request, exc)
        if rejected:
            body = json.loads(response.content)
            body["detail"] = _("These fields cannot be written: %s.") % ", ".join(rejected)
            response.content = json.dumps(body)
        return response

    handler.cms_compat = True
    api.add_exception_handler(NinjaValidationError, handler)


def media_lists_select_collections():
    """Wagtail's image and document lists read each item's collection on its own (one
    query per item). Their routers look the queryset up by a module-level name, so
    wrap that to fetch the collection in the same query."""
    from wagtail.documents.api.v3 import router as documents
    from wagtail.images.api.v3 import router as images

    for module, name in ((images, "get_images_queryset"), (documents, "get_documents_queryset")):
        original = getattr(module, name)
        if getattr(original, "selects_collection", False):
            continue

        def queryset(request, original=original):
            return original(request).select_related("collection")

        queryset.selects_collection = True
        setattr(module, name, queryset)


def document_problem_responses(api):
    """The OpenAPI document lists the problem responses and optional auth
    (``api.openapi.describe``).

    ninja builds the document in ``NinjaAPI.get_openapi_schema`` and has no hook after
    it; the method is replaced on Wagtail's ``api`` object by one that post-processes
    its result.
    """
    from .openapi import describe

    original = api.get_openapi_schema
    if getattr(original, "cms_compat", False):
        return

    @functools.wraps(original)
    def get_openapi_schema(*args, **kwargs):
        return describe(original(*args, **kwargs))

    get_openapi_schema.cms_compat = True
    api.get_openapi_schema = get_openapi_schema


@contextlib.contextmanager
def chosen_pages(pages):
    """Page choosers read their pages from ``pages`` (``{id: page}``, every page the
    values choose) while the API represents a StreamField (``page_choosers_read_chosen``)."""
    token = _chosen_pages.set(pages)
    try:
        yield
    finally:
        _chosen_pages.reset(token)


def page_choosers_read_chosen():
    """``PageChooserBlock.bulk_to_python`` takes its pages from the ones the API read for
    the whole answer (``api.compat.chosen_pages``), not one query per chooser block.

    Wagtail reads a stream's chooser values with one ``in_bulk`` of the block's target
    model per chooser block and stream; the API only needs each chosen page's
    translation key (``ReadContext`` resolves the links), and reads every chosen page of
    an answer in one plain query. The answer is Wagtail's: ``None`` for a missing page,
    a page not of the block's type, or a value ``in_bulk`` would not match; a fresh copy
    per value. Outside the API (no pages given) Wagtail's own method runs.
    """
    from wagtail.blocks import PageChooserBlock
    from wagtail.models import Page

    original = PageChooserBlock.bulk_to_python
    if getattr(original, "cms_compat", False):
        return

    @functools.wraps(original)
    def bulk_to_python(self, values):
        pages = _chosen_pages.get()
        if pages is None:
            return original(self, values)
        result = []
        for value in values:
            page = pages.get(value)
            if page is not None and not issubclass(page.specific_class or Page, self.model_class):
                page = None
            result.append(copy.copy(page) if page is not None else None)
        return result

    bulk_to_python.cms_compat = True
    PageChooserBlock.bulk_to_python = bulk_to_python


PATCHES = [v3_search_cleans_queries, page_choosers_read_chosen]


def install():
    for patch in PATCHES:
        patch()
