"""A page in every content language (language code -> id, url, translation status)."""

from operator import attrgetter

from django.conf import settings
from django.db.models import Q

from wagtail.models import Page

from cms import compiled
from cms.i18n import LINK_FIELDS, with_locales
from cms.public_urls import page_public_url
from cms.translation_status import page_translation_statuses
from cms.visibility import is_visible

# What is read of a relative: a link's columns (breadcrumbs, alternates' URLs, the site
# check) and what the translation status compares of the source page.
FAMILY_FIELDS = (*LINK_FIELDS, "live_revision_id", "last_published_at")


class Family:
    """A page's ``lineage`` (every ancestor, the tree's root too, in path order), its
    ``translations`` (``page`` too, live or not, each with ``is_visible``) and the
    ``others`` asked for with them (``{id: page}``)."""

    __slots__ = ("asked", "lineage", "others", "translations")

    def __init__(self, lineage, translations, others, asked=frozenset()):
        self.lineage = lineage
        self.translations = translations
        self.others = others
        self.asked = asked

    def read(self, ids):
        """``{id: page}`` of the ``others`` with ``ids`` (a page that is gone left out),
        or ``None`` if they were not all asked for."""
        if not self.asked.issuperset(ids):
            return None
        return {pk: self.others[pk] for pk in ids if pk in self.others}

    @property
    def ancestors(self):
        """The ancestors a detail's breadcrumbs show: from the home pages (depth 2) down."""
        return [row for row in self.lineage if row.depth >= 2]


def family(page, others=()):
    """``page``'s ancestors and translations (and the pages with the ids ``others``) in
    one query: what a detail's breadcrumbs, alternates and site check read (two
    queries apart, and a third for the source page of the translation status).
    Visibility of the translations by ``cms.visibility.is_visible`` (the rule of
    ``visible_q`` for rows in hand); their locales from ``cms.i18n.with_locales`` (no
    join); the query compiled once per depth and number of ``others`` (``cms.compiled``).
    """
    paths = [page.path[:end] for end in range(Page.steplen, len(page.path), Page.steplen)]

    def build(paths, key, others):
        return (
            Page.objects.filter(Q(path__in=paths) | Q(translation_key=key) | Q(pk__in=others))
            .only(*FAMILY_FIELDS)
            .order_by()  # sorted here: a dozen rows sort for less than the ORDER BY is built
        )

    rows = compiled.instances(
        Page,
        build,
        ("api-family",),
        paths=paths,
        key=page.translation_key,
        others=sorted(set(others)),
    )
    lineage, translations, found = [], [], {}
    for row in sorted(with_locales(rows), key=attrgetter("path")):
        if row.pk in others:
            found[row.pk] = row
        if row.path in paths and row.pk != page.pk:
            lineage.append(row)
        if row.translation_key == page.translation_key:
            row.is_visible = is_visible(row)
            translations.append(row)
    return Family(lineage, translations, found, frozenset(others))


def family_of(page, others=()):
    """``family(page, others)``, read once per page instance (its site check and its
    detail: the first to ask names the ``others``)."""
    if "_api_family" not in page.__dict__:
        page.__dict__["_api_family"] = family(page, others)
    return page.__dict__["_api_family"]


def alternates(page, ctx, translations=None):
    """``translations`` as ``family`` reads them (read here when not given)."""
    if translations is None:
        translations = family_of(page).translations
    statuses = page_translation_statuses(page, translations)
    readable = {
        translation.locale.language_code: translation
        for translation in translations
        if translation.is_visible
    }
    result = {}
    for language_code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        translation = readable.get(language_code)
        result[language_code] = {
            "id": translation.pk if translation else None,
            "url": page_public_url(translation, ctx.request) if translation else None,
            "status": statuses.get(language_code, "missing"),
        }
    return result
