"""The meta menu: a small translatable snippet per locale that editors manage.

Visitors see it at the top of every page in the page's language. It is looked up **by
locale**; a locale without its own menu falls back to its fallback languages' menu
(Leichte Sprache: German, then the source locale), and the
admin says so (see ``home.views.admin``).
"""

from copy import copy as shallow_copy

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, PageChooserPanel
from wagtail.models import Locale, Orderable, TranslatableMixin

from cms import cache_tags
from cms.i18n import fallback_languages
from cms.site_config import remembered


class LocaleMenu(TranslatableMixin, ClusterableModel):
    """A menu snippet with one translation per locale, looked up by the visitor's locale."""

    class Meta(TranslatableMixin.Meta):
        abstract = True

    #: The ``related_name`` of the links' ``ParentalKey``.
    link_relation = ""

    @classmethod
    def for_locale(cls, locale):
        """The menu of ``locale``, else of its nearest fallback language, else ``None``,
        with its links and their pages (``links_with_pages``).

        Leichte Sprache falls back to the German menu before the source-locale one.
        Remembered per content version (saving a menu bumps it) and ``menu`` tag (a page
        a menu links to that goes live, offline or changes its title bumps it), like the
        chrome fragments that show it: a page whose fragments must be rendered again
        after its own publish does not read the menus again.
        """
        return remembered(
            (cls._meta.label, "for-locale", locale.pk),
            lambda: cls.read_for_locale(locale),
            tags=(cache_tags.MENU,),
            copy=shallow_copy,
        )

    @classmethod
    def read_for_locale(cls, locale):
        """``for_locale`` from the database, in one query: the links are read with their
        menus and pages. The admin saves no menu without a link (``min_num=1``); a menu
        left without links another way is still found, by a second query."""
        codes = [locale.language_code, *fallback_languages(locale.language_code)]
        relation = cls._meta.get_field(cls.link_relation)
        parent = relation.field.name
        links = relation.related_model.objects.filter(
            **{f"{parent}__locale__language_code__in": codes}
        ).select_related(f"{parent}__locale", "link_page")
        menus = {}
        for link in links.order_by(f"{parent}_id", "sort_order"):
            menu = menus.setdefault(getattr(link, parent).pk, getattr(link, parent))
            menu.__dict__.setdefault("_cms_links", []).append(link)
        # The menu with the highest id per language, as when several were made in one.
        by_code = {menu.locale.language_code: menu for _, menu in sorted(menus.items())}
        if not by_code or codes[0] not in by_code:
            by_code = {
                menu.locale.language_code: by_code.get(menu.locale.language_code, menu)
                for menu in cls.objects.filter(locale__language_code__in=codes)
                .select_related("locale")
                .order_by("pk")
            }
        return next((by_code[code] for code in codes if code in by_code), None)

    def links_with_pages(self):
        """This menu's links in order, each with its page: as read by ``for_locale``,
        else read now."""
        if "_cms_links" not in self.__dict__:
            self.__dict__["_cms_links"] = list(
                getattr(self, self.link_relation).select_related("link_page")
            )
        return self.__dict__["_cms_links"]

    @classmethod
    def locales_without_menu(cls):
        """Locales whose visitors see the source-locale menu: none of their own, nor of a
        nearer fallback language (Leichte Sprache with a German menu is not one)."""
        with_menu = set(cls.objects.values_list("locale__language_code", flat=True))
        return [
            locale
            for locale in Locale.objects.order_by("language_code")
            if not any(
                code in with_menu
                for code in [locale.language_code, *fallback_languages(locale.language_code)[:-1]]
            )
        ]


class MetaMenu(LocaleMenu):
    """One per locale; translations are made with wagtail-localize like pages."""

    link_relation = "items"

    panels = [
        HelpPanel(
            content=_(
                "Shown at the top of every page in this menu's language. A language "
                "without its own menu shows the menu of the source language until it is "
                "translated (Translate in the menu's actions)."
            )
        ),
        InlinePanel("items", label=_("Menu items"), min_num=1),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("meta menu")
        verbose_name_plural = _("meta menus")

    def __str__(self):
        return str(_("Meta menu (%(language)s)") % {"language": self.locale.get_display_name()})


class MenuLink(TranslatableMixin, Orderable):
    """A link in a menu snippet: a page (shown in the visitor's language) or a URL."""

    label = models.CharField(_("label"), max_length=64)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the visitor's language when the page is translated."),
    )
    link_url = models.URLField(_("URL"), blank=True, help_text=_("Used when no page is chosen."))

    panels = [FieldPanel("label"), PageChooserPanel("link_page"), FieldPanel("link_url")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order"]


class MetaMenuItem(MenuLink):
    """A link in the meta menu. ``kind`` decides its look and its built-in target."""

    class Kind(models.TextChoices):
        EMERGENCIES = "emergencies", _("Emergencies")
        CONTACT = "contact", _("Contact")
        ACCESSIBILITY = "accessibility", _("Accessibility settings")
        LANGUAGES = "languages", _("Language selection")
        SEARCH = "search", _("Search")

    menu = ParentalKey(
        MetaMenu, verbose_name=_("menu"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    link_url = models.URLField(
        _("URL"),
        blank=True,
        help_text=_(
            "Used when no page is chosen. Search, accessibility settings and language "
            "selection work without a page or URL."
        ),
    )

    panels = [FieldPanel("kind"), *MenuLink.panels]

    class Meta(MenuLink.Meta):
        verbose_name = _("meta menu item")
        verbose_name_plural = _("meta menu items")

    NEEDS_TARGET = {Kind.EMERGENCIES, Kind.CONTACT}

    def clean(self):
        super().clean()
        if self.kind in self.NEEDS_TARGET and not (self.link_page_id or self.link_url):
            raise ValidationError(_("Choose a page or enter a URL for this item."))


class FooterMenu(LocaleMenu):
    """The footer of every page: who publishes the site and the links every page owes
    its visitors (imprint, privacy notice, accessibility statement, contact, editorial
    policy). One per locale, translated with wagtail-localize like the meta menu."""

    link_relation = "links"

    publisher = models.CharField(
        _("publisher"),
        max_length=255,
        help_text=_("Who publishes this website, as shown in the footer of every page."),
    )

    panels = [
        HelpPanel(
            content=_(
                "Shown at the bottom of every page in this footer's language. A language "
                "without its own footer shows the footer of the source language until it "
                "is translated."
            )
        ),
        FieldPanel("publisher"),
        InlinePanel("links", label=_("Links"), min_num=1),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer")
        verbose_name_plural = _("footers")

    def __str__(self):
        return str(_("Footer (%(language)s)") % {"language": self.locale.get_display_name()})


class FooterLink(MenuLink):
    footer = ParentalKey(
        FooterMenu, verbose_name=_("footer"), on_delete=models.CASCADE, related_name="links"
    )

    class Meta(MenuLink.Meta):
        verbose_name = _("footer link")
        verbose_name_plural = _("footer links")

    def clean(self):
        super().clean()
        if not (self.link_page_id or self.link_url):
            raise ValidationError(_("Choose a page or enter a URL for this item."))
