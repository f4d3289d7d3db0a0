"""The offline gazetteer: towns in any language, postcodes from the shipped table."""

import csv

import pytest

from specialists.geo import POSTCODES, distance_km, find_place


@pytest.mark.parametrize(
    "text", ["Zürich", "zurich", "ZURICH", "Zurigo", "Zurich", "8091", "CH-8091", "CH 8001"]
)
def test_zurich_in_any_spelling(text):
    place = find_place(text).place

    assert place is not None and place.country == "CH"
    assert distance_km(place, 47.3769, 8.5417) < 5


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Wien", "AT"),
        ("Vienna", "AT"),
        ("Genf", "CH"),
        ("Köln", "DE"),
        ("Cologne", "DE"),
        ("München", "DE"),
    ],
)
def test_names_in_other_languages(text, country):
    assert find_place(text).place.country == country


def test_postcode_shared_by_austria_and_switzerland_needs_a_country():
    assert find_place("6900").ambiguous_countries == ("AT", "CH")
    assert find_place("A-6900").place.name == "Bregenz"
    assert find_place("6900", country="CH").place.name == "Lugano"


def test_unknown_postcode_is_reported_not_guessed():
    lookup = find_place("99999")

    assert lookup.place is None and lookup.unknown_postcode


def test_every_shipped_postcode_resolves_to_its_town():
    with POSTCODES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    for row in rows:
        place = find_place(f"{row['country']}-{row['postcode']}").place
        assert place is not None and place.country == row["country"], row


def test_distance_between_zurich_and_geneva():
    zurich = find_place("Zürich").place

    assert 220 < distance_km(zurich, 46.2044, 6.1432) < 230
