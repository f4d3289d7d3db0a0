"""Configuration read on every request, remembered per process and content version.

Every page view reads the same few rows: the site for the host name, the visitor
defaults; every search its synonyms, promotions and languages and the restricted
sections. They change only when an administrator or editor saves a site, a setting, a
snippet or a view restriction, and each of
those saves bumps the global content version (``cms.signals``), so a value is
remembered for the content version it was read under and read again after a bump
(every worker within ``PAGE_CACHE_VERSION_TTL``, like cached pages). Callers get a copy:
a request may set attributes on what it is handed without the next request seeing them.
Pages are never remembered here: publishing does not bump the global version.
"""

import copy

_remembered = {}  # key -> (content version, value)


def remembered(key, load):
    """``load()``, or the value it returned under the current content version."""
    from .page_cache import current_version

    version = current_version()
    entry = _remembered.get(key)
    if entry is None or entry[0] != version:
        entry = (version, load())
        _remembered[key] = entry
    return copy.deepcopy(entry[1])


def forget():
    _remembered.clear()
