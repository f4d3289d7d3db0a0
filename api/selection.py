"""What a reader asked to see of each page: ``fields=``, ``expand=`` and ``depth=``.

``fields`` is Wagtail's syntax (``wagtail.api.v2.utils.parse_fields_parameter``, the
parser Wagtail's own API uses): ``fields=body,references`` adds fields to the default
(a list's summary card, a detail's every field), ``*`` is every field, ``_`` none
but ``id``, ``type`` and ``meta``, ``-body`` removes one, and ``therapies(title,summary)``
selects inside a value. A relation selected with a nested selection is expanded: its
pages become their summary cards with just those fields. ``expand=therapies,specialists``
(``therapies.specialists`` for a second level) and ``depth=1|2`` (every relation, that
many levels) expand relations to their full summary cards. At most ``MAX_DEPTH`` levels.

A name no page type in the request's scope knows is a 400 naming it, before any query.
"""

from dataclasses import dataclass, field
from typing import get_args

from ninja.errors import HttpError
from pydantic import BaseModel

from django.utils.translation import gettext as _

from wagtail.api.v2.utils import FieldsParameterParseError, parse_fields_parameter

from .schemas import PageLink

MAX_DEPTH = 2
MAX_LENGTH = 1000
RELATION_ANNOTATIONS = (list[PageLink], PageLink | None)
BASE = ("id", "type", "meta")


@dataclass(eq=False)
class Selection:
    """The fields to show of one level; ``expand`` maps relations to their cards' selection.

    Compared by identity: the expander groups the pages of one relation by it.
    """

    include: dict = field(default_factory=dict)  # name -> nested Selection | None
    exclude: set = field(default_factory=set)
    everything: bool = False
    minimal: bool = False
    expand: dict = field(default_factory=dict)  # relation name -> Selection of its cards

    def names(self, kind, *, detail):
        """The field names to show of a page of ``kind`` (``title`` included)."""
        specs = specs_of(kind)
        if self.everything:
            start = ["title", *(spec.name for spec in kind.detail_fields)]
        elif self.minimal:
            start = []
        else:
            fields = kind.detail_fields if detail else kind.summary_fields
            start = ["title", *(spec.name for spec in fields)]
        wanted = dict.fromkeys(start)
        wanted.update(dict.fromkeys(name for name in self.include if name in specs))
        wanted.update(dict.fromkeys(name for name in self.expand if name in specs))
        if "title" in self.include:
            wanted["title"] = None
        return [name for name in wanted if name not in self.exclude]


def specs_of(kind):
    """``{name: FieldSpec}`` of every field a page of ``kind`` can show."""
    return {spec.name: spec for spec in [*kind.summary_fields, *kind.detail_fields]}


def is_relation(spec):
    return spec.annotation in RELATION_ANNOTATIONS


def requested(request, kinds):
    """The reader's ``Selection`` for pages of ``kinds`` (``None``: the default shape)."""
    fields = request.GET.get("fields")
    expand = request.GET.get("expand")
    depth = request.GET.get("depth")
    if fields is None and expand is None and depth is None:
        return None
    for name in ("fields", "expand", "depth"):
        if len(request.GET.getlist(name)) > 1:
            raise HttpError(400, _("Give '%s' once.") % name)
    selection = _parse_fields(fields) if fields is not None else Selection()
    if expand:
        _merge_expand(selection, expand)
    _check(selection, kinds, level=0)
    if depth is not None:  # every relation of any type: nothing to check
        _merge_depth(selection, _depth(depth), _all_kinds())
    return selection


def _parse_fields(text):
    if len(text) > MAX_LENGTH:
        raise HttpError(400, _("'fields' is longer than %d characters.") % MAX_LENGTH)
    if text.count("(") > MAX_DEPTH * 20:
        raise HttpError(400, _("'fields' nests too deeply."))
    try:
        parsed = parse_fields_parameter(text)
    except FieldsParameterParseError as error:
        raise HttpError(400, _("'fields' cannot be read: %s.") % error) from error
    return _selection(parsed, nested=False)


def _selection(parsed, *, nested):
    selection = Selection(minimal=nested)
    for name, negated, children in parsed:
        if name == "*":
            selection.everything, selection.minimal = True, False
        elif name == "_":
            selection.minimal = True
        elif negated:
            selection.exclude.add(name)
        else:
            selection.include[name] = _selection(children, nested=True) if children else None
    if nested and not selection.include and not selection.everything:
        selection.minimal = False  # only removals: the card minus those
    return selection


def _merge_expand(selection, text):
    if len(text) > MAX_LENGTH:
        raise HttpError(400, _("'expand' is longer than %d characters.") % MAX_LENGTH)
    for path in text.split(","):
        names = path.split(".")
        if len(names) > MAX_DEPTH:
            raise HttpError(400, _("'expand' goes at most %d levels deep.") % MAX_DEPTH)
        level = selection
        for name in names:
            if not name:
                raise HttpError(400, _("'expand' has an empty name."))
            nested = level.include.get(name)
            level = level.expand.setdefault(name, nested or Selection())


def _depth(text):
    if text not in {str(level) for level in range(MAX_DEPTH + 1)}:
        raise HttpError(400, _("'depth' must be 0 to %d.") % MAX_DEPTH)
    return int(text)


def _all_kinds():
    from .pagetypes import page_types

    return list(page_types().values())


def _merge_depth(selection, depth, kinds):
    if depth == 0:
        return
    # In the page types' field order: a set's order changes with every process (string
    # hashes), and so did the order of the expanded relations in the cards' JSON.
    names = dict.fromkeys(
        name for kind in kinds for name, spec in specs_of(kind).items() if is_relation(spec)
    )
    for name in names:
        if name in selection.exclude:
            continue
        card = selection.expand.setdefault(name, selection.include.get(name) or Selection())
        _merge_depth(card, depth - 1, kinds)


def _check(selection, kinds, level):
    """400 for a name no kind in scope knows; nested selections become expansions."""
    if level > MAX_DEPTH:
        raise HttpError(400, _("Relations expand at most %d levels deep.") % MAX_DEPTH)
    known = {"title"}
    relations = set()
    for kind in kinds:
        for name, spec in specs_of(kind).items():
            known.add(name)
            if is_relation(spec):
                relations.add(name)
    for name in [*selection.include, *selection.exclude]:
        if name not in known and name not in BASE:
            raise HttpError(400, _("Unknown field '%s'.") % name)
    for name in selection.expand:
        if name not in relations:
            raise HttpError(400, _("'%s' is not a relation that expands.") % name)
    for name, nested in selection.include.items():
        if nested is None:
            continue
        if name in relations:
            selection.expand.setdefault(name, nested)
        else:
            _check_inside(name, nested, kinds)
    for nested in selection.expand.values():
        _check(nested, _all_kinds(), level + 1)


def _check_inside(name, nested, kinds):
    """A nested selection inside a value (``medical_review(overdue)``) names its keys."""
    keys = set()
    for kind in kinds:
        spec = specs_of(kind).get(name)
        if spec is not None:
            keys |= _value_keys(spec.annotation)
    if not keys:
        raise HttpError(400, _("'%s' has no fields to select from.") % name)
    for key in [*nested.include, *nested.exclude]:
        if key not in keys:
            raise HttpError(
                400, _("Unknown field '%(key)s' in '%(name)s'.") % {"key": key, "name": name}
            )
        if nested.include.get(key) is not None:
            raise HttpError(
                400, _("'%(name)s(%(key)s)' cannot select deeper.") % {"key": key, "name": name}
            )


def _value_keys(annotation):
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return set(candidate.model_fields)
    return set()


def selected_specs(kind, selection, *, detail):
    specs = specs_of(kind)
    return [specs[name] for name in selection.names(kind, detail=detail) if name in specs]


def shape(item, kind, selection, *, detail):
    """Drop what ``selection`` leaves out of ``item``, prune nested selections and mark
    the links of expanded relations for their cards (resolved by ``ReadContext.finish``)."""
    if "title" not in selection.names(kind, detail=detail):
        del item["title"]
    for name, nested in selection.include.items():
        if nested is not None and name in item and name not in selection.expand:
            item[name] = _prune(item[name], nested)
    for name, card in selection.expand.items():
        for link in _links(item.get(name)):
            link.card = card


def _links(value):
    from .context import PendingLink

    if isinstance(value, PendingLink):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, PendingLink)]
    return []


def _prune(value, nested):
    if isinstance(value, list):
        return [_prune(item, nested) for item in value]
    if not isinstance(value, dict):
        return value
    keep = set(value) if not nested.minimal else set(nested.include) | {"id"}
    return {key: item for key, item in value.items() if key in keep and key not in nested.exclude}
