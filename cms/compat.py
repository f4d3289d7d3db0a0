"""Every patch of Wagtail's and wagtail-localize's internals outside the API, in one place.

Each function installs one patch, says what it changes and why, and has a test in
``tests/cms/test_compat.py``; ``docs/upgrading.md`` lists them for the next upgrade.
``install()`` runs once, from ``CmsConfig.ready``. The API's patches (of Wagtail's v3
API and django-ninja) live in ``api.compat``.
"""

import copy
import functools


def gate_page_publishing():
    """Route every page publish through the integrity gate.

    Wagtail's admin edit view, its workflow actions, ``Revision.publish``, the API,
    ``publish_scheduled`` and wagtail-localize all publish a page through
    ``PublishPageRevisionAction.execute``; Wagtail offers no hook before it. The gate
    authorises the revision (raising ``IntegrityViolation`` otherwise), lets the action
    write the live row, then copies synchronised data across the translation set.
    Wagtail's own permission check is skipped only for an authorised workflow approval
    (reviewers do not hold the publish permission: only the workflow publishes).
    """
    from wagtail.actions.publish_page_revision import PublishPageRevisionAction

    from . import integrity

    original = PublishPageRevisionAction.execute
    if getattr(original, "cms_compat", False):
        return

    @functools.wraps(original)
    def execute(self, skip_permission_checks=False):
        kind = integrity.authorise_publish(self.revision, self.user)
        skip = skip_permission_checks or kind != "administrator"
        with integrity.publishing():
            result = original(self, skip_permission_checks=skip)
        if self.object.live:
            integrity.after_publish(self.revision)
        return result

    execute.cms_compat = True
    PublishPageRevisionAction.execute = execute


def translation_drafts_stay_drafts():
    """wagtail-localize's draft of a live translation is a revision, never the live row.

    ``TranslationSource.create_or_update_translation(publish=False)`` saves the target
    row before making a revision, so a "draft" of a live translation would reach
    visitors unreviewed (and the gate refuses that write). For a live page the translated
    instance is built in memory and stored only as a revision; everything else is
    wagtail-localize's own code.
    """
    from django.core.exceptions import ObjectDoesNotExist
    from django.utils.text import slugify

    from wagtail.coreutils import find_available_slug
    from wagtail.models import Page
    from wagtail_localize.models import TranslationSource

    original = TranslationSource.create_or_update_translation
    if getattr(original, "cms_compat", False):
        return

    @functools.wraps(original)
    def create_or_update_translation(self, locale, user=None, publish=True, **kwargs):
        if not publish:
            try:
                target = self.get_translated_instance(locale)
            except ObjectDoesNotExist:
                target = None
            if isinstance(target, Page) and target.live:
                instance = self.get_ephemeral_translated_instance(locale, fallback=True)
                # As upstream does before saving: a translated slug must be a valid one.
                instance.slug = find_available_slug(
                    target.get_parent(), slugify(instance.slug), ignore_page_id=target.pk
                )
                instance.save_revision(user=user)
                return instance, False
        return original(self, locale, user=user, publish=publish, **kwargs)

    create_or_update_translation.cms_compat = True
    TranslationSource.create_or_update_translation = create_or_update_translation


def no_redirects_for_never_published_pages():
    """Wagtail's automatic redirects only for pages that have been live.

    ``wagtail.contrib.redirects`` creates a redirect from the old URL whenever a page's
    slug changes or it moves, live or not. For a page nobody could ever visit (a new
    draft, a translation still in review) there is no old URL to keep working, and the
    redirect would publish its draft slug through the public redirects API (a
    translation's first publish often changes the slug its draft was created with).
    Wagtail's ``AppConfig.ready`` connects the two receivers of its ``signal_handlers``
    module by name, and has no setting per page: the names are replaced by the same
    receivers behind a check, and swapped on the signals too in case Wagtail's app was
    ready first (``WAGTAILREDIRECTS_AUTO_CREATE`` still switches all of them off).
    """
    from wagtail.contrib.redirects import signal_handlers
    from wagtail.signals import page_slug_changed, post_page_move

    on_slug_change = signal_handlers.autocreate_redirects_on_slug_change
    on_page_move = signal_handlers.autocreate_redirects_on_page_move
    if getattr(on_slug_change, "cms_compat", False):
        return

    def was_ever_live(page):
        return page.live or page.first_published_at is not None

    @functools.wraps(on_slug_change)
    def slug_changed(instance_before, instance, **kwargs):
        # The row before the save: a first publish under a new slug leaves no old URL.
        if was_ever_live(instance_before):
            on_slug_change(instance_before=instance_before, instance=instance, **kwargs)

    @functools.wraps(on_page_move)
    def page_moved(instance, **kwargs):
        if was_ever_live(instance):
            on_page_move(instance=instance, **kwargs)

    for signal, original, guarded in (
        (page_slug_changed, on_slug_change, slug_changed),
        (post_page_move, on_page_move, page_moved),
    ):
        guarded.cms_compat = True
        setattr(signal_handlers, original.__name__, guarded)
        if signal.disconnect(original):
            signal.connect(guarded)


def database_indexers_analyse_text():
    """modelsearch's database indexers let the backend add words to each indexed field.

    The SQLite and PostgreSQL index classes build their rows with a module-level
    ``ObjectIndexer`` and offer no hook for the text they store. Each indexer becomes a
    subclass that passes every search field's text (not autocomplete fields) through
    ``backend.index_text(obj, text)`` when the backend defines it (ours add stems and
    plain-letter spellings, ``search.analysis``); other backends index as before.
    """
    import importlib

    from django.db import connection

    from modelsearch.index import SearchField

    # Each module defines models of its own database only: import the one in use.
    vendors = {"sqlite": "sqlite.sqlite", "postgresql": "postgres.postgres"}
    if connection.vendor not in vendors:
        return
    module = importlib.import_module(f"modelsearch.backends.database.{vendors[connection.vendor]}")
    original = module.ObjectIndexer
    if getattr(original, "cms_compat", False):
        return

    class AnalysingObjectIndexer(original):
        cms_compat = True

        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            self.index_text = getattr(backend, "index_text", None)

        def prepare_field(self, obj, field):
            for item in super().prepare_field(obj, field):
                current_field, value = item[0], item[-1]
                if self.index_text is not None and isinstance(current_field, SearchField):
                    item = (*item[:-1], self.index_text(self.obj, value))
                yield item

    module.ObjectIndexer = AnalysingObjectIndexer


def route_by_url_path():
    """Pages are found in a fixed number of queries (``cms.routing``), not one walk per level.

    ``wagtail.views.serve`` calls the static ``Page.route_for_request`` of Wagtail's own
    ``Page`` (not of a project class), which walks the tree two queries per level; no
    hook or setting replaces it. The patch keeps its contract (the result cached on the
    request, ``None`` for a 404) and leaves every case the shortcut does not know to the
    original.
    """
    from django.http import Http404

    from wagtail.models import Page

    from . import routing

    original = Page.route_for_request
    if getattr(original, "cms_compat", False):
        return

    def route_for_request(request, path):
        if not hasattr(request, "_wagtail_route_for_request"):
            try:
                result = routing.route_for_request(request, path, original)
            except Http404:
                result = None
            request._wagtail_route_for_request = result
        return request._wagtail_route_for_request

    route_for_request.cms_compat = True
    route_for_request.wagtail = original
    Page.route_for_request = staticmethod(route_for_request)


def sites_remembered_per_content_version():
    """The site for a host name comes from ``cms.site_config``, not a query per request.

    ``Site.find_for_request`` (every page view, settings, URLs) asks the module-level
    ``get_site_for_hostname``, which has no cache. Sites are saved rarely and a save
    bumps the content version; the site's root page is not remembered with it (a page
    edit does not bump that version), so ``site.root_page`` is read when asked for.
    """
    from wagtail.models import Site, sites

    from . import site_config

    original = sites.get_site_for_hostname
    if getattr(original, "cms_compat", False):
        return

    def load(hostname, port):
        try:
            site = original(hostname, port)
        except Site.DoesNotExist:
            return None
        site._state.fields_cache.pop("root_page", None)
        return site

    @functools.wraps(original)
    def get_site_for_hostname(hostname, port):
        site = site_config.remembered(
            ("site", hostname, port), lambda: load(hostname, port), copy=copy.copy
        )
        if site is None:
            raise Site.DoesNotExist
        return site

    get_site_for_hostname.cms_compat = True
    sites.get_site_for_hostname = get_site_for_hostname


def site_root_paths_remembered():
    """The site root paths come from ``cms.site_config``, not the shared cache, per process.

    Every page URL (``Page.get_url_parts``) starts from ``Site.get_site_root_paths``,
    which Wagtail keeps in the shared cache: a cache that was emptied, restarted or
    flushed by a deploy costs two queries on the next answer of every worker. Wagtail
    calls ``Site.clear_site_root_paths_cache`` exactly when they may change (a site is
    saved or deleted, a site root page or a new translation of one is saved); that now
    also bumps the ``menu`` tag, which every process checks within
    ``PAGE_CACHE_VERSION_TTL`` before it uses what it remembered. A reread skips the
    shared cache, which another process may have filled before the change committed.
    """
    from wagtail.models import Site

    from . import cache_tags, site_config

    original = Site.get_site_root_paths
    if getattr(original, "cms_compat", False):
        return
    original_clear = Site.clear_site_root_paths_cache

    def load():
        original_clear()
        return original()

    @functools.wraps(original)
    def get_site_root_paths():
        return site_config.remembered("site-root-paths", load, tags=(cache_tags.MENU,), copy=list)

    @functools.wraps(original_clear)
    def clear_site_root_paths_cache():
        original_clear()
        cache_tags.bump({cache_tags.MENU})

    get_site_root_paths.cms_compat = True
    get_site_root_paths.wagtail = original
    Site.get_site_root_paths = staticmethod(get_site_root_paths)
    Site.clear_site_root_paths_cache = staticmethod(clear_site_root_paths_cache)


def clusterable_models_built_from_rows_without_a_scan():
    """A page read from the database is built without scanning its model's relations.

    modelcluster's ``ClusterableModel.__init__`` lists every child relation of the model
    (all of ``_meta.get_fields()``, twice) on each instance, to pick child objects out of
    keyword arguments. Django builds rows read from the database with positional values
    only (``Model.from_db``), where there is nothing to pick: the scan was some 3 % of an
    uncached page. Without keyword arguments, the constructor now goes straight on to
    Django's, as modelcluster's own ``else`` branch does.
    """
    from modelcluster.models import ClusterableModel

    original = ClusterableModel.__init__
    if getattr(original, "cms_compat", False):
        return

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):  # noqa: N807 - the method it replaces
        if kwargs:
            original(self, *args, **kwargs)
        else:
            super(ClusterableModel, self).__init__(*args)

    __init__.cms_compat = True
    __init__.modelcluster = original
    ClusterableModel.__init__ = __init__


PATCHES = [
    gate_page_publishing,
    translation_drafts_stay_drafts,
    no_redirects_for_never_published_pages,
    database_indexers_analyse_text,
    route_by_url_path,
    sites_remembered_per_content_version,
    site_root_paths_remembered,
    clusterable_models_built_from_rows_without_a_scan,
]


def install():
    for patch in PATCHES:
        patch()
