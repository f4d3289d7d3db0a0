"""Read the specialist finder page the way a visitor sees it."""

import re

CARD = re.compile(r'<h3 class="card__title"><a href="([^"]+)">([^<]+)</a>')
COUNT = re.compile(r'<p class="result-count" role="status" data-count="(\d+)">')
DISTANCE = re.compile(r'class="distance" data-km="(\d+)"')


def finder_url(language):
    return {"en": "/en/specialists/", "de": "/de/spezialisten/"}[language]


def finder_page(client, language="en", /, **params):
    response = client.get(finder_url(language), params)
    assert response.status_code == 200
    html = response.content.decode()
    count = COUNT.search(html)
    return {
        "html": html,
        "cards": CARD.findall(html),
        "count": int(count.group(1)) if count else None,
        "distances": [int(km) for km in DISTANCE.findall(html)],
    }


def options(html, name):
    """``{value: (label, count)}`` of one filter's select."""
    select = re.search(rf'<select id="finder-{name}" name="{name}">(.*?)</select>', html, re.S)
    found = re.findall(
        r'<option value="([^"]+)"( selected)?>([^<]*) \((\d+)\)</option>', select.group(1)
    )
    return {value: (label, int(count), bool(selected)) for value, selected, label, count in found}
