"""How one model field reads in the API: its type for OpenAPI and a bulk resolver.

Every resolver takes the whole list of pages of one type and returns ``{pk: value}``,
so a list of fifty pages costs the same number of queries as a list of five.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from typing import Any, Literal

from pydantic import create_model

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.reverse_related import ForeignObjectRel

from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.i18n import page_ids_by_kind, prefetch_linked_pages
from cms.models import page_links_by_kind

from .blocks import BlockContext, BlockSchemaBuilder, represent
from .compat import chosen_pages
from .images import images_by_id, serialize_image
from .relations import child_objects
from .schemas import Image, PageLink, Schema

block_schemas = BlockSchemaBuilder()


@dataclass
class FieldSpec:
    """A field of a page type's summary or detail: its type and how to read it in bulk."""

    name: str
    annotation: Any
    resolve: Any  # (pages, ctx) -> {pk: value}


def plain_annotation(field):
    if field.choices:
        values = tuple(str(value) for value, _label in field.flatchoices)
        annotation = Literal[tuple(dict.fromkeys(values + (("",) if field.blank else ())))]
    elif isinstance(field, models.BooleanField):
        annotation = bool
    elif isinstance(field, models.IntegerField | models.AutoField):
        annotation = int
    elif isinstance(field, models.FloatField | models.DecimalField):
        annotation = float
    elif isinstance(field, models.DateTimeField):
        annotation = datetime
    elif isinstance(field, models.DateField):
        annotation = date
    elif isinstance(field, models.TimeField):
        annotation = time
    else:
        annotation = str
    return annotation | None if field.null else annotation


def _attribute(name):
    def resolve(pages, ctx):
        return {page.pk: getattr(page, name) for page in pages}

    return resolve


def _rich_text(name):
    def resolve(pages, ctx):
        return {page.pk: ctx.rich_text(getattr(page, name), page) for page in pages}

    return resolve


def _stream(name, block):
    def resolve(pages, ctx):
        # Page links and rich text are resolved for the whole response by ``ctx.finish``.
        chosen = _prefetch_chosen_pages(pages, name, block, ctx)
        with chosen_pages(chosen):
            return {
                page.pk: represent(block, getattr(page, name), BlockContext(ctx, page))
                for page in pages
            }

    return resolve


def _prefetch_chosen_pages(pages, name, block, ctx):
    """Read every page the ``name`` StreamFields of ``pages`` link to in one query:
    chooser blocks then take their pages from it instead of one query per chooser type.

    Choosers only: the pages as stored, in one plain query (``api.compat.chosen_pages``;
    the API reads nothing of them but their translation keys). With rich-text links too,
    as the HTML page does before it renders its body (``cms.i18n.prefetch_linked_pages``):
    the rich text of the answer, expanded in the same language, reads its links from it
    (``None``: the choosers read theirs from it, ``home.blocks.PrefetchedPageChooserBlock``).
    """
    chooser_ids, text_ids = set(), set()
    for page in pages:
        chosen, in_text = page_ids_by_kind(block, getattr(page, name))
        chooser_ids |= chosen
        text_ids |= in_text
    if text_ids - chooser_ids:
        prefetch_linked_pages(chooser_ids | text_ids, ctx.reader_language(pages[0]))
        return None
    if not chooser_ids:
        return None
    family = pages[0].__dict__.get("_api_family") if len(pages) == 1 else None
    read = family.read(chooser_ids) if family is not None else None
    if read is not None:  # read with the detail's family (``chosen_page_ids``)
        return read
    return Page.objects.only("translation_key", "content_type_id").order_by().in_bulk(chooser_ids)


def chosen_page_ids(page):
    """The ids of the pages ``page``'s StreamFields choose (page choosers): a detail
    reads them with the page's family (``api.alternates.family``) instead of in a
    query of their own (``_prefetch_chosen_pages`` takes them from there)."""
    return page_links_by_kind(page)[0]


def _image(field):
    def resolve(pages, ctx):
        images = images_by_id(getattr(page, field.attname) for page in pages)
        return {
            page.pk: serialize_image(images.get(getattr(page, field.attname))) for page in pages
        }

    return resolve


def _page(field):
    def resolve(pages, ctx):
        ids = {getattr(page, field.attname) for page in pages} - {None}
        targets = Page.objects.only("translation_key").order_by().in_bulk(ids) if ids else {}
        return {
            page.pk: ctx.link(targets.get(getattr(page, field.attname)), page) for page in pages
        }

    return resolve


def _children(name, related_model, child_specs):
    def resolve(pages, ctx):
        by_page = child_objects(pages, ctx, name)
        result = {}
        for page in pages:
            children = by_page[page.pk]
            values = [{"id": child.pk} for child in children]
            for spec in child_specs:
                resolved = spec.resolve(children, ctx)
                for value, child in zip(values, children, strict=True):
                    value[spec.name] = resolved[child.pk]
            result[page.pk] = values
        return result

    return resolve


@cache
def child_schema(model, hint):
    """The schema of an InlinePanel child (built once per model, however many use it)."""
    specs = [field_spec(model, api_field.name, hint) for api_field in api_fields(model)]
    schema = create_model(
        f"{model.__name__}Item",
        __base__=Schema,
        id=(int | None, None),
        **{spec.name: (spec.annotation, ...) for spec in specs},
    )
    return schema, specs


def api_fields(model):
    return APIField.get_fields_for_model(model)


def field_spec(model, name, hint=""):
    """The spec of model field ``name``; raises ``FieldDoesNotExist`` for non-fields."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        relation = next(
            (
                rel
                for rel in model._meta.get_fields()
                if isinstance(rel, ForeignObjectRel) and rel.get_accessor_name() == name
            ),
            None,
        )
        if relation is None:
            raise
        field = relation
    if isinstance(field, ForeignObjectRel):
        schema, specs = child_schema(field.related_model, field.related_model.__name__)
        return FieldSpec(name, list[schema], _children(name, field.related_model, specs))
    if isinstance(field, StreamField):
        annotation = block_schemas.annotation(field.stream_block, f"{hint}{name.title()}")
        return FieldSpec(name, annotation, _stream(name, field.stream_block))
    if isinstance(field, RichTextField):
        return FieldSpec(name, str, _rich_text(name))
    if isinstance(field, models.ForeignKey):
        if issubclass(field.related_model, get_image_model()):
            return FieldSpec(name, Image | None, _image(field))
        if issubclass(field.related_model, Page):
            return FieldSpec(name, PageLink | None, _page(field))
        return FieldSpec(name, int | None, _attribute(field.attname))
    return FieldSpec(name, plain_annotation(field), _attribute(name))
