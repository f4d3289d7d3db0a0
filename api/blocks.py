"""What a StreamField block looks like in the API: its value and its schema, in one place.

Each block class owns its API shape: the value apps receive (``represent``) and the
pydantic type it is documented with (``schema``). API v3 and API v2 both serialise
through :func:`represent`, and the OpenAPI document is built from
:meth:`BlockSchemaBuilder.annotation`, so the data always matches the schema and the two
APIs cannot drift.

Where the shape comes from, for a block instance (first match along its class's MRO):

1. a class that defines both ``get_api_representation(value, context)`` and
   ``api_schema(builder, hint)`` itself (a project block that owns its shape);
2. a class registered with :func:`register_block_shape` (Wagtail's own blocks, registered
   below, so they are covered without forking them).

``context`` is a :class:`BlockContext`: the request, the page the value belongs to, and
helpers that resolve page links and rich text to the reader's language.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated, Literal, Union

from ninja import Schema
from pydantic import ConfigDict, Field, TypeAdapter, WrapValidator, create_model

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import TranslatableMixin
from wagtail.snippets.blocks import SnippetChooserBlock

from .images import serialize_image
from .schemas import Document, Embed, Image, PageLink, Snippet
from .schemas import Schema as AnswerSchema


@dataclass(frozen=True)
class BlockShape:
    schema: Callable  # (block, builder, hint) -> annotation
    represent: Callable  # (block, value, BlockContext) -> JSON-ready value


_shapes = {}


def register_block_shape(block_class, *, schema, represent):
    """Declare the API shape of ``block_class`` and its subclasses."""
    _shapes[block_class] = BlockShape(schema, represent)
    _shape_of_class.cache_clear()


def _own_shape(block_class):
    own = block_class.__dict__
    if "get_api_representation" in own and "api_schema" in own:
        return BlockShape(
            lambda block, builder, hint: block.api_schema(builder, hint),
            lambda block, value, context: block.get_api_representation(value, context),
        )
    return _shapes.get(block_class)


def shape_of(block):
    shape = _shape_of_class(type(block))
    if shape is None:
        raise LookupError(f"{type(block).__name__} has no API shape: register one.")
    return shape


@functools.cache
def _shape_of_class(block_class):
    """The nearest shape in ``block_class``'s ancestry, looked up once per class (every
    value of every answer asks)."""
    for ancestor in block_class.__mro__:
        shape = _own_shape(ancestor)
        if shape is not None:
            return shape
    return None


class BlockContext:
    """What a block needs to represent its value: the reader, the page, the links."""

    def __init__(self, read, owner):
        self.read = read
        self.owner = owner
        self.request = read.request

    def get(self, key, default=None):
        """Wagtail's blocks read ``context.get("request")``."""
        return self.request if key == "request" else default

    def represent(self, block, value):
        return represent(block, value, self)

    def struct(self, block, value):
        """A struct block's children in their shapes: where a block that owns its shape
        starts from (so its app need not import ``api``)."""
        return struct_value(block, value, self)

    def link(self, page):
        return self.read.link(page, self.owner)

    def rich_text(self, value):
        return self.read.rich_text(value, self.owner)

    def absolute_url(self, url):
        return self.request.build_absolute_uri(url) if url else None

    def reader_locale_id(self):
        return self.read.reader_locale_id(self.owner)

    def language(self):
        """The reader's language code for this page."""
        return self.read.reader_language(self.owner)

    def page_language(self):
        """The language the page itself is written in (differs from the reader's on a
        fallback page)."""
        return self.read.page_language(self.owner)


def represent(block, value, context):
    """``value`` of ``block`` as the API shows it (links and rich text resolved at finish)."""
    return shape_of(block).represent(block, value, context)


def camel(name):
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


class UniqueNames:
    """Schema names handed out once: ``name``, else ``name2``, ``name3`` ... (OpenAPI and
    GraphQL both need one name per generated type, and two blocks may share a name)."""

    def __init__(self):
        self._taken = set()

    def __call__(self, name):
        candidate, number = name, 2
        while candidate in self._taken:
            candidate, number = f"{name}{number}", number + 1
        self._taken.add(candidate)
        return candidate


class BlockSchemaBuilder:
    """Builds (and names, once) the pydantic model of every block it is shown.

    ``for_input=True`` builds what a write takes instead of what a read answers: the
    same structs, lists and stream items (named ``...Input``, unknown keys refused,
    struct children optional so Wagtail's own block validation reports what is
    missing), with the stored value at the leaves where reads resolve it (a page,
    image, document or snippet by id, an embed by URL, rich text as HTML).
    """

    def __init__(self, *, for_input=False):
        self.for_input = for_input
        self._structs = {}
        self._items = {}
        self.unique = UniqueNames()

    def annotation(self, block, hint):
        if self.for_input:
            return input_shape_of(block)(block, self, hint)
        return shape_of(block).schema(block, self, hint)

    def _name(self, base):
        return self.unique(f"{base}Input" if self.for_input else base)

    def struct(self, block, hint, overrides=None):
        key = (type(block), tuple(block.child_blocks))
        if type(block) is blocks.StructBlock:
            key = (hint, *key)
        if key not in self._structs:
            base = type(block).__name__ if type(block) is not blocks.StructBlock else hint
            name = self._name(base if base.endswith("Block") else f"{base}Block")
            child = ... if not self.for_input else None
            fields = {
                child_name: (self.annotation(block_, f"{name}{camel(child_name)}"), child)
                for child_name, block_ in block.child_blocks.items()
            }
            fields.update(overrides or {})
            self._structs[key] = create_model(name, __base__=self._base(), **fields)
        return self._structs[key]

    def _base(self):
        return StrictInput if self.for_input else AnswerSchema

    def stream_item(self, block, hint):
        members = {}
        for child_name, child in block.child_blocks.items():
            value = self.annotation(child, f"{camel(child_name)}Value")
            key = (child_name, repr(value))
            if key not in self._items:
                name = self._name(f"{camel(child_name)}Item")
                self._items[key] = create_model(
                    name,
                    __base__=self._base(),
                    __doc__=f"A '{child_name}' block of a StreamField.",
                    type=(Literal[child_name], ...),
                    value=(value, ...),
                    id=(str | None, None),
                )
            members[child_name] = self._items[key]
        if len(members) == 1:
            return next(iter(members.values()))
        union = Annotated[Union[tuple(members.values())], Field(discriminator="type")]  # noqa: UP007
        if self.for_input:
            return Annotated[union, WrapValidator(by_type(members))]
        return union


class StrictInput(Schema):
    """A block value a client writes: a key its block does not have is an error."""

    model_config = ConfigDict(extra="forbid")


def _item_type(value):
    return value.get("type") if isinstance(value, dict) else None


def by_type(members, type_of=_item_type):
    """A wrap validator for a tagged union: validate a value as the member its tag
    names, so an error's location is the value's own (``body.3.value.heading``), not
    one with pydantic's tag inserted (``body.3.heading.value.heading``). Values with no
    known tag go to the union, which names the expected tags."""
    adapters = {tag: TypeAdapter(model) for tag, model in members.items()}

    def validate(value, handler):
        tag = type_of(value)
        adapter = adapters.get(tag) if isinstance(tag, str) else None
        return adapter.validate_python(value) if adapter else handler(value)

    return validate


def _flat_choices(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield value, label


# Structural blocks: the shape of their children, recursively.


def _stream_value(block, value, context):
    return [
        {
            "type": child.block.name,
            "value": context.represent(child.block, child.value),
            "id": child.id,
        }
        for child in (value or [])
    ]


def _list_value(block, value, context):
    return [context.represent(block.child_block, item) for item in (value or [])]


def struct_value(block, value, context):
    """A struct's children in their shapes (blocks that own their shape start from it)."""
    children = block.child_blocks.items()
    return {name: context.represent(child, value.get(name)) for name, child in children}


register_block_shape(
    blocks.BaseStreamBlock,
    schema=lambda block, builder, hint: list[builder.stream_item(block, hint)],
    represent=_stream_value,
)
register_block_shape(
    blocks.ListBlock,
    schema=lambda block, builder, hint: list[builder.annotation(block.child_block, f"{hint}Item")],
    represent=_list_value,
)
register_block_shape(
    blocks.BaseStructBlock,
    schema=lambda block, builder, hint: builder.struct(block, hint),
    represent=struct_value,
)

# Choosers: the chosen object, resolved (pages to the reader's language).


def _document(document, context):
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": context.absolute_url(document.url),
        "filename": document.filename,
        "content_type": document.content_type,
        "file_size": document.file_size,
    }


def _snippet(block, value, context):
    if value is None:
        return None
    if isinstance(value, TranslatableMixin):
        translated = (
            type(value)
            .objects.filter(
                translation_key=value.translation_key, locale_id=context.reader_locale_id()
            )
            .first()
        )
        value = translated or value
    return {"id": value.pk, "type": value._meta.label, "title": str(value)}


register_block_shape(
    blocks.PageChooserBlock,
    schema=lambda block, builder, hint: PageLink | None,
    represent=lambda block, value, context: context.link(value),
)
register_block_shape(
    ImageChooserBlock,
    schema=lambda block, builder, hint: Image | None,
    represent=lambda block, value, context: serialize_image(value),
)
register_block_shape(
    DocumentChooserBlock,
    schema=lambda block, builder, hint: Document | None,
    represent=lambda block, value, context: _document(value, context),
)
register_block_shape(
    SnippetChooserBlock,
    schema=lambda block, builder, hint: Snippet | None,
    represent=_snippet,
)
register_block_shape(
    EmbedBlock,
    # The URL only: apps embed it themselves (oEmbed); the API never fetches a provider.
    schema=lambda block, builder, hint: Embed | None,
    represent=lambda block, value, context: {"url": value.url} if value else None,
)

# Leaves: text, numbers, dates, choices.

register_block_shape(
    blocks.RichTextBlock,
    schema=lambda block, builder, hint: str,
    represent=lambda block, value, context: context.rich_text(value),
)
register_block_shape(
    blocks.StaticBlock,
    schema=lambda block, builder, hint: None,
    represent=lambda block, value, context: None,
)


def _choice_schema(block, builder, hint):
    values = tuple(str(value) for value, _label in _flat_choices(block.field.choices))
    return Literal[values] if values else str


def _prep_value(block, value, context):
    return block.get_prep_value(value)


register_block_shape(blocks.ChoiceBlock, schema=_choice_schema, represent=_prep_value)
for _block_class, _annotation in [
    (blocks.BooleanBlock, bool),
    (blocks.IntegerBlock, int | None),
    (blocks.FloatBlock, float | None),
    (blocks.DecimalBlock, float | None),
    (blocks.DateTimeBlock, datetime | None),
    (blocks.DateBlock, date | None),
    (blocks.TimeBlock, time | None),
    (blocks.FieldBlock, str),
]:
    register_block_shape(
        _block_class,
        schema=lambda block, builder, hint, annotation=_annotation: annotation,
        represent=_prep_value,
    )


# What writes take: the stored value (Wagtail's ``get_prep_value``) where reads resolve it.

_input_leaves = {
    blocks.PageChooserBlock: int | None,
    ImageChooserBlock: int | None,
    DocumentChooserBlock: int | None,
    SnippetChooserBlock: int | None,
    EmbedBlock: str | None,
    blocks.RichTextBlock: str | None,
}


@functools.cache
def _input_leaf(block_class):
    for ancestor in block_class.__mro__:
        if ancestor in _input_leaves:
            return _input_leaves[ancestor]
    return None


def input_shape_of(block):
    """The schema function a write uses for ``block``: structures as reads have them
    (a project block's own read shape is not its input, so its struct is used), the
    stored value at the leaves; every leaf may be null (Wagtail's block validation,
    not the schema, says what is required, at the block's location)."""
    leaf = _input_leaf(type(block))
    if leaf is not None:
        return lambda block, builder, hint: leaf
    for structure in (blocks.BaseStreamBlock, blocks.ListBlock, blocks.BaseStructBlock):
        if isinstance(block, structure):
            return _shapes[structure].schema
    read = shape_of(block).schema

    def nullable(block, builder, hint):
        annotation = read(block, builder, hint)
        if annotation is None:
            return None
        if isinstance(block, blocks.ChoiceBlock) and not block.required:
            annotation = annotation | Literal[""]
        return annotation | None

    return nullable
