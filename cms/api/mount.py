"""Assemble API v3 on Wagtail's ``api`` object once every app has registered its parts.

Called from ``cms.urls``: by then every ``AppConfig.ready()`` has run, so the page-type
schemas can be built from all registrations. Wagtail's own ``/pages/`` router is taken
off the API and replaced by ours (typed reads, strict writes, translations through
wagtail-localize) and its snippets router is taken off; its redirects router is replaced
by one that hides redirects to hidden pages (``cms.api.redirects``); Wagtail's other
routers (sites, images, documents, schema, whoami) stay as they are.
"""

import json

from ninja.errors import ValidationError as NinjaValidationError

from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from wagtail.api.v3.api import api
from wagtail.api.v3.registry import ContentTypeRegistration, registry
from wagtail.api.v3.routers.pages import router as wagtail_pages_router
from wagtail.contrib.redirects.api.v3.router import router as wagtail_redirects_router
from wagtail.snippets.api.v3.router import router as wagtail_snippets_router

from .middleware import not_found_detail, problem

_built = False


def _unmount_wagtail_routers():
    """Take off Wagtail's pages and redirects routers (replaced by ours) and its snippets
    router.

    No snippet type is exposed to the API, and the snippets router's
    ``copy_for_translation`` would translate past wagtail-localize. Wagtail's redirects
    router lists redirects to hidden pages (``cms.api.redirects``).
    """
    # NinjaAPI offers no public way to unmount a router; this list is what
    # ``add_router`` appends to and what ``api.urls`` reads (django-ninja 1.7).
    api._router_registrations = [
        registration
        for registration in api._router_registrations
        if registration[1]
        not in (wagtail_pages_router, wagtail_snippets_router, wagtail_redirects_router)
    ]


def _name_unwritable_fields():
    """A write of an unknown or read-only field is a 422 that names the field."""
    wagtail_handler = api._exception_handlers[NinjaValidationError]

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

    api.add_exception_handler(NinjaValidationError, handler)


def _media_with_collections():
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


def build():
    global _built
    if _built:
        return api
    from . import locales, openapi, pages, redirects, translations, writes
    from .pagetypes import page_types

    _unmount_wagtail_routers()
    _name_unwritable_fields()
    _media_with_collections()
    pages_router = pages.build_router()
    writes.add_write_operations(pages_router)
    pages_router.add_router("", translations.router)
    api.add_router("/pages/", pages_router)
    api.add_router("/preview/", writes.build_preview_router())
    api.add_router("/locales/", locales.router)
    api.add_router("/redirects/", redirects.build_router())
    for model, kind in page_types().items():
        existing = registry.get(model._meta.label)
        registry.register(
            ContentTypeRegistration(
                name=model._meta.label,
                label=str(model._meta.verbose_name),
                read_schema=kind.detail_schema,
                create_schema=existing.create_schema if existing else None,
                patch_schema=existing.patch_schema if existing else None,
            )
        )
    openapi.install(api)
    api.title = "Liver Cancer Information Centre API"
    api.description = (
        "Medically reviewed patient information in English, German, French and Italian. "
        "Reads are public; writes need a token (`manage.py api_tokens create`)."
    )
    _built = True
    return api


@csrf_exempt
def not_found(request, rest=""):
    """Unknown paths under /api/ stay JSON 404s (never the site's HTML 404 or a redirect).

    CSRF-exempt like every API view (the API reads no cookies): otherwise a POST to an
    unknown path would be refused as a CSRF failure (403) instead of answered 404.
    """
    return problem(404, not_found_detail(request))


def urlpatterns():
    from .v2 import router as v2_router

    return [
        path("api/v3/", build().urls),
        path("api/v2/", v2_router.urls),
        re_path(r"^api/(?P<rest>.*)$", not_found),
    ]
