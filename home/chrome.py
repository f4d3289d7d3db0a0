"""Cache keys for the site chrome (meta menu, language links, main navigation).

The fragments are keyed by the content version that ``cms.page_cache`` changes on every
publish, unpublish, move or delete of a page and every snippet save, so a menu or a
newly live translation shows up at once, in every language.
"""

from cms.page_cache import current_version

FRAGMENT_TIMEOUT = 24 * 60 * 60


def chrome_version():
    return current_version()
