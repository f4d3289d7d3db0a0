"""Blocks only topic and therapy pages use."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks import RICH_TEXT_FEATURES, BaseContentBlocks


class TherapyLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False)
    therapies = blocks.ListBlock(blocks.PageChooserBlock(page_type="topics.TherapyPage"))

    class Meta:
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

    kind = blocks.ChoiceBlock(choices=THERAPY_SECTIONS)
    heading = blocks.CharBlock()
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        template = "blocks/therapy_section.html"


class TherapyBodyBlocks(BaseContentBlocks):
    section = TherapySectionBlock()
