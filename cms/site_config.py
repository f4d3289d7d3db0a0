"""Configuration read on every request, remembered per process and content version.

Every page view reads the same few rows: the site for the host name, the visitor
defaults; every search its synonyms, promotions and languages and the restricted
sections. They change only when an administrator or editor saves a site, a setting, a
snippet or a view restriction, and each of
those saves bumps the global content version (``cms.signals``), so a value is
remembered for the content version it was read under and read again after a bump
(every worker within ``PAGE_CACHE_VERSION_TTL``, like cached pages). Callers get a copy:
a request may set attributes on what it is handed without the next request seeing them.
Pages are remembered here only with the cache tags a publish of them bumps (``tags``):
publishing does not bump the global version.
"""

from copy import copy as shallow_copy
from copy import deepcopy

_remembered = {}  # key -> (content version, value)


def remembered(key, load, *, tags=(), copy=deepcopy):
    """``load()``, or the value it returned under the current content version (and the
    current versions of ``tags``, ``cms.cache_tags``).

    Handed out through ``copy``: ``None`` for values nobody can change (tuples of
    strings and numbers), a cheaper copy where the caller knows what is mutable (a
    deep copy of a dict of pages costs more than the query it saves).
    """
    from . import cache_tags
    from .page_cache import current_version

    version = current_version()
    if tags:
        version = (version, tuple(sorted(cache_tags.versions(tags).items())))
    entry = _remembered.get(key)
    if entry is None or entry[0] != version:
        entry = (version, load())
        _remembered[key] = entry
    return entry[1] if copy is None else copy(entry[1])


def copy_models(mapping):
    """A dict of model instances, each copied: Django copies an instance's field cache
    with it, so a request may set attributes or cache relations on what it gets."""
    return {key: shallow_copy(value) for key, value in mapping.items()}


def copy_each(values):
    """A list of model instances (or ``None``), each copied, as ``copy_models`` a dict's."""
    return [shallow_copy(value) for value in values]


def forget():
    _remembered.clear()
