"""What editors control on the visitors' accessibility settings page.

Defaults are a site setting (one set per site, the same in every language). The words
on the page are a translatable snippet, one per locale, translated with wagtail-localize;
an empty field, or a language without labels, shows the built-in translated wording.
"""

import copy

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Locale, Site, TranslatableMixin

from cms.site_config import remembered

from .preferences import Preferences

TEXT_SIZE_CHOICES = [(size, f"{size} %") for size in ("100", "125", "150", "175", "200")]
CONTRAST_CHOICES = [
    ("default", _("Standard")),
    ("high", _("High contrast")),
    ("dark", _("Dark")),
]


@register_setting(icon="view")
class VisitorDefaults(BaseSiteSetting):
    """The display visitors get before they choose anything, and after a reset."""

    text_size = models.CharField(
        _("text size"), max_length=3, choices=TEXT_SIZE_CHOICES, default="100"
    )
    contrast = models.CharField(
        _("colours"), max_length=8, choices=CONTRAST_CHOICES, default="default"
    )
    reduce_motion = models.BooleanField(_("reduce motion"), default=False)
    more_spacing = models.BooleanField(_("more spacing"), default=False)
    underline_links = models.BooleanField(_("underline links"), default=False)
    readable_font = models.BooleanField(_("easy-to-read font"), default=False)

    panels = [
        HelpPanel(
            content=_(
                "Visitors' own choices always win. Whatever is set here, the site "
                "follows the visitor's system settings for reduced motion, higher "
                "contrast and forced colours."
            )
        ),
        FieldPanel("text_size"),
        FieldPanel("contrast"),
        FieldPanel("reduce_motion"),
        FieldPanel("more_spacing"),
        FieldPanel("underline_links"),
        FieldPanel("readable_font"),
    ]

    @classmethod
    def for_request(cls, request):
        """Read on every page view: remembered per content version (a save bumps it)."""
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        return remembered(("visitor-defaults", site.pk), lambda: cls.for_site(site), copy=copy.copy)

    class Meta:
        verbose_name = _("visitor display defaults")
        verbose_name_plural = _("visitor display defaults")

    def as_preferences(self):
        return Preferences(
            text=self.text_size,
            contrast=self.contrast,
            motion=self.reduce_motion,
            spacing=self.more_spacing,
            underline=self.underline_links,
            font=self.readable_font,
        )


class AccessibilityLabels(TranslatableMixin, models.Model):
    """The wording of the accessibility settings page in one language."""

    title = models.CharField(_("page title"), max_length=100, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    text_size = models.CharField(_("text size"), max_length=100, blank=True)
    contrast = models.CharField(_("colours and contrast"), max_length=100, blank=True)
    contrast_default = models.CharField(_("standard colours"), max_length=100, blank=True)
    contrast_high = models.CharField(_("high contrast"), max_length=100, blank=True)
    contrast_dark = models.CharField(_("dark colours"), max_length=100, blank=True)
    motion = models.CharField(_("reduce motion"), max_length=100, blank=True)
    spacing = models.CharField(_("more spacing"), max_length=100, blank=True)
    underline = models.CharField(_("underline links"), max_length=100, blank=True)
    font = models.CharField(_("easy-to-read font"), max_length=100, blank=True)
    save_button = models.CharField(_("save button"), max_length=100, blank=True)
    reset_button = models.CharField(_("reset button"), max_length=100, blank=True)

    panels = [
        HelpPanel(content=_("Leave a field empty to use the built-in wording.")),
        FieldPanel("title"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("text_size"),
                FieldPanel("contrast"),
                FieldPanel("contrast_default"),
                FieldPanel("contrast_high"),
                FieldPanel("contrast_dark"),
                FieldPanel("motion"),
                FieldPanel("spacing"),
                FieldPanel("underline"),
                FieldPanel("font"),
            ],
            heading=_("Options"),
        ),
        MultiFieldPanel(
            [FieldPanel("save_button"), FieldPanel("reset_button")], heading=_("Buttons")
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("accessibility settings labels")
        verbose_name_plural = _("accessibility settings labels")

    def __str__(self):
        return str(
            _("Accessibility settings labels (%(language)s)")
            % {"language": self.locale.get_display_name()}
        )

    @classmethod
    def for_locale(cls, locale: Locale):
        return cls.objects.filter(locale=locale).order_by("pk").first()


DEFAULT_LABELS = {
    "title": _("Accessibility settings"),
    "introduction": _(
        "Change how this website looks on this device. Your choice is stored in a "
        "cookie in your browser and nowhere else."
    ),
    "text_size": _("Text size"),
    "contrast": _("Colours and contrast"),
    "contrast_default": _("Standard"),
    "contrast_high": _("High contrast"),
    "contrast_dark": _("Dark"),
    "motion": _("Reduce motion and animations"),
    "spacing": _("More space between lines, letters and words"),
    "underline": _("Underline all links"),
    "font": _("Easy-to-read font"),
    "save_button": _("Save settings"),
    "reset_button": _("Reset to default"),
}


def labels_for(locale):
    """Editors' wording for ``locale`` where given, else the built-in translated wording."""
    labels = AccessibilityLabels.for_locale(locale) if locale is not None else None
    return {
        name: (getattr(labels, name, "") if labels is not None else "") or default
        for name, default in DEFAULT_LABELS.items()
    }
