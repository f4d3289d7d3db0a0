"""Whatever a visitor types or edits into the URL, search answers with a normal page (a
NUL character is refused before: ``tests/cms/test_null_characters.py``)."""

import pytest

from .helpers import search_page

SCRIPT = '"><script>alert(1)</script>'

BAD_INPUT = [
    ({"q": ""}, None),
    ({"q": "   "}, None),
    ({"q": "liver " * 400}, "shortened"),
    ({"q": "x" * 2000}, "shortened"),
    ({"q": "'; DROP TABLE wagtailcore_page; --"}, None),
    ({"q": SCRIPT}, None),
    ({"q": '(liver* OR "bowel) AND NOT ^cancer: NEAR(a b)'}, None),
    ({"q": r"[a-z]+.*?\\d{2,}|(?P<x>)"}, None),
    ({"q": "!liver & bowel | :* <-> ''"}, None),
    ({"q": "Straße"}, None),
    ({"q": "métastases hépatiques Zürich"}, None),
    ({"q": "🩺🫀💊"}, "symbols are ignored"),
    ({"q": "liver", "page": "-1"}, "positive whole number"),
    ({"q": "liver", "page": "abc"}, "positive whole number"),
    ({"q": "liver", "page": "99999"}, "showing"),
    ({"q": "liver", "page": "9" * 40}, "showing"),
    ({"q": "liver", "type": "bogus"}, "no result type"),
    ({"q": "liver", "type": SCRIPT}, "no result type"),
    ({"q": "liver", "lang": "xx"}, "not a language option"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(("params", "message"), BAD_INPUT, ids=lambda value: repr(value)[:40])
def test_bad_input_gives_a_normal_page(client, language, params, message):
    result = search_page(client, language, **params)

    assert "<script>alert(1)</script>" not in result["html"]
    if message and language == "en":
        assert message in result["html"]


@pytest.mark.django_db
def test_bad_input_reaches_the_api_as_errors_per_parameter(locales):
    from search.service import site_search

    outcome = site_search({"q": "liver", "page": "abc", "type": "nope"}, locales["en"])

    assert set(outcome.errors) == {"page", "type"}
    assert outcome.count > 0
