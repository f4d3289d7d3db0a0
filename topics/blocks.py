"""Blocks only topic and therapy pages use."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks

from home.blocks import RICH_TEXT_FEATURES, BaseContentBlocks


class TherapyLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    therapies = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="topics.TherapyPage", label=_("Therapy")),
        label=_("Therapies"),
    )

    class Meta:
        label = _("Therapy links")
        icon = "link"
        template = "blocks/therapy_links.html"


class TopicBodyBlocks(BaseContentBlocks):
    therapy_links = TherapyLinksBlock()


THERAPY_SECTIONS = [
    ("how_it_works", _("How it works")),
    ("who_for", _("Who it is for")),
    ("what_to_expect", _("What to expect")),
    ("risks", _("Risks and side effects")),
    ("recovery", _("Recovery")),
]


class TherapySectionBlock(blocks.StructBlock):
    """A standard section of a therapy page; ``kind`` lets apps and JSON-LD find it."""

    kind = blocks.ChoiceBlock(choices=THERAPY_SECTIONS, label=_("Kind"))
    heading = blocks.CharBlock(label=_("Heading"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    class Meta:
        label = pgettext_lazy("therapy page block", "Section")
        icon = "doc-full"
        template = "blocks/therapy_section.html"


class TherapyBodyBlocks(BaseContentBlocks):
    section = TherapySectionBlock()
