"""The benchmark's corpus generator keeps working as the demo grows.

``make bench`` is not part of the suite, so nothing else would notice when a change to
the demo (a new language, a section missing in one language) breaks the generator: it
did when Leichte Sprache arrived without a specialist finder.
"""

import pytest

from django.conf import settings

from wagtail.models import Page

from bench.corpus import generate, parse_args
from topics.models import TopicPage


@pytest.mark.django_db
def test_a_small_corpus_builds_in_every_generated_language_and_renders(client):
    before = Page.objects.count()
    stats = generate(parse_args(["--pages", "12", "--specialists", "4"]), log=lambda *_: None)

    generated = {"en", "de", "fr", "it"}
    assert not generated & set(settings.CMS_DERIVED_LANGUAGES)
    assert stats["pages"] == 12 * len(generated)
    assert Page.objects.count() == before + stats["pages"]
    topic = TopicPage.objects.order_by("-pk").first()  # a generated one
    for page in Page.objects.filter(translation_key=topic.translation_key):
        assert page.locale.language_code in generated
        assert client.get(page.url).status_code == 200
