"""Schemas and bulk serialisation of every page type, built once all apps are ready."""

from collections import defaultdict
from functools import cache
from typing import Annotated, Literal, Union

from pydantic import Field, create_model

from django.urls import reverse

from wagtail.models import Page, get_page_models

from cms.models import MedicalReviewMixin
from cms.public_urls import absolute, page_public_url

from .fields import FieldSpec, api_fields, field_spec
from .registry import extras_for, registration_for
from .schemas import MedicalReview, PageDetailMeta, PageMeta, Schema
from .selection import selected_specs, shape

REVIEW_FIELDS = {"reviewed_by", "last_reviewed", "next_review_due"}


def _review(pages, ctx):
    return {
        page.pk: {
            "reviewed_by": page.reviewed_by,
            "last_reviewed": page.last_reviewed,
            "next_review_due": page.next_review_due,
            "overdue": page.review_overdue,
        }
        for page in pages
    }


class PageType:
    """One page model as the API shows it: summary and detail schemas and fields."""

    def __init__(self, model):
        registration = registration_for(model)
        self.model = model
        self.label = model._meta.label
        self.writable = registration.writable
        hint = model.__name__
        review = issubclass(model, MedicalReviewMixin)
        skip = registration.exclude | (REVIEW_FIELDS if review else set())
        detail_names = [
            api_field.name
            for api_field in api_fields(model)
            if api_field.name not in skip and api_field.serializer is None
        ]
        self.detail_fields = [field_spec(model, name, hint) for name in detail_names]
        self.summary_fields = [field_spec(model, name, hint) for name in registration.summary]
        if review:
            spec = FieldSpec("medical_review", MedicalReview, _review)
            self.detail_fields.append(spec)
            self.summary_fields.append(spec)
        for extra in extras_for(model):
            spec = FieldSpec(extra.name, extra.annotation, extra.resolve)
            if extra.detail:
                self.detail_fields.append(spec)
            if extra.summary:
                self.summary_fields.append(spec)
        self.summary_schema = self._schema(f"{hint}Summary", PageMeta, self.summary_fields)
        self.detail_schema = self._schema(f"{hint}Detail", PageDetailMeta, self.detail_fields)

    def _schema(self, name, meta, specs):
        return create_model(
            name,
            __base__=Schema,
            __doc__=f"{self.model._meta.verbose_name} ({self.label})",
            id=(int, ...),
            type=(Literal[self.label], ...),
            title=(str, ...),
            meta=(meta, ...),
            **{spec.name: (spec.annotation, ...) for spec in specs},
        )


@cache
def page_types():
    """Every page model, registered or not, keyed by model."""
    return {model: PageType(model) for model in get_page_models()}


def page_type(model):
    return page_types()[model]


def union(attribute, models=None):
    members = tuple(
        getattr(kind, attribute)
        for model, kind in page_types().items()
        if models is None or model in models
    )
    if len(members) == 1:
        return members[0]
    return Annotated[Union[members], Field(discriminator="type")]  # noqa: UP007


def base_item(page, ctx):
    requested = ctx.locale.language_code if ctx.locale is not None else None
    return {
        "id": page.pk,
        "type": page.specific_class._meta.label if page.specific_class else "wagtailcore.Page",
        "title": page.title,
        "meta": {
            "type": page._meta.label,
            "locale": page.locale.language_code,
            "slug": page.slug,
            "url": page_public_url(page, ctx.request),
            # On the public address, as every other URL of the answer (cms.public_urls;
            # Wagtail's own detail_urls use WAGTAILAPI_BASE_URL, which defaults to it).
            "detail_url": absolute(
                reverse("wagtailapi_v3:cms_page_detail", kwargs={"page_id": page.pk})
            ),
            "first_published_at": page.first_published_at,
            "last_published_at": page.last_published_at,
            "fallback": ctx.locale is not None and page.locale_id != ctx.locale.pk,
            "requested_locale": requested,
        },
    }


def serialize_pages(pages, ctx, *, detail=False, selection=None):
    """Specific pages -> JSON-ready dicts; queries per page type, never per page.

    ``selection`` (``api.selection``, from ``fields``/``expand``/``depth``) picks the
    fields and the relations shown as summary cards (``api.expand``); only the fields
    shown are read.
    """
    values = field_values(pages, ctx, detail=detail, selection=selection)
    items = []
    for page in pages:
        item = base_item(page, ctx)
        item.update(values[page.pk])
        if detail:
            item["meta"].update(detail_meta(page, ctx))
        if selection is not None:
            shape(item, page_type(type(page)), selection, detail=detail)
        items.append(item)
    if selection is None:
        return ctx.finish(items)
    from .expand import expand_links

    return ctx.finish(items, expand=expand_links)


def field_values(pages, ctx, *, detail, selection=None):
    """``{page id: {field: value}}`` of the summary or detail fields (or the selected
    ones), each field resolved once per page type: the part of an answer GraphQL shares."""
    values = defaultdict(dict)
    groups = defaultdict(list)
    for page in pages:
        groups[type(page)].append(page)
    for model, group in groups.items():
        kind = page_type(model)
        specs = kind.detail_fields if detail else kind.summary_fields
        if selection is not None:
            specs = selected_specs(kind, selection, detail=detail)
        for spec in specs:
            resolved = spec.resolve(group, ctx)
            for page in group:
                values[page.pk][spec.name] = resolved[page.pk]
    return values


def detail_meta(page, ctx):
    from .alternates import alternates, family_of
    from .workflow_actions import workflow_status

    relatives = family_of(page)
    ancestors, translations = relatives.ancestors, relatives.translations
    return {
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "parent": ctx.link(ancestors[-1], page) if ancestors else None,
        "breadcrumbs": [ctx.link(ancestor, page) for ancestor in ancestors],
        "alternates": alternates(page, ctx, translations),
        "draft": ctx.draft,
        "workflow": workflow_status(page, getattr(ctx.request, "user", None)),
    }


def specific_pages(queryset):
    """The pages of ``queryset`` as their specific classes, one query per page type."""
    return as_specific(list(queryset.select_related("locale")))


def as_specific(pages):
    """``pages`` (with their locales) as their specific classes, one query per page type
    that is not read yet: the rows of a one-type list (``?type=``) already are, and
    are not read twice; a page gone in between is dropped."""
    specific, by_type = {}, defaultdict(list)
    for page in pages:
        model = page.specific_class or Page  # a page type whose model is gone: as it is
        if _complete(page, model):
            specific[page.pk] = page
        else:
            by_type[model].append(page.pk)
    for model, ids in by_type.items():
        specific.update(model.objects.select_related("locale").order_by().in_bulk(ids))
    return [specific[page.pk] for page in pages if page.pk in specific]


def _complete(page, model):
    return (
        type(page) is model
        and "locale" in page._state.fields_cache
        and not page.get_deferred_fields()
    )
