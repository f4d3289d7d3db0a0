"""Long words in headings get soft hyphens in the page's language."""

import pytest

from home.typography import SOFT_HYPHEN, hyphenate
from topics.models import TopicPage

from ..utils import page_in


def test_long_words_get_soft_hyphens_short_ones_do_not():
    text = hyphenate("Leber und Präzisionsstrahlentherapie", "de")

    assert text.replace(SOFT_HYPHEN, "") == "Leber und Präzisionsstrahlentherapie"
    assert "Leber und " in text
    assert text.count(SOFT_HYPHEN) >= 3


def test_unknown_language_leaves_text_alone():
    assert hyphenate("Präzisionsstrahlentherapie", "xx") == "Präzisionsstrahlentherapie"


@pytest.mark.django_db
def test_topic_heading_is_hyphenated_in_german(client):
    topic = page_in(TopicPage, "de")

    html = client.get(topic.url).content.decode()

    heading = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert SOFT_HYPHEN in heading
    assert heading.replace(SOFT_HYPHEN, "") == topic.title
    assert f"<title>{topic.title}" in html


def test_leichte_sprache_breaks_after_the_mediopunkt_only():
    text = hyphenate("Krebs in der Bauch·speichel·drüse", "de-x-ls")

    assert SOFT_HYPHEN not in text
    assert text == "Krebs in der Bauch·\u200bspeichel·\u200bdrüse"
