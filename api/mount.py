"""Assemble API v3 on Wagtail's ``api`` object once every app has registered its parts.

Called from ``api.urls`` (which ``cms.urls`` includes by name): by then every
``AppConfig.ready()`` has run, so the page-type schemas can be built from all
registrations. Wagtail's own ``/pages/`` router is taken
off the API and replaced by ours (typed reads, strict writes, translations through
wagtail-localize) and its snippets router is taken off; its redirects router is replaced
by one that hides redirects to hidden pages (``api.redirects``); Wagtail's other
routers (sites, images, documents, schema, whoami) stay as they are; ``/images/`` gets
one more path, ``/{id}/rendition/`` (``api.images``). What this takes
apart of Wagtail's and ninja's objects is done by ``api.compat``.
"""

from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from wagtail.api.v3.api import api
from wagtail.api.v3.registry import ContentTypeRegistration, registry

from cms.problems import problem

from .middleware import not_found_detail

_built = False


def build():
    global _built
    if _built:
        return api
    from . import (
        compat,
        images,
        locales,
        pages,
        redirects,
        revisions,
        translations,
        workflow_actions,
        writes,
    )
    from .pagetypes import page_types
    from .registry import deferred_routers

    compat.unmount_wagtail_routers(api)
    compat.name_unwritable_fields(api)
    compat.media_lists_select_collections()
    pages_router = pages.build_router()
    writes.add_write_operations(pages_router)
    pages_router.add_router("", translations.router)
    pages_router.add_router("", revisions.build_router())
    pages_router.add_router("", workflow_actions.build_router())
    api.add_router("/pages/", pages_router)
    api.add_router("/preview/", writes.build_preview_router())
    api.add_router("/locales/", locales.router)
    api.add_router("/redirects/", redirects.build_router())
    api.add_router("/images/", images.build_router())  # beside Wagtail's: /{id}/rendition/
    for prefix, build_router in deferred_routers():
        api.add_router(prefix, build_router())
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
    compat.document_problem_responses(api)
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
