"""What an anonymous visitor may see: the one definition every visitor path uses.

``live()`` alone is not enough: a live page under a login, password or group restriction
is still hidden from visitors, and a list of options, a link or a title taken from it
tells them it exists. Visitor-facing querysets go through ``visible``; code that needs
the condition inside a larger query uses ``visible_q``.

Wagtail's ``public()`` means the same, but reads every view restriction first (one
query each time it is called, and frozen into the queryset). Here the restriction check
is a subquery of the query itself: lazy, and no query of its own. A queryset handed to
a search backend cannot have subqueries (backends accept plain field lookups only):
``searchable`` excludes the restricted sections by path, as Wagtail's ``public()`` does,
with the paths read once per content version instead of on every call.
"""

from copy import copy as shallow_copy

from django.db.models import BooleanField, Exists, Expression, F, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.models import Page, PageViewRestriction

from .site_config import remembered


def restricted():
    """A view restriction on the page itself or on one of its ancestors (an ``Exists``)."""
    return Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


class OutsidePrivateSections(Expression):
    """True for a page outside every private section, decided when the query runs.

    The private sections are read once per content version (``_restrictions``) when
    the SQL is compiled, not when the queryset is built: a queryset made at import time
    (a filter's choices) still sees restrictions added later. A site without any costs
    no SQL at all, one with a few a path prefix test per section; the correlated
    ``Exists`` of ``restricted()``, built and run in most of an uncached page's queries,
    was a large share of its cost.
    """

    conditional = True

    def __init__(self, path=None):
        super().__init__(output_field=BooleanField())
        self.path = F("path") if path is None else path

    def get_source_expressions(self):
        return [self.path]

    def set_source_expressions(self, exprs):
        (self.path,) = exprs

    def as_sql(self, compiler, connection):
        paths = restricted_paths()
        if not paths:
            return "1 = 1", []
        column, params = compiler.compile(self.path)
        tests = " OR ".join(f"{column} LIKE %s" for _path in paths)
        prefixes = [f"{path}%" for path in paths]
        return f"NOT ({tests})", [value for prefix in prefixes for value in (*params, prefix)]


def visible_q():
    """Live, and outside every private section (as a ``Q`` for larger queries)."""
    return Q(live=True) & Q(OutsidePrivateSections())


def is_visible(page):
    """``visible_q`` for a page in hand (no query): live, and outside every private section."""
    return page.live and not any(page.path.startswith(path) for path in restricted_paths())


def visible(queryset):
    """``queryset`` (of any page type) limited to pages a visitor may see."""
    return queryset.filter(visible_q())


def visible_ids(ids):
    """The subset of page ``ids`` a visitor may see (one query)."""
    ids = {int(pk) for pk in ids}
    if not ids:
        return set()
    return set(visible(Page.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def _restrictions():
    """Every view restriction with its page, read once per content version (saving or
    deleting a restriction bumps it, and so does moving a restricted page,
    ``cms.invalidation``): search, routing, every visitor query and the API's
    per-request check all derive from this one read. Shared, never changed: callers
    that hand restrictions on get copies (``view_restrictions``)."""
    return remembered(
        "restrictions",
        lambda: tuple(PageViewRestriction.objects.select_related("page").order_by("pk")),
        copy=None,
    )


def view_restrictions():
    """Every view restriction with its page, as copies a caller may check against a
    request (``accept_request``: a password given, a user's groups)."""
    return [shallow_copy(restriction) for restriction in _restrictions()]


def restricted_paths():
    """Paths of the pages with a view restriction, sorted."""
    return sorted(restriction.page.path for restriction in _restrictions())


def restricted_pages():
    """``{page id: depth}`` of the pages with a view restriction (routing checks the way
    by id; no page moves to or from the tree root's depth)."""
    return {restriction.page_id: restriction.page.depth for restriction in _restrictions()}


def searchable(queryset):
    """``visible`` for a search backend: live, and no path under a restricted page."""
    hidden = Q()
    for path in restricted_paths():
        hidden |= Q(path__startswith=path)
    queryset = queryset.filter(live=True)
    return queryset.exclude(hidden) if hidden else queryset
