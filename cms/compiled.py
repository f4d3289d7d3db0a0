"""Querysets compiled once per shape, run many times with other values.

Building a queryset and compiling it to SQL costs Django more CPU than SQLite or
PostgreSQL take to run a small indexed query: for the specialists a therapy page lists,
1.4 ms to build and compile against 0.6 ms to run. The SQL of such a query does not
change between requests, only its values (a language, a translation key) do.

``instances(model, build, key, **values)`` calls ``build(**values)`` with placeholder
values once per ``key`` (and database, and private sections: their paths are compiled into
``visible`` queries), remembers where the placeholders landed among the compiled
parameters, and later runs the remembered SQL with the real values in their place,
building the instances as Django's ``raw()`` does. Before a compiled query is kept it is
checked once: compiled again with the real values, it must give the same SQL and the
parameters put in place. Whatever cannot be checked (a placeholder that did not reach
the parameters, a ``select_related``, an iterable other than model instances, a list of
more than ``_LONGEST`` values) is run as the queryset itself, every time.

``once(key, database, compile)`` is the cache itself, for any compiled SQL: the
finder's union and the translation status subqueries keep theirs there too.

``build`` must use its values only as query values, never to decide the query's shape:
what decides the shape belongs in ``key``.
"""

import uuid
from itertools import count

from django.core.exceptions import EmptyResultSet
from django.db import router
from django.db.models.query import ModelIterable

from .visibility import restricted_paths

_MAX = 256
_LONGEST = 50  # longer lists are run as querysets (see ``instances``)
_compiled = {}  # (key, database, restricted paths) -> what was compiled


def once(key, database, compile):
    """``compile()``, once per ``key``, database and set of private sections (their paths
    are compiled into ``visible`` queries: a change to them is a new key). The one cache
    of compiled SQL (``instances``, the finder's union, the translation status)."""
    paths = tuple(restricted_paths())
    full_key = (key, database, paths)
    if full_key in _compiled:
        return _compiled[full_key]
    compiled = compile()
    if tuple(restricted_paths()) == paths:  # not changed while compiling
        if len(_compiled) >= _MAX:
            _compiled.clear()
        _compiled[full_key] = compiled
    return compiled


def instances(model, build, key, /, **values):
    """``list(build(**values))`` (a queryset of ``model``), from SQL compiled once per
    ``key``: neither built nor compiled again. A value is a number, a UUID, a string or
    a list of them without repeats (``__in``: a list's length is part of the key)."""
    database = router.db_for_read(model)
    lengths = tuple(len(value) if isinstance(value, list) else None for value in values.values())
    if any(length is not None and length > _LONGEST for length in lengths):
        return list(build(**values))  # a shape seldom seen again: compiling it first costs
    built = []

    def compile():
        built.append(build(**values))
        if built[0].db != database:
            return None
        try:
            # What Django compiles for the real values: nothing to run (a number out of
            # a column's range) is said for these values, not kept for the shape.
            expected = built[0].query.sql_with_params()
        except EmptyResultSet:
            raise _NotKept from None
        try:
            return _compile(model, build, built[0], values, expected)
        except Exception:  # noqa: BLE001 - a placeholder a field refused (text for a UUID)
            return None  # run as the queryset

    try:
        entry = once(("instances", key, tuple(values), lengths), database, compile)
    except _NotKept:
        return list(built[0])
    if entry is None:
        return list(built[0] if built else build(**values))
    sql, params, slots = entry
    return list(model._default_manager.db_manager(database).raw(sql, _fill(params, slots, values)))


class _NotKept(Exception):
    """The real values compile to nothing: run the queryset, keep nothing for the shape."""


def _compile(model, build, queryset, values, expected):
    """``(sql, params, slots)`` for ``build``, or ``None`` when it cannot be checked."""
    if (
        queryset._iterable_class is not ModelIterable
        or queryset.query.select_related
        or queryset.model is not model
    ):
        return None
    numbers = count(1)
    placeholders = {name: _placeholders_for(value, numbers) for name, value in values.items()}
    leaves = {
        leaf: (name, index)
        for name, placeholder in placeholders.items()
        for index, leaf in (
            enumerate(placeholder) if isinstance(placeholder, list) else [(None, placeholder)]
        )
    }
    if None in leaves:
        return None
    sql, params = build(**placeholders).query.sql_with_params()
    slots = []
    for position, param in enumerate(params):
        for leaf, (name, index) in leaves.items():
            form = _form(param, leaf)
            if form is not None:
                slots.append((position, name, index, form))
    found = {(name, index) for _position, name, index, _form in slots}
    if found != set(leaves.values()) or any(str(leaf) in sql for leaf in leaves):
        return None
    # The check: the real values, put in place, give what Django compiles for them.
    expected_sql, expected_params = expected
    if (sql, _fill(params, slots, values)) != (expected_sql, list(expected_params)):
        return None
    return sql, tuple(params), slots


def _fill(params, slots, values):
    filled = list(params)
    for position, name, index, form in slots:
        value = values[name] if index is None else values[name][index]
        filled[position] = form(value)
    return filled


def _placeholders_for(value, numbers):
    if isinstance(value, list):
        return [_placeholder(item, next(numbers)) for item in value]
    return _placeholder(value, next(numbers))


def _placeholder(value, number):
    """A value of ``value``'s type that no query holds by chance (``None``: a type
    not handled)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # Within a 32-bit column's range: Django answers a lookup of a number outside
        # it as matching nothing, without SQL (PostgreSQL's ``integer``).
        return -(2**31) + number
    if isinstance(value, uuid.UUID):
        return uuid.uuid4()
    if isinstance(value, str):
        return f"\x1fcms.compiled {number}\x1f"
    return None


def _form(param, placeholder):
    """How a value appears where ``placeholder`` appears as ``param`` (a database stores
    a UUID as itself, its hex or its text), or ``None``."""
    if isinstance(placeholder, uuid.UUID):
        if param == placeholder:
            return _same
        if param == placeholder.hex:
            return _hex
        if param == str(placeholder):
            return str
        return None
    if type(param) is type(placeholder) and param == placeholder:
        return _same
    return None


def _same(value):
    return value


def _hex(value):
    return value.hex
