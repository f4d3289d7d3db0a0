"""Typed StreamField: pydantic models generated from the block definitions.

Generated clients get real types instead of ``list[Any]``: a StreamBlock becomes a list
of a union discriminated on ``type``, a StructBlock a model with one field per child,
and choosers become resolved links and images. ``serialize_block`` walks a value with
the same rules, so the data always matches the schema it is documented with.
"""

import re
from datetime import date, datetime, time
from typing import Annotated, Any, Literal, Union

from ninja import Schema
from pydantic import Field, create_model

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .images import serialize_image
from .schemas import Image, PageLink

LEAF_TYPES = [
    (blocks.RichTextBlock, str),
    (blocks.BooleanBlock, bool),
    (blocks.IntegerBlock, int | None),
    (blocks.FloatBlock, float | None),
    (blocks.DecimalBlock, float | None),
    (blocks.DateTimeBlock, datetime | None),
    (blocks.DateBlock, date | None),
    (blocks.TimeBlock, time | None),
    (blocks.StaticBlock, None),
    (blocks.FieldBlock, str),
]


def camel(name):
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


class BlockSchemaBuilder:
    """Builds (and names, once) the pydantic model of every block it is shown."""

    def __init__(self):
        self._structs = {}
        self._items = {}
        self._names = set()

    def _unique(self, name):
        candidate, n = name, 2
        while candidate in self._names:
            candidate, n = f"{name}{n}", n + 1
        self._names.add(candidate)
        return candidate

    def annotation(self, block, hint):
        if isinstance(block, blocks.BaseStreamBlock):
            return list[self.stream_item(block, hint)]
        if isinstance(block, blocks.ListBlock):
            return list[self.annotation(block.child_block, f"{hint}Item")]
        if isinstance(block, blocks.BaseStructBlock):
            return self.struct(block, hint)
        if isinstance(block, blocks.PageChooserBlock):
            return PageLink | None
        if isinstance(block, ImageChooserBlock):
            return Image | None
        if isinstance(block, blocks.ChoiceBlock):
            values = tuple(str(value) for value, _label in _flat_choices(block.field.choices))
            return Literal[values] if values else str
        for block_class, annotation in LEAF_TYPES:
            if isinstance(block, block_class):
                return annotation
        return Any

    def struct(self, block, hint):
        key = (type(block), tuple(block.child_blocks))
        if type(block) is blocks.StructBlock:
            key = (hint, *key)
        if key not in self._structs:
            base = type(block).__name__ if type(block) is not blocks.StructBlock else hint
            name = self._unique(base if base.endswith("Block") else f"{base}Block")
            fields = {
                child_name: (self.annotation(child, f"{name}{camel(child_name)}"), ...)
                for child_name, child in block.child_blocks.items()
            }
            self._structs[key] = create_model(name, __base__=Schema, **fields)
        return self._structs[key]

    def stream_item(self, block, hint):
        members = []
        for child_name, child in block.child_blocks.items():
            value = self.annotation(child, f"{camel(child_name)}Value")
            key = (child_name, repr(value))
            if key not in self._items:
                name = self._unique(f"{camel(child_name)}Item")
                self._items[key] = create_model(
                    name,
                    __base__=Schema,
                    __doc__=f"A '{child_name}' block of a StreamField.",
                    type=(Literal[child_name], ...),
                    value=(value, ...),
                    id=(str | None, None),
                )
            members.append(self._items[key])
        if len(members) == 1:
            return members[0]
        return Annotated[Union[tuple(members)], Field(discriminator="type")]  # noqa: UP007


def _flat_choices(choices):
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield value, label


def serialize_block(block, value, ctx, owner):
    """``value`` of ``block`` as plain JSON, page links left as placeholders for ``ctx``."""
    if isinstance(block, blocks.BaseStreamBlock):
        return [
            {
                "type": child.block.name,
                "value": serialize_block(child.block, child.value, ctx, owner),
                "id": child.id,
            }
            for child in (value or [])
        ]
    if isinstance(block, blocks.ListBlock):
        return [serialize_block(block.child_block, item, ctx, owner) for item in (value or [])]
    if isinstance(block, blocks.BaseStructBlock):
        return {
            name: serialize_block(child, value.get(name), ctx, owner)
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return ctx.rich_text(value)
    if isinstance(block, blocks.PageChooserBlock):
        return ctx.link(value, owner)
    if isinstance(block, ImageChooserBlock):
        return serialize_image(value, ctx.request)
    if isinstance(block, blocks.StaticBlock):
        return None
    return block.get_prep_value(value)
