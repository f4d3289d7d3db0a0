"""Every block of every StreamField reads as its OpenAPI schema says, in API v2 and v3.

Each page model's StreamFields are filled with one value of every block they offer
(recursively), built with factories; the v3 answer must validate against the published
OpenAPI document, and v2 must answer the same shape. Choosers that no page offers
(snippets, embeds, plain documents) go through the same registry in a test-only block.
"""

import json
from datetime import date, datetime, time

import jsonschema
import pytest
import wagtail_factories
from pydantic import TypeAdapter

from django.core.serializers.json import DjangoJSONEncoder

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, get_page_models
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock

from api.blocks import BlockContext, BlockSchemaBuilder, represent
from api.context import ReadContext
from home.menus import MetaMenu
from topics.blocks import CaptionsChooserBlock, VideoFileChooserBlock
from topics.models import TherapyPage, TopicPage

from ..factories import CaptionsFileFactory, VideoFileFactory
from ..utils import page_in


def stream_fields():
    return [
        (model, field)
        for model in get_page_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    ]


class Samples:
    """One value per block class; page links point at an English page with a German
    translation, so the German answer can be checked for the German page."""

    def __init__(self):
        self.page = page_in(TherapyPage, "en")
        self.seen = set()

    def value(self, block):
        self.seen.add(type(block))
        if isinstance(block, blocks.BaseStreamBlock):
            children = [(name, self.value(child)) for name, child in block.child_blocks.items()]
            return block.normalize(children)
        if isinstance(block, blocks.ListBlock):
            return block.normalize([self.value(block.child_block)])
        if isinstance(block, blocks.BaseStructBlock):
            children = {name: self.value(child) for name, child in block.child_blocks.items()}
            return block.normalize(children)
        return self.leaf(block)

    def leaf(self, block):
        if isinstance(block, blocks.PageChooserBlock):
            assert isinstance(self.page, block.target_model)
            return self.page
        if isinstance(block, ImageChooserBlock):
            return wagtail_factories.ImageFactory()
        if isinstance(block, VideoFileChooserBlock):
            return VideoFileFactory()
        if isinstance(block, CaptionsChooserBlock):
            return CaptionsFileFactory()
        if isinstance(block, DocumentChooserBlock):
            return wagtail_factories.DocumentFactory()
        if isinstance(block, SnippetChooserBlock):
            return block.target_model.objects.filter(locale__language_code="en").first()
        if isinstance(block, EmbedBlock):
            return EmbedValue("https://www.example.org/videos/liver")
        if isinstance(block, blocks.RichTextBlock):
            link = f'<a linktype="page" id="{self.page.pk}">treatment</a>'
            return RichText(f"<p>Read about the {link}.</p>")
        if isinstance(block, blocks.ChoiceBlock):
            return next(str(value) for value, _label in block.field.choices if value)
        if isinstance(block, blocks.BooleanBlock):
            return True
        if isinstance(block, blocks.IntegerBlock | blocks.FloatBlock):
            return 3
        if isinstance(block, blocks.DateBlock):
            return date(2026, 11, 1)
        if isinstance(block, blocks.DateTimeBlock):
            return datetime(2026, 11, 1, 9, 30)
        if isinstance(block, blocks.TimeBlock):
            return time(9, 30)
        if isinstance(block, blocks.URLBlock):
            return "https://www.example.org/"
        if isinstance(block, blocks.StaticBlock):
            return None
        if isinstance(block, blocks.FieldBlock):
            return "Text"
        raise AssertionError(f"no sample for {type(block).__name__}: add one")


@pytest.fixture
def document(client, db):
    return client.get("/api/v3/openapi.json").json()


def detail_schema(document):
    response = document["paths"]["/api/v3/pages/{page_id}/"]["get"]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]
    return {**schema, "components": document["components"]}


def english_page(model):
    page = page_in(model, "en")
    assert page is not None, f"the demo has no {model.__name__}"
    return page.specific


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    stream_fields(),
    ids=lambda item: getattr(item, "name", getattr(item, "__name__", "")),
)
def test_every_block_round_trips_through_the_v3_schema(api, document, model, field):
    samples = Samples()
    page = english_page(model)
    setattr(page, field.name, samples.value(field.stream_block))
    page.save()

    v3 = api.get(f"/api/v3/pages/{page.pk}/")
    v2 = api.get(f"/api/v2/pages/{page.pk}/?rich_text_format=html")

    assert v3.status_code == 200, v3.content
    data = v3.json()
    jsonschema.Draft202012Validator(detail_schema(document)).validate(data)
    assert [item["type"] for item in data[field.name]] == list(field.stream_block.child_blocks)
    assert v2.status_code == 200, v2.content
    assert v2.json()[field.name] == data[field.name]


def test_the_page_bodies_offer_the_video_block():
    offered = {type(block) for _model, field in stream_fields() for block in walk(field)}

    assert {VideoFileChooserBlock, CaptionsChooserBlock} <= offered
    assert {
        model for model, field in stream_fields() if "video" in field.stream_block.child_blocks
    } >= {
        TopicPage,
        TherapyPage,
    }


def walk(field):
    pending = [field.stream_block]
    while pending:
        block = pending.pop()
        yield block
        pending.extend(getattr(block, "child_blocks", {}).values())
        if isinstance(block, blocks.ListBlock):
            pending.append(block.child_block)


class ChooserBlocks(blocks.StreamBlock):
    """Choosers no page offers yet: they must be typed before an editor first uses one."""

    document = DocumentChooserBlock()
    snippet = SnippetChooserBlock(MetaMenu)
    embed = EmbedBlock()
    date = blocks.DateBlock()
    links = blocks.ListBlock(blocks.PageChooserBlock())


@pytest.mark.django_db
def test_snippet_document_and_embed_choosers_match_their_schema(rf):
    block = ChooserBlocks()
    samples = Samples()
    value = samples.value(block)
    owner = page_in(TopicPage, "de")
    ctx = ReadContext(rf.get("/api/v3/pages/", HTTP_HOST="localhost"))

    answer = ctx.finish(represent(block, value, BlockContext(ctx, owner)))
    data = json.loads(json.dumps(answer, cls=DjangoJSONEncoder))  # as the API sends it

    annotation = BlockSchemaBuilder().annotation(block, "TestChoosers")
    jsonschema.Draft202012Validator(TypeAdapter(annotation).json_schema()).validate(data)
    TypeAdapter(annotation).validate_python(data)
    by_type = {item["type"]: item["value"] for item in data}
    assert by_type["document"]["url"].startswith("http://localhost/")
    assert by_type["snippet"]["type"] == "home.MetaMenu"
    german_menu = MetaMenu.objects.get(locale__language_code="de")
    assert by_type["snippet"]["id"] == german_menu.pk, "a snippet reads in the reader's language"
    assert by_type["embed"] == {"url": "https://www.example.org/videos/liver"}
    assert by_type["date"] == "2026-11-01"
    german_therapy = samples.page.get_translation(owner.locale)
    assert [link["id"] for link in by_type["links"]] == [german_therapy.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["v2", "v3"])
def test_german_block_links_point_at_german_pages(api, version):
    english = page_in(TherapyPage, "en")
    topic = page_in(TopicPage, "de").specific
    german = english.get_translation(topic.locale)
    link = f'<a linktype="page" id="{english.pk}">Resektion</a>'
    topic.body = [
        ("call_to_action", {"text": "Mehr", "page": english, "label": "Lesen"}),
        ("paragraph", RichText(f"<p>Siehe {link}.</p>")),
    ]
    topic.save()

    path = f"/api/{version}/pages/{topic.pk}/"
    body = api.get(path, {"rich_text_format": "html"} if version == "v2" else None).json()["body"]

    call_to_action, paragraph = body
    assert call_to_action["value"]["page"]["id"] == german.pk
    assert call_to_action["value"]["page"]["locale"] == "de"
    assert f'href="{german.url}"' in paragraph["value"]
    assert Page.objects.get(pk=german.pk).locale.language_code == "de"
