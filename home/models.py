"""The home page of each locale and simple content pages (Emergencies, Contact, ...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.i18n import localize_pages
from cms.models import EditorialPageMixin

from .accessibility import AccessibilityLabels, VisitorDefaults
from .blocks import RICH_TEXT_FEATURES, ContentPageBlocks
from .menus import FooterLink, FooterMenu, MetaMenu, MetaMenuItem

__all__ = [
    "AccessibilityLabels",
    "ContentPage",
    "FooterLink",
    "FooterMenu",
    "HomeFeaturedTopic",
    "HomePage",
    "MetaMenu",
    "MetaMenuItem",
    "VisitorDefaults",
]


class HomePage(EditorialPageMixin, Page):
    """One per locale: the root of that language's tree."""

    introduction = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    finder_heading = models.CharField(_("finder heading"), max_length=255, blank=True)
    finder_text = models.TextField(_("finder text"), blank=True)
    finder_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("finder page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The specialist finder."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        InlinePanel("featured_topics", label=_("Featured topics")),
        FieldPanel("finder_heading"),
        FieldPanel("finder_text"),
        PageChooserPanel("finder_page", "specialists.SpecialistIndexPage"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    api_fields = [
        APIField("introduction"),
        APIField("finder_heading"),
        APIField("finder_text"),
        APIField("finder_page"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "topics.TopicIndexPage",
        "topics.TherapyIndexPage",
        "specialists.SpecialistIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_topics"] = localize_pages(
            [item.page for item in self.featured_topics.select_related("page")], self.locale
        )
        finder = localize_pages([self.finder_page], self.locale)
        context["finder"] = finder[0] if finder else None
        return context


class HomeFeaturedTopic(Orderable):
    home = ParentalKey(
        HomePage,
        verbose_name=_("home page"),
        on_delete=models.CASCADE,
        related_name="featured_topics",
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page", ["topics.TopicPage", "topics.TherapyPage"])]

    class Meta(Orderable.Meta):
        verbose_name = _("featured topic")
        verbose_name_plural = _("featured topics")


class ContentPage(EditorialPageMixin, Page):
    """Emergencies, Contact, Accessibility statement, Imprint: text and structured blocks."""

    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(ContentPageBlocks(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    api_fields = [APIField("summary"), APIField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")
