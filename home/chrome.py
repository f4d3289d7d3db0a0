"""Cache keys for the site chrome (meta menu, language links, main navigation).

The fragments show the menus and the current page's translations, so they are keyed by
the global content version (snippets, settings) and the versions of the ``menu`` tag and
of the page's own answers (``cms.cache_tags``): a menu change or a newly live translation
shows up at once, in every language, and a publish elsewhere leaves them cached.
"""

from cms import cache_tags
from cms.page_cache import current_version

FRAGMENT_TIMEOUT = 24 * 60 * 60


def chrome_version(page=None):
    tags = [cache_tags.MENU]
    if getattr(page, "translation_key", None):
        tags.append(cache_tags.answer_tag(page.translation_key))
    # While a page that will be stored renders, read the versions from the database: a
    # fragment keyed by a version remembered from before an unpublish would put the old
    # menu into a page stored as rendered after it (and served as fresh).
    versions = cache_tags.versions(tags, fresh=cache_tags.collecting_now())
    cache_tags.depends_on(*tags)
    return "-".join([current_version(), *(str(versions[tag][0]) for tag in tags)])
