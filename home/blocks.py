"""StreamField blocks shared by every content app.

Their API shape comes from their children (``api.blocks``): a block that needs
another shape defines ``get_api_representation`` and ``api_schema`` together.
"""

import copy

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from cms.i18n import prefetched_choices

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PrefetchingImageChooserBlock(ImageChooserBlock):
    """Fetches a StreamField's images with their renditions, in one query for the field.

    Wagtail fetches the images of a body in bulk, but each ``{% image %}`` tag and each
    API rendition then looks its rendition up on its own when the rendition cache is
    cold: one query per image block. Migrations see Wagtail's block (see
    ``DECONSTRUCT_ALIASES``).
    """

    def bulk_to_python(self, values):
        images = self.model_class.objects.prefetch_renditions().in_bulk(values)
        result, seen = [], set()
        for pk in values:
            image = images.get(pk)
            result.append(copy.copy(image) if image is not None and pk in seen else image)
            seen.add(pk)
        return result


class PrefetchedPageChooserBlock(blocks.PageChooserBlock):
    """Takes the chosen pages from the ones the page prefetched for its body.

    ``EditorialPageMixin.get_context`` reads every page a body links to before it is
    rendered (``cms.i18n.prefetch_linked_pages``); Wagtail's block would then read the
    same pages again, one query per chooser type. Outside a page render (the admin,
    the API without prefetching) it reads them as Wagtail does.
    """

    def bulk_to_python(self, values):
        ids = [int(pk) for pk in values if pk is not None and str(pk).isdigit()]
        found = prefetched_choices(ids, self.target_model) if len(ids) == len(values) else None
        if found is None:
            return super().bulk_to_python(values)
        return [copy.copy(found[pk]) for pk in ids]


DECONSTRUCT_ALIASES = {
    PrefetchingImageChooserBlock: "wagtail.images.blocks.ImageChooserBlock",
    PrefetchedPageChooserBlock: "wagtail.blocks.PageChooserBlock",
}


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        label = _("Heading")
        icon = "title"
        template = "blocks/heading.html"


class ListBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("bulleted", _("Bulleted")), ("numbered", _("Numbered"))],
        default="bulleted",
        label=_("Style"),
    )
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Items"))

    class Meta:
        label = _("List")
        icon = "list-ul"
        template = "blocks/list.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning"))],
        default="info",
        label=_("Kind"),
    )
    title = blocks.CharBlock(required=False, label=_("Title"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    class Meta:
        label = _("Callout")
        icon = "warning"
        template = "blocks/callout.html"


class KeyFactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label=_("Figure"), help_text=_("The number, e.g. '80 %' or '4–8 months'.")
    )
    label = blocks.CharBlock(
        label=pgettext_lazy("key fact", "Label"), help_text=_("What the number means.")
    )
    source = blocks.CharBlock(
        required=False,
        label=pgettext_lazy("key fact", "Source"),
        help_text=_("Where the number comes from."),
    )

    class Meta:
        label = _("Key fact")
        icon = "pick"
        template = "blocks/key_fact.html"


class ImageBlock(blocks.StructBlock):
    image = PrefetchingImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        label = _("Image")
        icon = "image"
        template = "blocks/image.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Answer"))

    class Meta:
        label = _("Question")


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    items = blocks.ListBlock(QuestionBlock(), label=_("Items"))

    class Meta:
        label = _("FAQ")
        icon = "help"
        template = "blocks/faq.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    page = PrefetchedPageChooserBlock(label=_("Page"))
    label = blocks.CharBlock(label=_("Label"), help_text=_("Button text"))

    class Meta:
        label = _("Call to action")
        icon = "link"
        template = "blocks/call_to_action.html"


EMERGENCY_COUNTRIES = [("DE", _("Germany")), ("AT", _("Austria")), ("CH", _("Switzerland"))]


class EmergencyNumberValue(blocks.StructValue):
    def country_name(self):
        return dict(EMERGENCY_COUNTRIES).get(self.get("country"), self.get("country"))

    def dial(self):
        """The number as a ``tel:`` link dials it: digits and a leading ``+`` only."""
        number = self.get("number", "")
        digits = "".join(ch for ch in number if ch.isdigit())
        return f"+{digits}" if number.strip().startswith("+") else digits


class EmergencyNumberBlock(blocks.StructBlock):
    country = blocks.ChoiceBlock(choices=EMERGENCY_COUNTRIES, label=_("Country"))
    service = blocks.CharBlock(label=_("Service"), help_text=_("e.g. 'Ambulance and fire brigade'"))
    number = blocks.CharBlock(max_length=32, label=_("Number"))

    class Meta:
        label = _("Emergency number")
        icon = "warning"
        value_class = EmergencyNumberValue


class EmergencyNumbersValue(blocks.StructValue):
    def by_country(self):
        """``[(country name, [numbers])]`` in the order the countries first appear."""
        groups = {}
        for number in self.get("numbers", []):
            groups.setdefault(number.country_name(), []).append(number)
        return list(groups.items())


class EmergencyNumbersBlock(blocks.StructBlock):
    """Emergency numbers per country, as structured fields so every language shows the same."""

    title = blocks.CharBlock(required=False, label=_("Title"))
    numbers = blocks.ListBlock(EmergencyNumberBlock(), label=_("Numbers"))

    class Meta:
        label = _("Emergency numbers")
        icon = "warning"
        template = "blocks/emergency_numbers.html"
        value_class = EmergencyNumbersValue


class BaseContentBlocks(blocks.StreamBlock):
    """The blocks every article-like page offers."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="blocks/paragraph.html", label=_("Paragraph")
    )
    list = ListBlock()
    callout = CalloutBlock()
    key_fact = KeyFactBlock()
    image = ImageBlock()
    faq = FAQBlock()
    call_to_action = CallToActionBlock()


class ContentPageBlocks(BaseContentBlocks):
    emergency_numbers = EmergencyNumbersBlock()
