"""Bad finder input: a normal page with a clear message, never a 500 or reflected script
(a NUL character is refused before: ``tests/cms/test_null_characters.py``)."""

import pytest

from .helpers import finder_page

SCRIPT = '"><script>alert(1)</script>'

BAD_INPUT = [
    ({"page": "-1"}, "positive whole number"),
    ({"page": "abc"}, "positive whole number"),
    ({"page": "99999"}, "only 1 page"),
    ({"page": "9" * 40}, "only 1 page"),
    ({"topic": "999999"}, "do not know this topic"),
    ({"topic": "9" * 40}, "do not know this topic"),
    ({"topic": "abc"}, "do not know this topic"),
    ({"therapy": SCRIPT}, "do not know this therapy"),
    ({"specialty": "-3"}, "do not know this specialty"),
    ({"country": "XX"}, "Germany, Austria and Switzerland"),
    ({"city": "Atlantis"}, "no specialists listed in this town"),
    ({"region": SCRIPT}, "no specialists listed in this region"),
    ({"language": "xx"}, "do not know this language"),
    ({"kind": "robot"}, "physician, clinic or centre"),
    ({"near": "Atlantis"}, "could not find a town"),
    ({"near": SCRIPT}, "could not find a town"),
    ({"near": "99999"}, "do not know the postcode 99999"),
    ({"near": "6900"}, "exists in several countries"),
    ({"near": "Zürich", "radius": "-5"}, "between 1 and 1000 km"),
    ({"near": "Zürich", "radius": "100000"}, "between 1 and 1000 km"),
    ({"near": "Zürich", "radius": "abc"}, "whole number of kilometres"),
    ({"sort": "bogus"}, "relevance, name or distance"),
    ({"sort": "distance"}, "Enter a town or postcode"),
    ({"q": SCRIPT}, None),
    ({"q": "x" * 2000}, None),
    ({"q": "'; DROP TABLE wagtailcore_page; --"}, None),
    ({"q": '(a* OR "b) AND NOT ^c: [z-a]'}, None),
    ({"q": "Straße"}, None),
    ({"q": "Würschmidt"}, None),
    ({"q": "🩺"}, None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "message"), BAD_INPUT, ids=lambda value: repr(value)[:40])
def test_bad_input_gives_a_normal_page(client, params, message):
    page = finder_page(client, "en", **params)

    assert "<script>alert(1)</script>" not in page["html"]
    assert page["count"] == len(page["cards"])
    if message:
        assert message in page["html"]
