"""Where the API declares what it shows of each content app's page types.

``api.content.<app>`` calls these from ``ApiConfig.ready()``; ``api.urls``
builds the schemas and routers from them once every app is ready.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ExtraField:
    """A value that is not a model field (related pages, a display name, ...).

    ``resolve(pages, ctx)`` gets every page of the type in the response at once and
    returns ``{page.pk: value}``.
    """

    name: str
    annotation: Any
    resolve: Any
    summary: bool = False
    detail: bool = True


@dataclass
class PageTypeRegistration:
    model: type
    summary: list[str] = field(default_factory=list)
    exclude: set[str] = field(default_factory=set)
    writable: bool = False
    filters: list[str] = field(default_factory=list)


_page_types: dict[type, PageTypeRegistration] = {}
_extras: dict[type, list[ExtraField]] = {}


def register_page_type(model, *, summary=(), exclude=(), writable=False, filters=()):
    """Show ``model`` in the API.

    Detail responses carry every ``api_fields`` entry (minus ``exclude``); list
    responses, search hits, finder results and expanded relations carry ``summary`` (the
    type's one summary card). ``writable`` page types can be created, updated and
    submitted through the API (the fields marked ``APIField(..., writable=True)``).
    ``filters`` names the database fields apps may filter and sort the list by, typed
    (``api.filters``: exact, ``__in``, date ranges), with ``type=`` this model.
    """
    _page_types[model] = PageTypeRegistration(
        model=model,
        summary=list(summary),
        exclude=set(exclude),
        writable=writable,
        filters=list(filters),
    )


def add_page_field(model, name, annotation, resolve, *, summary=False, detail=True):
    """Add a computed field to ``model``'s responses; any app may extend any page type."""
    _extras.setdefault(model, []).append(
        ExtraField(name, annotation, resolve, summary=summary, detail=detail)
    )


_deferred_routers: list[tuple[str, Any]] = []


def add_router(prefix, router):
    """Mount an app's own router on Wagtail's v3 API (``/api/v3/<prefix>``).

    ``router`` may be a function returning the router: it is called once every page
    type is built (``api.mount.build``), for routers whose answers use the page types'
    schemas (the finder's results are specialists' summary cards).
    """
    from ninja import Router

    from wagtail.api.v3.api import api

    if callable(router) and not isinstance(router, Router):
        _deferred_routers.append((prefix, router))
    else:
        api.add_router(prefix, router)


def deferred_routers():
    return list(_deferred_routers)


def registration_for(model):
    return _page_types.get(model) or PageTypeRegistration(model=model)


def extras_for(model):
    return [extra for base in model.__mro__ for extra in _extras.get(base, [])]
