"""GraphQL types made from the REST API's own schemas, and values made from its answers.

The v3 API describes every answer with pydantic schemas (``api.pagetypes``,
``api.blocks``, ``api.content.*``) and fills them from one serialiser. GraphQL does not
describe the content a second time: :class:`TypeBuilder` turns those schemas into
strawberry types (a StreamField's block union becomes a GraphQL union, a ``dict`` a
list of ``{key, value}`` entries, a ``Literal`` a ``String``) and :meth:`TypeBuilder.value`
turns the serialiser's JSON-ready answer into instances of them. A field added to a
page type's REST schema appears in GraphQL too, and the two cannot disagree.
"""

import types
import typing
from datetime import date, datetime, time
from typing import Annotated, Any, Literal, Optional, Union

import strawberry
from pydantic import BaseModel
from strawberry.scalars import JSON

from api.blocks import UniqueNames

SCALARS = {str: str, int: int, float: float, bool: bool, datetime: datetime, date: date, time: time}


def _members(annotation):
    """``(members, optional)`` of a union annotation (``X | None``, ``Union[...]``)."""
    args = typing.get_args(annotation)
    members = [arg for arg in args if arg is not type(None)]
    return members, len(members) < len(args)


def _is_union(annotation):
    return typing.get_origin(annotation) in (Union, types.UnionType)


def _discriminator(model):
    """The ``type`` values a block item (or page) schema accepts, if it has any."""
    field = model.model_fields.get("type")
    if field is None or typing.get_origin(field.annotation) is not Literal:
        return ()
    return typing.get_args(field.annotation)


class TypeBuilder:
    """Strawberry types for pydantic schemas, each made once and named once."""

    def __init__(self):
        self._objects = {}  # pydantic model -> strawberry type
        self._unions = {}  # member tuple -> strawberry union
        self._entries = {}  # value annotation -> entry type
        self.unique = UniqueNames()

    def annotation(self, annotation, hint):
        """The strawberry annotation for a pydantic one; ``hint`` names unions."""
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            return self.annotation(typing.get_args(annotation)[0], hint)
        if _is_union(annotation):
            members, optional = _members(annotation)
            inner = (
                self.annotation(members[0], hint)
                if len(members) == 1
                else self.union(members, hint)
            )
            return Optional[inner] if optional else inner  # noqa: UP045 - strawberry reads it
        if origin is list:
            return list[self.annotation(typing.get_args(annotation)[0], hint)]
        if origin is dict:
            return list[self.entry(typing.get_args(annotation)[1], hint)]
        if origin is Literal:
            values = typing.get_args(annotation)
            return int if all(isinstance(value, int) for value in values) else str
        if annotation in SCALARS:
            return SCALARS[annotation]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self.object(annotation)
        return JSON

    def object(self, model, *, name=None, bases=(), skip=(), extra=None):
        """The strawberry type of pydantic ``model`` (its fields minus ``skip``, plus
        the ``extra`` namespace: resolvers, private attributes with defaults)."""
        if model in self._objects:
            return self._objects[model]
        name = self.unique(name or model.__name__)
        annotations = {
            field_name: self.annotation(field.annotation, f"{name}{_camel(field_name)}")
            for field_name, field in model.model_fields.items()
            if field_name not in skip
        }
        extra = dict(extra or {})
        annotations.update(extra.pop("__annotations__", {}))
        namespace = {"__annotations__": annotations, "__doc__": model.__doc__, **extra}
        cls = strawberry.type(type(name, bases, namespace), name=name)
        self._objects[model] = cls
        return cls

    def union(self, members, hint):
        key = tuple(members)
        if key not in self._unions:
            name = self.unique(hint if hint.endswith("Block") else f"{hint}Block")
            self._unions[key] = Annotated[
                Union[tuple(self.annotation(member, hint) for member in members)],  # noqa: UP007
                strawberry.union(name),
            ]
        return self._unions[key]

    def entry(self, value_annotation, hint):
        """``dict[str, X]`` as a list of ``{key, value}`` (GraphQL has no maps)."""
        if value_annotation not in self._entries:
            name = self.unique(f"{hint}Entry")
            annotations = {"key": str, "value": self.annotation(value_annotation, hint)}
            cls = type(name, (), {"__annotations__": annotations})
            self._entries[value_annotation] = strawberry.type(cls, name=name)
        return self._entries[value_annotation]

    def value(self, annotation, data):
        """``data`` (a JSON-ready REST value of ``annotation``) as strawberry objects."""
        if data is None:
            return None
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            return self.value(typing.get_args(annotation)[0], data)
        if _is_union(annotation):
            members, _optional = _members(annotation)
            return self.value(_member_for(members, data), data)
        if origin is list:
            (item,) = typing.get_args(annotation)
            return [self.value(item, element) for element in data]
        if origin is dict:
            entry = self._entries[typing.get_args(annotation)[1]]
            item = typing.get_args(annotation)[1]
            return [
                entry(key=key, value=self.value(item, element)) for key, element in data.items()
            ]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self.instance(annotation, data)
        return data

    def instance(self, model, data, **extra):
        cls = self._objects[model]
        fields = {
            name: self.value(field.annotation, data.get(name))
            for name, field in model.model_fields.items()
            if name in cls.__annotations__ and name not in extra
        }
        return cls(**fields, **extra)


def _member_for(members, data):
    """The member of a union ``data`` belongs to: by its ``type`` when members have one."""
    if len(members) == 1:
        return members[0]
    kind = data.get("type") if isinstance(data, dict) else None
    for member in members:
        is_model = isinstance(member, type) and issubclass(member, BaseModel)
        if is_model and kind in _discriminator(member):
            return member
    return members[0]


def _camel(name):
    return "".join(part.title() for part in name.split("_"))


__all__ = ["JSON", "Any", "TypeBuilder"]
