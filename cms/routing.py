"""Find the page a URL names in a fixed number of queries, whatever its depth.

Wagtail routes by walking the tree: the site root in the reader's language, then for
each path component the child with that slug and its specific page (two queries per
level), then every ancestor again for aliases and view restrictions. Each page already
stores its ``url_path`` (the slugs from the tree root down), so the whole walk is one
query for the pages whose ``url_path`` is a prefix of the URL, under the localized site
root; the live home pages come from ``cms.i18n.live_home_pages``, which the site chrome
reads anyway. The rules stay Wagtail's: intermediate pages may be drafts, the page
itself must be live, a page type with its own ``route`` (``RoutablePageMixin``
sub-routes) takes over the rest of the path, and whatever this shortcut does not know
(a site root that is not a live public home page, aliases or view restrictions on the
way) is left to Wagtail's own walk and checks.

Whether the way is free of view restrictions and aliases is read from what is at hand,
not from subqueries of the routing query (building them cost as much as running it):
the query returns every page of the way with its ``alias_of``, and the restricted pages
are remembered per content version (``cms.visibility.restricted_pages``; by id, which a
move does not change). With neither on the way the page's own restriction check
(``EditorialPageMixin.get_view_restrictions``) costs no query; otherwise Wagtail checks
as it always does.
"""

from django.db.models import Q
from django.http import Http404
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from . import compiled
from .i18n import LINK_FIELDS, live_home_pages, with_locales
from .visibility import restricted_pages

NO_VIEW_RESTRICTIONS = "_cms_route_found_no_view_restrictions"


def route_for_request(request, path, wagtail_route):
    """Wagtail's ``Page.route_for_request`` result for ``path``, or ``None`` (a 404).

    ``wagtail_route(request, path)`` is Wagtail's own implementation, used when the
    site root in the reader's language is not one of the live public home pages.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = _localized_root(request, site)
    if root is None:
        return wagtail_route(request, path)
    try:
        return _route(request, root, [part for part in path.split("/") if part])
    except Http404:
        return None


def _localized_root(request, site):
    """The site root page in the active language, as Wagtail's ``root_page.localized``."""
    homes = live_home_pages(request)
    site_root = next((home for home in homes.values() if home.pk == site.root_page_id), None)
    if site_root is None:
        return None
    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return None
    localized = homes.get(code)
    if localized is not None and localized.translation_key == site_root.translation_key:
        return localized
    if code == site_root.locale.language_code:
        return site_root
    return None  # a draft or private translation, or another tree: Wagtail decides


def _routes_itself(page):
    return page.specific_class is not None and page.specific_class.route is not Page.route


def _route(request, root, components):
    depth_of = {
        root.url_path + "/".join(components[:n]) + "/": root.depth + n
        for n in range(1, len(components) + 1)
    }
    # ``slug`` is the indexed column: ``url_path`` has no index and the ``path`` prefix
    # matches the whole language tree, so without it the query scanned every page (4.5 ms
    # at 10,000 pages on SQLite, growing with the site).
    rows = compiled.instances(
        Page,
        lambda slugs, url_paths: _way(root, slugs, url_paths),
        ("route", root.pk, root.path),
        slugs=sorted(set(components)),
        url_paths=list(depth_of),
    )
    with_locales(rows)
    by_depth = {}
    for row in rows:
        if row.pk == root.pk or depth_of.get(row.url_path) == row.depth:
            by_depth[row.depth] = row
    page = by_depth.get(root.depth)
    if page is None:
        raise Http404
    way = [page]
    for n, slug in enumerate(components):
        if _routes_itself(page):
            return page.specific.route(request, components[n:])
        child = by_depth.get(page.depth + 1)
        if child is None or child.slug != slug or not child.path.startswith(page.path):
            raise Http404
        child._cached_parent_obj = page
        page = child
        way.append(page)
    if _routes_itself(page):
        return page.specific.route(request, [])
    if not page.live:
        raise Http404
    specific = _specific(page)
    specific._state.fields_cache.setdefault("locale", page.locale)
    if _free_way(way):
        setattr(specific, NO_VIEW_RESTRICTIONS, True)
    return RouteResult(specific)


def _way(root, slugs, url_paths):
    """The pages of a URL's way under ``root``, with what routing, links and the
    breadcrumbs read of them (``LINK_FIELDS``)."""
    return Page.objects.filter(
        Q(pk=root.pk) | Q(slug__in=slugs, url_path__in=url_paths, path__startswith=root.path)
    ).only(*LINK_FIELDS, "alias_of_id")


def _specific(page):
    """``page.specific`` with its parent kept (the breadcrumbs walk up from it), read by
    SQL compiled once per page type."""
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page.specific
    found = compiled.instances(
        model, lambda pk: model.objects.filter(pk=pk), ("specific", model._meta.label), pk=page.pk
    )
    if not found:
        raise Http404
    specific = found[0]
    if "_cached_parent_obj" in page.__dict__:
        specific._cached_parent_obj = page._cached_parent_obj
    return specific


def _free_way(way):
    """No view restriction on ``way`` (the pages from the site root down) or above it,
    and no alias on it (an alias takes its source page's restrictions)."""
    restricted = restricted_pages()
    if any(depth < way[0].depth for depth in restricted.values()):
        return False
    return not any(page.pk in restricted or page.alias_of_id is not None for page in way)
