"""Blocks only topic and therapy pages use."""

from ninja import Schema

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from home.blocks import RICH_TEXT_FEATURES, BaseContentBlocks, PrefetchedPageChooserBlock


class TherapyLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    therapies = blocks.ListBlock(
        PrefetchedPageChooserBlock(page_type="topics.TherapyPage", label=_("Therapy")),
        label=_("Therapies"),
    )

    class Meta:
        label = _("Therapy links")
        icon = "link"
        template = "blocks/therapy_links.html"


class VideoFileChooserBlock(DocumentChooserBlock):
    """A self-hosted video document: MP4 or WebM, the formats every browser plays."""

    EXTENSIONS = ("mp4", "webm")

    def clean(self, value):
        value = super().clean(value)
        if value is not None and value.file_extension.lower() not in self.EXTENSIONS:
            raise ValidationError(
                _("Choose a video file in MP4 or WebM format (this is a %(extension)s file).")
                % {"extension": value.file_extension.upper() or "?"}
            )
        return value


class CaptionsChooserBlock(DocumentChooserBlock):
    """A WebVTT file: the only caption format ``<track>`` plays without JavaScript."""

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not is_webvtt(value):
            raise ValidationError(
                _('Choose a caption file in WebVTT format (.vtt, starting with "WEBVTT").')
            )
        return value


def is_webvtt(document):
    if document.file_extension.lower() != "vtt":
        return False
    try:
        with document.open_file() as handle:
            start = handle.read(16)
    except OSError:
        return False
    return start.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


def site_languages():
    return list(settings.LANGUAGES)


# A sign-language video shows which sign language it is in. "page" stands for the
# sign language of the page's language, so a translation that overrides the video
# with its own sign language needs no other change (the choice is synchronised).
SIGN_LANGUAGES = {
    "dgs": _("German Sign Language (DGS)"),
    "oegs": _("Austrian Sign Language (ÖGS)"),
    "dsgs": _("Swiss German Sign Language (DSGS)"),
    "lsf": _("French Sign Language (LSF)"),
    "lis": _("Italian Sign Language (LIS)"),
    "bsl": _("British Sign Language (BSL)"),
    "is": _("International Sign (IS)"),
}
SIGN_LANGUAGE_OF_PAGE = {"de": "dgs", "fr": "lsf", "it": "lis", "en": "bsl"}


def sign_language_code(choice, language_code):
    if choice == "page":
        return SIGN_LANGUAGE_OF_PAGE.get((language_code or "")[:2])
    return choice if choice in SIGN_LANGUAGES else None


class VideoValue(blocks.StructValue):
    """Templates render in the page's language, so "the page's language" is the active one."""

    def captions_language(self):
        return self.get("caption_language") or translation.get_language()

    def sign_language_name(self):
        code = sign_language_code(self.get("sign_language"), translation.get_language())
        return SIGN_LANGUAGES.get(code, "")


class SignLanguage(Schema):
    code: str
    name: str


class VideoBlock(blocks.StructBlock):
    """A self-hosted video with captions and a transcript (sign-language videos too).

    Self-hosted only: a third-party embed cannot carry our WebVTT captions, needs
    JavaScript and tells the provider who watched. The title and transcript are
    translated; the video and captions files can be overridden per translation (a
    German sign-language video is not a French one), see ``translation_overridable``.
    """

    title = blocks.CharBlock(label=_("Title"))
    video = VideoFileChooserBlock(label=_("Video file"), help_text=_("An MP4 or WebM file."))
    captions = CaptionsChooserBlock(
        label=_("Captions"), help_text=_("A WebVTT (.vtt) file with the captions.")
    )
    caption_language = blocks.ChoiceBlock(
        choices=site_languages,
        required=False,
        label=_("Caption language"),
        help_text=_("Leave empty when the captions are in the page's language."),
    )
    sign_language = blocks.ChoiceBlock(
        choices=[("page", _("The sign language of the page's language")), *SIGN_LANGUAGES.items()],
        required=False,
        label=_("Sign language"),
        help_text=_("For a video in sign language: shown as a label above the video."),
    )
    transcript = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Transcript"))

    # Children a translation may replace with its own file (``cms.integrity``).
    translation_overridable = frozenset({"video", "captions"})

    class Meta:
        label = _("Video")
        icon = "media"
        template = "blocks/video.html"
        value_class = VideoValue

    def get_api_representation(self, value, context=None):
        """The children's shapes, with both languages resolved from the page's language
        (as the site renders them), also when the reader gets a fallback page."""
        data = context.struct(self, value)
        language = context.page_language()
        data["caption_language"] = value.get("caption_language") or language
        code = sign_language_code(value.get("sign_language"), language)
        with translation.override(language):
            name = str(SIGN_LANGUAGES[code]) if code else None
        data["sign_language"] = {"code": code, "name": name} if code else None
        return data

    def api_schema(self, builder, hint):
        return builder.struct(
            self,
            hint,
            overrides={"caption_language": (str, ...), "sign_language": (SignLanguage | None, ...)},
        )


class TopicBodyBlocks(BaseContentBlocks):
    therapy_links = TherapyLinksBlock()
    video = VideoBlock()


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
    video = VideoBlock()
