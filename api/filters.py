"""Typed filters of the page list: the fields each page type declares, and translation status.

Wagtail's own field filters (``?slug=``, a type's database ``api_fields`` with one
``type``) compare text for equality and stay as they are (``api.page_query``). A page
type may declare more in ``api.content.<app>`` (``register_page_type(filters=[...])``):
each declared field filters by its type, with operators by kind of field (exact and
``__in`` for choices, text and numbers; ``__lt``, ``__lte``, ``__gt``, ``__gte`` for
dates and numbers), and the list sorts by it. ``translation_status`` (and ``__in``)
filters every page type by ``cms.translation_status``, the one place statuses are
computed. Values are read strictly (ASCII digits, ISO dates, a known choice, at most
``MAX_VALUES`` in a list): anything else is a 400 naming the parameter, never a 500 and
never a silently different meaning.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ninja.errors import HttpError

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from wagtail.models import Page

from cms.translation_status import Status, source_locale, statuses_for

from .registry import registration_for

MAX_VALUES = 50
MAX_TEXT = 255
MAX_INTEGER = 2**31 - 1
RANGES = ("lt", "lte", "gt", "gte")
TRANSLATION_STATUS = "translation_status"
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?)?",
    re.ASCII,
)
INTEGER = re.compile(r"-?[0-9]{1,10}", re.ASCII)


class BadValue(ValueError):
    pass


@dataclass(frozen=True)
class TypedField:
    """One declared field: how its values read, which operators it has, its OpenAPI type."""

    name: str
    parse: Any  # str -> value, raises BadValue
    operators: tuple[str, ...]
    schema: dict


def _choice(field):
    allowed = [str(value) for value, _label in field.flatchoices]

    def parse(text):
        if text not in allowed:
            raise BadValue(_("must be one of %s") % ", ".join(allowed))
        return text

    return parse, {"type": "string", "enum": allowed}


def _date(text):
    if not DATE.fullmatch(text):
        raise BadValue(_("must be a date such as 2026-01-31"))
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise BadValue(_("is not a date in the calendar")) from error


def _datetime(text):
    if not DATETIME.fullmatch(text):
        raise BadValue(_("must be a date or an ISO 8601 date and time"))
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise BadValue(_("is not a date and time in the calendar")) from error


def _integer(text):
    if not INTEGER.fullmatch(text) or abs(int(text)) > MAX_INTEGER:
        raise BadValue(_("must be a whole number written with the digits 0-9"))
    return int(text)


def _boolean(text):
    if text not in ("true", "false"):
        raise BadValue(_("must be true or false"))
    return text == "true"


def _text(text):
    if len(text) > MAX_TEXT or "\x00" in text:
        raise BadValue(_("must be text of at most %d characters") % MAX_TEXT)
    return text


def typed_field(model, name):
    """How ``model``'s database field ``name`` filters (its kind decides the operators)."""
    field = model._meta.get_field(name)
    if field.choices:
        parse, schema = _choice(field)
        return TypedField(name, parse, ("", "in"), schema)
    if isinstance(field, models.DateTimeField):
        return TypedField(name, _datetime, ("", *RANGES), {"type": "string", "format": "date-time"})
    if isinstance(field, models.DateField):
        return TypedField(name, _date, ("", *RANGES), {"type": "string", "format": "date"})
    if isinstance(field, models.BooleanField):
        return TypedField(name, _boolean, ("",), {"type": "boolean"})
    if isinstance(field, models.IntegerField | models.AutoField):
        return TypedField(name, _integer, ("", "in", *RANGES), {"type": "integer"})
    return TypedField(name, _text, ("", "in"), {"type": "string"})


def declared(model):
    """``{parameter name: (field, operator)}`` of the filters ``model`` declares."""
    result = {}
    for name in registration_for(model).filters:
        typed = typed_field(model, name)
        for operator in typed.operators:
            result[f"{name}__{operator}" if operator else name] = (typed, operator)
    return result


def parameter_names(models_):
    """Every typed-filter parameter any of ``models_`` declares, and translation status."""
    names = {TRANSLATION_STATUS, f"{TRANSLATION_STATUS}__in"}
    for model in models_:
        names |= set(declared(model))
    return names


def sortable(model):
    """The fields the list sorts ``model`` by, beyond Wagtail's (``order=-next_review_due``)."""
    return list(registration_for(model).filters)


def _values(request, name, typed, operator):
    raw = request.GET.getlist(name)
    if len(raw) > 1:
        raise HttpError(400, _("Give '%s' once.") % name)
    texts = raw[0].split(",") if operator == "in" else raw
    if len(texts) > MAX_VALUES:
        raise HttpError(
            400,
            _("'%(name)s' takes at most %(max)d values.")
            % {
                "name": name,
                "max": MAX_VALUES,
            },
        )
    try:
        values = [typed.parse(text) for text in texts]
    except BadValue as error:
        raise HttpError(400, f"'{name}' {error}.") from error
    return values if operator == "in" else values[0]


def apply(request, queryset, chosen):
    """``queryset`` narrowed by the typed filters in ``request.GET``.

    A declared filter needs ``type=`` of every type it is declared on: without a type
    its plain name is Wagtail's field filter of another type and ignored (as Wagtail
    does) if one of its types could read the value (else a 400), an operator (``__lt``,
    ``__in``) is a 400; a type that does not declare it is a 400 naming the parameter.
    """
    by_model = {model: declared(model) for model in chosen}
    everywhere = set().union(*(set(names) for names in by_model.values())) if by_model else set()
    for name in request.GET:
        if name.split("__")[0] == TRANSLATION_STATUS:
            continue
        if name in everywhere:
            missing = [model._meta.label for model in chosen if name not in by_model[model]]
            if missing:
                raise HttpError(
                    400,
                    _("'%(name)s' is not a filter of %(types)s.")
                    % {
                        "name": name,
                        "types": ", ".join(missing),
                    },
                )
            typed, operator = by_model[chosen[0]][name]
            lookup = f"{typed.name}__{operator}" if operator else typed.name
            value = _values(request, name, typed, operator)
            queryset = _filter(queryset, chosen, Q(**{lookup: value}))
        elif "__" in name and name in parameter_names(_all_models()):
            owners = [model._meta.label for model in _all_models() if name in declared(model)]
            raise HttpError(
                400,
                _("'%(name)s' filters %(types)s: give that 'type'.")
                % {"name": name, "types": " or ".join(owners)},
            )
        elif name in parameter_names(_all_models()):
            _check_readable(request, name)
    return _translation_status(request, queryset)


def _check_readable(request, name):
    """A declared filter given without its type is ignored, but only a value one of its
    types could read: the OpenAPI document states its values (an enum, a date), and a
    value no type takes is a 400, not a silently ignored typo."""
    error = None
    for model in _all_models():
        if name in declared(model):
            typed, operator = declared(model)[name]
            try:
                _values(request, name, typed, operator)
            except HttpError as refused:
                error = refused
            else:
                return
    if error is not None:
        raise error


def _filter(queryset, chosen, condition):
    if queryset.model is not Page:
        return queryset.filter(condition)
    matches = Q()
    for model in chosen:
        matches |= Q(pk__in=model.objects.filter(condition).values("pk"))
    return queryset.filter(matches)


def _all_models():
    from .pagetypes import page_types

    return list(page_types())


def _translation_status(request, queryset):
    """Pages whose status (``source`` for source pages) is one of those asked for.

    A constant number of queries: the source pages of the queryset's translation sets,
    then ``statuses_for`` (one query) for all of them.
    """
    wanted = set()
    for name, operator in ((TRANSLATION_STATUS, ""), (f"{TRANSLATION_STATUS}__in", "in")):
        if name in request.GET:
            found = _values(request, name, STATUS_FIELD, operator)
            wanted |= set(found) if operator else {found}
    if not wanted:
        return queryset
    sources = list(
        Page.objects.filter(
            translation_key__in=queryset.values("translation_key"), locale=source_locale()
        )
    )
    ids = {page.pk for page in sources} if Status.SOURCE in wanted else set()
    for by_language in statuses_for(sources).values():
        ids |= {state.page_id for state in by_language.values() if state.status in wanted}
    return queryset.filter(pk__in=ids - {None})


def _status(text):
    if text not in Status.LABELS:
        raise BadValue(_("must be one of %s") % ", ".join(Status.LABELS))
    return text


STATUS_FIELD = TypedField(
    TRANSLATION_STATUS, _status, ("", "in"), {"type": "string", "enum": list(Status.LABELS)}
)
