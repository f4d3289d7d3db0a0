"""What the page list accepts from Wagtail's own v3 pages list, on top of our parameters.

Clients written against Wagtail's v3 contract send ``ancestor_of``, ``translation_of``,
``child_of=root``, ``order`` by API fields (``-title``, ``slug``, ``random``, several at
once), field filters (``?slug=...``, ``?show_in_menus=true``, a type's own database
``api_fields`` when one ``type`` is given), ``site``, ``search`` and
``search_operator``. Each is read here with Wagtail's own pieces (``OrderingValidator``,
``APIFieldFilterSchema``, ``SearchSchema``, ``PageQuerySet``), so names, value formats
and errors are Wagtail's; what differs is ours on purpose: the starting queryset is
only live, public pages for every reader (``api.pages.public_pages``), an unknown
parameter name is a 400 instead of being ignored, a StreamField cannot be a field
filter, and ``search`` goes through ``cms.search_terms`` (``api.compat``
``v3_search_cleans_queries``), so quotes or FTS syntax never reach the backend raw.
"""

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from wagtail.api.conf import APIField
from wagtail.api.v3.errors import as_validation_error
from wagtail.api.v3.schemas.pages import BASE_PAGE_READ_FIELDS
from wagtail.api.v3.schemas.params import APIFieldFilterSchema, SearchSchema
from wagtail.api.validators import OrderingValidator
from wagtail.fields import StreamField
from wagtail.models import Page, Site

ROOT = "root"

# Our orderings, kept from before Wagtail's were accepted: tree order (the default) and
# the publishing dates; ties are broken by id so pages never repeat across offsets.
FIXED_ORDERINGS = {
    "path": ("path",),
    "title": ("title", "pk"),
    "-title": ("-title", "pk"),
    "first_published_at": ("first_published_at", "pk"),
    "-first_published_at": ("-first_published_at", "pk"),
    "last_published_at": ("last_published_at", "pk"),
    "-last_published_at": ("-last_published_at", "pk"),
}


def filterable_fields(model):
    """Field-filter names Wagtail's v3 list accepts for ``model``, minus StreamFields
    (a StreamField compared with query text is not a filter, and may not even parse)."""
    names = set(BASE_PAGE_READ_FIELDS) | {"id"}
    names |= {field.name for field in APIField.get_fields_for_model(model, db_fields_only=True)}
    return {name for name in names if not _is_stream(model, name)}


def _is_stream(model, name):
    try:
        return isinstance(model._meta.get_field(name), StreamField)
    except FieldDoesNotExist:  # pk, and names that are no field, are no StreamField
        return False


def known_field_filters(models):
    """Every field-filter name of any page type (a name no type knows is refused)."""
    names = set()
    for model in [Page, *models]:
        names |= filterable_fields(model)
    return names


def filter_fields(request, queryset, reserved):
    """Wagtail's field filters (``?slug=...``) for the queryset's model; names that are
    another type's field are ignored, as Wagtail does."""
    model = queryset.model
    streams = {name for name in request.GET if _is_stream(model, name)}
    return APIFieldFilterSchema(
        raw_params=request.GET,
        base_fields=BASE_PAGE_READ_FIELDS,
        ignore_fields=set(reserved) | streams,
    ).filter_queryset(queryset)


def ordering(model, order, *, has_offset, searching):
    """``order`` (one or more names) as ``order_by`` arguments; ``None`` for relevance.

    Our fixed orderings keep their meaning; any other name is checked by Wagtail's
    ``OrderingValidator`` (API fields of ``model``, a leading ``-``, ``random`` alone
    and without an offset), whose refusal is the same 422 as upstream.
    """
    if not order:
        return None if searching else FIXED_ORDERINGS["path"]
    if len(order) == 1 and order[0] in FIXED_ORDERINGS:
        fields = FIXED_ORDERINGS[order[0]]
    else:
        # A refusal is Wagtail's own pydantic error: its handler answers the same 422.
        fields = OrderingValidator(
            model=model,
            fields=list(order),
            base_fields=list(BASE_PAGE_READ_FIELDS),
            db_fields_only=True,
            has_offset=has_offset,
        ).fields
        if fields != ["?"]:
            fields = [*fields, "pk"]
    if searching:  # the search backend orders by indexed fields only: no tie-breaker
        fields = [name for name in fields if name != "pk"]
    return tuple(fields)


def relative_page(request, public, value, name):
    """The page an ``ancestor_of`` / ``child_of`` / ``descendant_of`` / ``translation_of``
    id names: ``root`` is the site's root page; an id must be a page the reader may see
    (else Wagtail's 422 naming the parameter)."""
    if value == ROOT:
        site = Site.find_for_request(request)
        if site is None:
            raise as_validation_error(
                Page.DoesNotExist(), _("No page matches the given %s value.") % name, loc=(name,)
            )
        return site.root_page
    page = public.filter(pk=value).first()
    if page is None:
        raise as_validation_error(
            Page.DoesNotExist(), _("No page matches the given %s value.") % name, loc=(name,)
        )
    return page


def ancestors_q(page):
    """Wagtail's ``ancestor_of``: the page's ancestors, not the page itself."""
    return Page.objects.ancestor_of_q(page)


def translations_q(page):
    """Wagtail's ``translation_of``: the page's other language versions, not itself."""
    return Q(translation_key=page.translation_key) & ~Q(pk=page.pk)


def search_pages(request, queryset, text, operator, *, ordered):
    """Wagtail's ``SearchSchema`` on ``queryset`` (patched to clean the words and run
    under ``search_guard``); relevance order unless the reader asked for an order."""
    schema = SearchSchema(search=text, search_operator=operator)  # 422 when disabled
    if not ordered:
        queryset = queryset.order_by()
    return schema.search_queryset(request, queryset)


def in_order(window):
    """The pages of a list window (a queryset slice or search hits) as their specific
    classes, in the window's order."""
    from .pagetypes import as_specific, specific_pages

    if isinstance(window, QuerySet):
        return specific_pages(window)
    return as_specific(list(window))


def count(results):
    """The number of pages in a list: ``results.count()``, on Wagtail's page table alone
    where the list's conditions name no other table.

    A list of one type (``?type=topics.TopicPage``) is a queryset of that type, so its
    count joins the type's table to the page table. PostgreSQL ran that join as a hash of
    every row of the type's table (5.9 ms at 40,000 pages) instead of counting one
    language's pages of the type on the page table's index
    (``cms_page_locale_type_path``). Every page of a type has its row in the type's
    table, so the join changes nothing when nothing else is read from it.
    """
    if not isinstance(results, QuerySet) or results.model is Page:
        return results.count()
    query = results.query
    if query.distinct or query.combinator or query.annotations or query.extra:
        return results.count()
    compiler = query.get_compiler(results.db)
    try:
        where, params = compiler.compile(query.where)
    except EmptyResultSet:
        return 0
    pages = Page._meta.db_table
    connection = connections[results.db]
    others = [table for table in query.alias_map if table != pages]
    if any(connection.ops.quote_name(table) in where for table in others):
        return results.count()
    sql = f"SELECT COUNT(*) FROM {connection.ops.quote_name(pages)}"  # noqa: S608 - model meta
    if where:
        sql += f" WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
