"""Specialists (physicians, clinics, centres), their specialties, and the finder page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.i18n import localize_keys, read_once, translations_by_key
from cms.models import EditorialPageMixin, synchronised
from home.blocks import RICH_TEXT_FEATURES
from topics.models import TherapyPage, TopicPage

COUNTRIES = [("DE", _("Germany")), ("AT", _("Austria")), ("CH", _("Switzerland"))]
SPOKEN_LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("fr", _("French")),
    ("it", _("Italian")),
    ("es", _("Spanish")),
    ("tr", _("Turkish")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
]


@register_snippet
class Specialty(TranslatableMixin, index.Indexed, models.Model):
    """A medical specialty, e.g. 'Radiotherapy'; translated per locale."""

    name = models.CharField(_("name"), max_length=255)

    panels = [FieldPanel("name")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("specialty")
        verbose_name_plural = _("specialties")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SpecialistIndexPage(EditorialPageMixin, Page):
    """The specialist finder for one topic area ("Specialists in liver metastases")."""

    introduction = models.TextField(_("introduction"), blank=True)
    rate_limit_group = "finder"

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    api_fields = [APIField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["specialists.SpecialistPage"]

    class Meta:
        verbose_name = _("specialist finder")
        verbose_name_plural = _("specialist finders")

    def get_context(self, request, *args, **kwargs):
        from .filters import RADIUS_CHOICES, SORT_CHOICES
        from .finder import find_specialists

        context = super().get_context(request, *args, **kwargs)
        context["finder"] = find_specialists(request.GET, self.locale, within=self)
        context["radius_choices"] = RADIUS_CHOICES
        context["sort_choices"] = SORT_CHOICES
        return context


class ContactDetails(models.Model):
    """Where to find a specialist. The same in every language, so never translated."""

    institution = models.CharField(_("institution"), max_length=255, blank=True)
    street = models.CharField(_("street"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    # Blank when the source gives no place: a real specialist is never given an invented one.
    city = models.CharField(_("city"), max_length=128, blank=True)
    region = models.CharField(_("region"), max_length=128, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    SYNCHRONISED_FIELDS = [
        "institution",
        "street",
        "postcode",
        "city",
        "region",
        "country",
        "latitude",
        "longitude",
        "phone",
        "email",
        "website",
    ]

    contact_panels = [
        MultiFieldPanel(
            [
                FieldPanel("institution"),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("region"), FieldPanel("country")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading=_("Contact and location"),
        )
    ]

    class Meta:
        abstract = True


class SpecialistPage(EditorialPageMixin, ContactDetails, Page):
    """A physician, clinic or centre that treats the topics on this site."""

    class Kind(models.TextChoices):
        PHYSICIAN = "physician", _("Physician")
        CLINIC = "clinic", _("Clinic")
        CENTRE = "centre", _("Centre")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PHYSICIAN)
    academic_title = models.CharField(
        _("academic title"), max_length=64, blank=True, help_text=_("e.g. 'Prof. Dr'")
    )
    given_name = models.CharField(_("given name"), max_length=128, blank=True)
    family_name = models.CharField(_("family name"), max_length=128, blank=True)
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=255,
        blank=True,
        help_text=_("For clinics and centres."),
    )
    sort_name = models.CharField(
        _("sort name"), max_length=255, editable=False, db_index=True, default=""
    )
    focus = models.CharField(
        _("focus"), max_length=255, help_text=_("e.g. 'Radiotherapy / Radiosurgery'")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    biography = RichTextField(_("biography"), features=RICH_TEXT_FEATURES, blank=True)
    is_sample = models.BooleanField(
        _("sample profile"),
        default=False,
        help_text=_("Invented profile for demonstration; marked on the site."),
    )

    override_translatable_fields = synchronised(
        *ContactDetails.SYNCHRONISED_FIELDS,
        "academic_title",
        "given_name",
        "family_name",
        "organisation_name",
    )

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("kind"),
            FieldRowPanel([FieldPanel("academic_title"), FieldPanel("given_name")]),
            FieldPanel("family_name"),
            FieldPanel("organisation_name"),
            FieldPanel("focus"),
            InlinePanel("specialty_links", label=_("Specialties")),
            InlinePanel("topic_links", label=_("Topics treated")),
            InlinePanel("therapy_links", label=_("Therapies offered")),
            InlinePanel("spoken_languages", label=_("Languages spoken")),
            FieldPanel("photo"),
            FieldPanel("biography"),
            FieldPanel("is_sample"),
        ]
        + ContactDetails.contact_panels
    )
    search_fields = Page.search_fields + [
        index.SearchField("focus", boost=2),
        index.SearchField("biography"),
        index.SearchField("institution"),
        index.SearchField("city"),
        index.FilterField("country"),
        index.FilterField("kind"),
        index.FilterField("city"),
    ]
    api_fields = [
        APIField("kind", writable=True),
        APIField("academic_title", writable=True),
        APIField("given_name", writable=True),
        APIField("family_name", writable=True),
        APIField("organisation_name", writable=True),
        APIField("focus", writable=True),
        APIField("photo", writable=True),
        APIField("biography", writable=True),
        APIField("is_sample", writable=True),
    ] + [APIField(name, writable=True) for name in ContactDetails.SYNCHRONISED_FIELDS]
    parent_page_types = ["specialists.SpecialistIndexPage"]
    subpage_types = []

    # What a card shows (``cms.i18n.card_fields``; ``includes/specialist_card.html``).
    card_fields = (
        "kind",
        "academic_title",
        "given_name",
        "family_name",
        "sort_name",
        "focus",
        "city",
        "country",
        "is_sample",
    )

    class Meta:
        verbose_name = _("specialist")
        verbose_name_plural = _("specialists")
        # The finder's first step near a place: the specialists inside a small box
        # (``specialists.filters.filter_distance``).
        indexes = [models.Index(fields=["latitude", "longitude"], name="specialist_position")]

    def save(self, *args, **kwargs):
        self.sort_name = (self.family_name or self.organisation_name or self.title).lower()
        return super().save(*args, **kwargs)

    @property
    def display_name(self):
        """A person's name as written (synchronised); a clinic's or centre's name is the
        page title, so it is read in the page's language like the rest of the page."""
        if self.kind != self.Kind.PHYSICIAN:
            return self.title
        parts = [self.academic_title, self.given_name, self.family_name]
        return " ".join(part for part in parts if part) or self.title

    @read_once
    def specialties(self):
        links = self.specialty_links.select_related("specialty")
        specialties = [link.specialty for link in links]
        if not specialties:
            return []
        localized = translations_by_key(
            {self.locale_id: {s.translation_key for s in specialties}}, model=Specialty
        )
        return [localized.get((self.locale_id, s.translation_key), s) for s in specialties]

    @read_once
    def topics(self):
        """Topics treated, in the page's language (the links read as keys)."""
        keys = self.topic_links.values_list("topic__translation_key", flat=True)
        return localize_keys(keys, self.locale, model=TopicPage, cards=True)

    @read_once
    def therapies(self):
        """Therapies offered, in the page's language (the links read as keys)."""
        keys = self.therapy_links.values_list("therapy__translation_key", flat=True)
        return localize_keys(keys, self.locale, model=TherapyPage, cards=True)

    def languages(self):
        names = dict(SPOKEN_LANGUAGES)
        return [names.get(item.language, item.language) for item in self.spoken_languages.all()]


class SpecialistSpecialty(Orderable):
    specialist = ParentalKey(
        SpecialistPage,
        verbose_name=_("specialist"),
        on_delete=models.CASCADE,
        related_name="specialty_links",
    )
    specialty = models.ForeignKey(
        Specialty, verbose_name=_("specialty"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("specialty")]

    class Meta(Orderable.Meta):
        verbose_name = _("specialty link")
        verbose_name_plural = _("specialty links")


class SpecialistTopic(Orderable):
    specialist = ParentalKey(
        SpecialistPage,
        verbose_name=_("specialist"),
        on_delete=models.CASCADE,
        related_name="topic_links",
    )
    topic = models.ForeignKey(
        "topics.TopicPage", verbose_name=_("topic"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("topic link")
        verbose_name_plural = _("topic links")


class SpecialistTherapy(Orderable):
    specialist = ParentalKey(
        SpecialistPage,
        verbose_name=_("specialist"),
        on_delete=models.CASCADE,
        related_name="therapy_links",
    )
    therapy = models.ForeignKey(
        "topics.TherapyPage", verbose_name=_("therapy"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("therapy")]

    class Meta(Orderable.Meta):
        verbose_name = _("therapy link")
        verbose_name_plural = _("therapy links")


class SpecialistLanguage(Orderable):
    specialist = ParentalKey(
        SpecialistPage,
        verbose_name=_("specialist"),
        on_delete=models.CASCADE,
        related_name="spoken_languages",
    )
    language = models.CharField(_("language"), max_length=8, choices=SPOKEN_LANGUAGES)

    panels = [FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")
