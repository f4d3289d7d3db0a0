"""Admin wiring: translation and review reports, the translators' dashboard panel."""

from django.conf import settings
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from . import admin_views, cache_tags
from .i18n import prefetched_link_targets
from .ratelimit import refusal
from .translation_status import Status, source_locale, statuses_for
from .visibility import visible_ids


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("cms/translations/", admin_views.translations_report, name="cms_translations_report"),
        path("cms/review-due/", admin_views.review_due_report, name="cms_review_due_report"),
        path(
            "cms/translations/<str:language_code>/export.zip",
            admin_views.export_locale,
            name="cms_export_locale",
        ),
        path(
            "cms/translations/<str:language_code>/import/",
            admin_views.import_locale,
            name="cms_import_locale",
        ),
        path("cms/pages/<int:page_id>/xliff/", admin_views.page_xliff, name="cms_page_xliff"),
        path("cms/pages/<int:page_id>/po/", admin_views.page_po_upload, name="cms_page_po"),
        path(
            "cms/pages/<int:page_id>/submit-for-review/",
            admin_views.submit_for_review,
            name="cms_submit_for_review",
        ),
        path("cms/pages/<int:page_id>/sync/", admin_views.sync_page, name="cms_sync_page"),
        path(
            "cms/pages/<int:page_id>/view/",
            admin_views.view_translation,
            name="cms_view_translation",
        ),
        path(
            "cms/pages/<int:page_id>/save-draft/",
            admin_views.save_draft,
            name="cms_save_translation_draft",
        ),
        path(
            "cms/pages/<int:page_id>/translate/<str:language_code>/",
            admin_views.start_page_translation,
            name="cms_start_translation",
        ),
        # One translations report: wagtail-localize's own (same name, other numbers) goes.
        path(
            "localize/reports/translations/",
            RedirectView.as_view(pattern_name="cms_translations_report", query_string=True),
        ),
        # Shadows wagtail-localize's view of the same path (cms's hooks load first).
        path(
            "localize/update/<int:translation_source_id>/",
            admin_views.update_translations,
            name="cms_update_translations",
        ),
    ]


@hooks.register("register_log_actions")
def register_restore_action(actions):
    from .backup import RESTORE_ACTION

    actions.register_action(
        RESTORE_ACTION, _("Restore content"), _("Content restored from an archive (operator)")
    )


@hooks.register("register_account_settings_panel")
def reviewer_profile_panel(request, user, profile):
    from .account import ReviewerProfilePanel

    return ReviewerProfilePanel(request, user, profile)


@hooks.register("register_reports_menu_item")
def register_translations_report():
    return MenuItem(
        _("Translations"), reverse("cms_translations_report"), icon_name="globe", order=300
    )


class ReviewDatesMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_see_review_dates(request.user)


@hooks.register("register_reports_menu_item")
def register_review_due_report():
    return ReviewDatesMenuItem(
        _("Medical review due"), reverse("cms_review_due_report"), icon_name="date", order=310
    )


@hooks.register("construct_reports_menu")
def one_translations_report(request, menu_items):
    """wagtail-localize's "Translations" report counts differently from ours: hide it."""
    localize_report = reverse("wagtail_localize:translations_report")
    menu_items[:] = [item for item in menu_items if item.url != localize_report]


def _translator_locales(user):
    """Locales whose tree the user may edit, other than the source."""
    roots = Page.objects.filter(depth=2).exclude(locale__language_code=settings.CMS_SOURCE_LOCALE)
    return [root.locale for root in roots if root.permissions_for_user(user).can_edit()]


class TranslationWorkPanel(Component):
    """'7 German pages outdated': what each of the user's languages needs next."""

    name = "translation_work"
    template_name = "cms/admin/translation_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        locales = _translator_locales(self.user)
        if not locales:
            return {"rows": []}
        source = source_locale()
        pages = list(Page.objects.filter(locale=source, depth__gte=2))
        table = statuses_for(pages, locales)
        rows = []
        for locale in locales:
            states = [table[page.pk][locale.language_code].status for page in pages]
            rows.append(
                {
                    "locale": locale,
                    "outdated": states.count(Status.OUTDATED),
                    "missing": states.count(Status.MISSING),
                    "in_progress": states.count(Status.IN_PROGRESS),
                    "machine": states.count(Status.MACHINE_UNREVIEWED),
                }
            )
        return {"rows": rows, "report_url": reverse("cms_translations_report")}


@hooks.register("construct_homepage_panels")
def add_translation_panel(request, panels):
    if _translator_locales(request.user):
        panels.append(TranslationWorkPanel(request.user))


@hooks.register("before_serve_page")
def tag_cached_answer(page, request, serve_args, serve_kwargs):
    """A stored copy of this page is refreshed when the page's own answers are."""
    cache_tags.about(page)


@hooks.register("before_serve_page")
def limit_expensive_pages(page, request, serve_args, serve_kwargs):
    """Pages that run queries per request (the finder) declare ``rate_limit_group``.

    Counted here, before the page renders; the page cache keeps the group with the
    stored copy, so ``cms.ratelimit.RateLimitMiddleware`` counts its hits too.
    """
    group = getattr(page.specific_class, "rate_limit_group", None)
    return refusal(request, group) if group else None


class PrefetchedPageLinkHandler(PageLinkHandler):
    """Rich-text page links that read pages prefetched for the whole body, and that
    never point a visitor at a page they may not see.

    Wagtail's handler looks the linked pages up once per rich-text value and then
    each page's translation (``page.localized``) one by one. A body of many paragraphs
    with links would cost queries per block and per link; ``cms.i18n`` prefetches them
    for the body, and this handler falls back to Wagtail's lookups for anything else.
    Wagtail links to drafts, unpublished and private pages as well, which shows their
    URL (and slug) to visitors: such a link becomes an empty ``<a>``, Wagtail's own
    rendering of a link to a missing page, which browsers show as plain text. Every
    output built on ``expand_db_html`` (templates, API v2 and v3 HTML) goes through here.
    """

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        targets = prefetched_link_targets([attrs.get("id") for attrs in attrs_list])
        if targets is None:
            targets = cls._visible_targets(attrs_list)
        result = []
        for attrs in attrs_list:
            page = targets.get(int(attrs["id"])) if str(attrs.get("id")).isdigit() else None
            result.append(f'<a href="{escape(page.url)}">' if page else "<a>")
        return result

    @classmethod
    def _visible_targets(cls, attrs_list):
        """``{id: page}`` as Wagtail resolves links, minus pages visitors may not see."""
        localized = {
            page.pk: page.localized for page in cls.get_many(attrs_list) if page is not None
        }
        allowed = visible_ids(page.pk for page in localized.values())
        return {pk: page for pk, page in localized.items() if page.pk in allowed}


@hooks.register("register_rich_text_features", order=100)
def prefetched_page_links(features):
    """After Wagtail's own registration (order 0), so this handler replaces it."""
    features.register_link_type(PrefetchedPageLinkHandler)
