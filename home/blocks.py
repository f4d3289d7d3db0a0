"""StreamField blocks shared by every content app.

Each block knows its own API shape (``get_api_representation``) so the headless API
and the templates read the same structure.
"""

import copy

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

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


DECONSTRUCT_ALIASES = {PrefetchingImageChooserBlock: "wagtail.images.blocks.ImageChooserBlock"}


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"


class ListBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("bulleted", _("Bulleted")), ("numbered", _("Numbered"))], default="bulleted"
    )
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item")))

    class Meta:
        icon = "list-ul"
        template = "blocks/list.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning"))], default="info"
    )
    title = blocks.CharBlock(required=False)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"


class KeyFactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(help_text=_("The number, e.g. '80 %' or '4–8 months'."))
    label = blocks.CharBlock(help_text=_("What the number means."))
    source = blocks.CharBlock(required=False, help_text=_("Where the number comes from."))

    class Meta:
        icon = "pick"
        template = "blocks/key_fact.html"


class ImageBlock(blocks.StructBlock):
    image = PrefetchingImageChooserBlock()
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"

    def get_api_representation(self, value, context=None):
        image = value["image"]
        return {
            "image": image.pk if image else None,
            "alt_text": value["alt_text"],
            "caption": value["caption"],
        }


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock()
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False)
    items = blocks.ListBlock(QuestionBlock())

    class Meta:
        icon = "help"
        template = "blocks/faq.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock()
    page = blocks.PageChooserBlock()
    label = blocks.CharBlock(help_text=_("Button text"))

    class Meta:
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
    country = blocks.ChoiceBlock(choices=EMERGENCY_COUNTRIES)
    service = blocks.CharBlock(help_text=_("e.g. 'Ambulance and fire brigade'"))
    number = blocks.CharBlock(max_length=32)

    class Meta:
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

    title = blocks.CharBlock(required=False)
    numbers = blocks.ListBlock(EmergencyNumberBlock())

    class Meta:
        icon = "warning"
        template = "blocks/emergency_numbers.html"
        value_class = EmergencyNumbersValue


class BaseContentBlocks(blocks.StreamBlock):
    """The blocks every article-like page offers."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/paragraph.html")
    list = ListBlock()
    callout = CalloutBlock()
    key_fact = KeyFactBlock()
    image = ImageBlock()
    faq = FAQBlock()
    call_to_action = CallToActionBlock()


class ContentPageBlocks(BaseContentBlocks):
    emergency_numbers = EmergencyNumbersBlock()
