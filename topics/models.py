"""Conditions (topics) and the therapies that treat them."""

from collections import defaultdict

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.i18n import localize_keys, read_once
from cms.models import EditorialPageMixin, MedicalReviewMixin

from .blocks import TherapyBodyBlocks, TopicBodyBlocks


class Reference(Orderable):
    """A citation shown under a medical article."""

    page = ParentalKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="references",
    )
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("URL"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the cited work. Screen readers then read its title in that "
            "language on pages in other languages."
        ),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("year"),
        FieldPanel("url"),
        FieldPanel("language"),
    ]
    api_fields = [
        APIField("title", writable=True),
        APIField("publisher", writable=True),
        APIField("year", writable=True),
        APIField("url", writable=True),
        APIField("language", writable=True),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("reference")
        verbose_name_plural = _("references")


class MedicalArticle(EditorialPageMixin, MedicalReviewMixin, Page):
    """What topic and therapy pages share: a summary, references and review dates."""

    summary = models.TextField(
        _("summary"), help_text=_("Plain text for listings, search and apps.")
    )

    override_translatable_fields = MedicalReviewMixin.review_translatable_fields

    search_fields = Page.search_fields + [index.SearchField("summary", boost=2)]

    # What a card, a link and another page's JSON-LD show (``cms.i18n.card_fields``).
    card_fields = ("summary",)

    class Meta:
        abstract = True

    @property
    def reference_list(self):
        return list(self.references.all())


class TopicIndexPage(EditorialPageMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    api_fields = [APIField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["topics.TopicPage"]

    class Meta:
        verbose_name = _("topic index")
        verbose_name_plural = _("topic indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = TopicPage.objects.child_of(self).live().public().order_by("title")
        return context


class TopicPage(MedicalArticle):
    """A condition article, e.g. liver metastases."""

    body = StreamField(TopicBodyBlocks(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("references", label=_("References")),
    ]
    settings_panels = Page.settings_panels + MedicalReviewMixin.review_panels
    search_fields = MedicalArticle.search_fields + [index.SearchField("body")]
    api_fields = [
        APIField("summary", writable=True),
        APIField("body", writable=True),
        APIField("references", writable=True),
        APIField("reviewed_by"),
        APIField("last_reviewed"),
        APIField("next_review_due"),
    ]
    parent_page_types = ["topics.TopicIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    @read_once
    def therapies(self):
        """Therapies used for this topic, in the topic's language."""
        keys = therapy_keys_by_topic([self.translation_key]).get(self.translation_key, [])
        return localize_keys(keys, self.locale, model=TherapyPage, cards=True)


class TherapyIndexPage(EditorialPageMixin, Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    api_fields = [APIField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["topics.TherapyPage"]

    class Meta:
        verbose_name = _("therapy index")
        verbose_name_plural = _("therapy indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["therapies"] = TherapyPage.objects.child_of(self).live().public().order_by("title")
        return context


class TherapyPage(MedicalArticle):
    """A treatment: surgery, chemotherapy, ablation, radiotherapy, ..."""

    class TherapyType(models.TextChoices):
        SURGERY = "surgery", _("Surgery")
        SYSTEMIC = "systemic", _("Systemic therapy")
        ABLATION = "ablation", _("Local ablation")
        RADIOTHERAPY = "radiotherapy", _("Radiotherapy")
        INTERVENTIONAL = "interventional", _("Interventional radiology")
        PALLIATIVE = "palliative", _("Palliative care")

    class Intent(models.TextChoices):
        CURATIVE = "curative", _("Curative")
        PALLIATIVE = "palliative", _("Palliative")
        BOTH = "both", _("Curative or palliative")

    therapy_type = models.CharField(_("therapy type"), max_length=32, choices=TherapyType.choices)
    card_fields = ("summary", "therapy_type")
    intent = models.CharField(_("intent"), max_length=16, choices=Intent.choices)
    body = StreamField(TherapyBodyBlocks(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("therapy_type"),
        FieldPanel("intent"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("topic_links", label=_("Used for topics")),
        InlinePanel("references", label=_("References")),
    ]
    settings_panels = Page.settings_panels + MedicalReviewMixin.review_panels
    search_fields = MedicalArticle.search_fields + [
        index.SearchField("body"),
        index.FilterField("therapy_type"),
    ]
    api_fields = [
        APIField("therapy_type", writable=True),
        APIField("intent", writable=True),
        APIField("summary", writable=True),
        APIField("body", writable=True),
        APIField("references", writable=True),
        APIField("topic_links", writable=True),
        APIField("reviewed_by"),
        APIField("last_reviewed"),
        APIField("next_review_due"),
    ]
    parent_page_types = ["topics.TherapyIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("therapy")
        verbose_name_plural = _("therapies")

    @read_once
    def topics(self):
        """Topics this therapy is used for, in its language (the links read as keys)."""
        keys = self.topic_links.values_list("topic__translation_key", flat=True)
        return localize_keys(keys, self.locale, model=TopicPage, cards=True)


class TherapyTopic(Orderable):
    therapy = ParentalKey(
        TherapyPage,
        verbose_name=_("therapy"),
        on_delete=models.CASCADE,
        related_name="topic_links",
    )
    topic = models.ForeignKey(
        TopicPage, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("topic")]
    api_fields = [APIField("topic", writable=True)]

    class Meta(Orderable.Meta):
        verbose_name = _("topic link")
        verbose_name_plural = _("topic links")


def therapy_keys_by_topic(topic_keys):
    """``{topic translation key: [therapy translation keys]}`` in the order topics show
    their therapies: the page, its JSON-LD and the API all read it.

    The links are stored on the therapies (``TherapyTopic``, in every language); the
    order is the links' ``sort_order``, then the therapies' place in the tree (a link's
    ``sort_order`` is its place in its own therapy's list, so many therapies share each
    value). Keys only: each output resolves them in its reader's language in bulk.
    """
    rows = (
        TherapyTopic.objects.filter(topic__translation_key__in=list(topic_keys))
        # A link saved without a place (sort_order NULL: loaded, or made in code) comes
        # first on every database: PostgreSQL puts NULLs last, SQLite first.
        .order_by(F("sort_order").asc(nulls_first=True), "therapy__path")
        .values_list("topic__translation_key", "therapy__translation_key")
    )
    keys = defaultdict(list)
    for topic_key, therapy_key in rows:
        if therapy_key not in keys[topic_key]:
            keys[topic_key].append(therapy_key)
    return dict(keys)
