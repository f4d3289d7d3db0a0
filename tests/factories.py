"""One wagtail-factories factory per page type, for tests that build their own trees."""

import factory
import wagtail_factories

from wagtail import blocks
from wagtail.rich_text import RichText

from home.blocks import HeadingBlock, KeyFactBlock
from home.models import ContentPage, HomePage
from specialists.models import SpecialistIndexPage, SpecialistPage, Specialty
from topics.blocks import TopicBodyBlocks, VideoBlock
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"

    class Meta:
        model = HomePage


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Content page {n}")
    summary = "A content page."

    class Meta:
        model = ContentPage


class TopicIndexPageFactory(wagtail_factories.PageFactory):
    title = "Topics"

    class Meta:
        model = TopicIndexPage


class HeadingBlockFactory(wagtail_factories.StructBlockFactory):
    text = factory.Sequence(lambda n: f"Section {n}")
    level = "h2"

    class Meta:
        model = HeadingBlock


class ParagraphBlockFactory(wagtail_factories.blocks.BlockFactory):
    value = factory.Sequence(lambda n: RichText(f"<p>Paragraph {n} of the article.</p>"))

    class Meta:
        model = blocks.RichTextBlock


class KeyFactBlockFactory(wagtail_factories.StructBlockFactory):
    figure = "80 %"
    label = "of patients"
    source = ""

    class Meta:
        model = KeyFactBlock


# The smallest files each format accepts: an MP4 ``ftyp`` box and a WebVTT cue.
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
WEBVTT_BYTES = b"WEBVTT\n\n00:00.000 --> 00:02.000\nGuten Tag.\n"


class VideoFileFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Sign-language video {n}")
    file = factory.django.FileField(filename="video.mp4", data=MP4_BYTES)


class CaptionsFileFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Captions {n}")
    file = factory.django.FileField(filename="captions.vtt", data=WEBVTT_BYTES)


class VideoBlockFactory(wagtail_factories.StructBlockFactory):
    title = "Liver metastases explained"
    video = factory.SubFactory(
        wagtail_factories.DocumentChooserBlockFactory, document=factory.SubFactory(VideoFileFactory)
    )
    captions = factory.SubFactory(
        wagtail_factories.DocumentChooserBlockFactory,
        document=factory.SubFactory(CaptionsFileFactory),
    )
    caption_language = ""
    sign_language = "page"
    transcript = factory.LazyFunction(lambda: RichText("<p>The liver filters the blood.</p>"))

    class Meta:
        model = VideoBlock


class TopicBodyFactory(wagtail_factories.StreamBlockFactory):
    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(ParagraphBlockFactory)
    key_fact = factory.SubFactory(KeyFactBlockFactory)
    video = factory.SubFactory(VideoBlockFactory)

    class Meta:
        model = TopicBodyBlocks


# ``TopicPageFactory(**ARTICLE_BODY)``: a heading, a paragraph and a key fact.
ARTICLE_BODY = {
    "body__0__heading__text": "What is it?",
    "body__1__paragraph__value": RichText("<p>Cells spread from a tumour elsewhere.</p>"),
    "body__2__key_fact__figure": "4–8 months",
}


class TopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Topic {n}")
    summary = "A condition explained."
    body = wagtail_factories.StreamFieldFactory(TopicBodyFactory)

    class Meta:
        model = TopicPage


class TherapyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Therapies"

    class Meta:
        model = TherapyIndexPage


class TherapyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Therapy {n}")
    summary = "A treatment explained."
    therapy_type = TherapyPage.TherapyType.SURGERY
    intent = TherapyPage.Intent.CURATIVE

    class Meta:
        model = TherapyPage


class SpecialistIndexPageFactory(wagtail_factories.PageFactory):
    title = "Specialists"

    class Meta:
        model = SpecialistIndexPage


class SpecialistPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Dr Example {n}")
    given_name = "Example"
    family_name = factory.Sequence(lambda n: f"Person {n}")
    focus = "Liver surgery"
    city = "Zürich"
    country = "CH"
    latitude = 47.3769
    longitude = 8.5417

    class Meta:
        model = SpecialistPage


class PhotoFactory(wagtail_factories.ImageFactory):
    """A JPEG wide enough for several srcset widths (Wagtail's factory makes 100x100)."""

    title = factory.Sequence(lambda n: f"Photo {n}")
    file = factory.django.ImageField(width=1000, height=750, format="JPEG", color="teal")


class SpecialtyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Specialty {n}")

    class Meta:
        model = Specialty
