"""The offline gazetteer: towns in any language, postcodes from the shipped table."""

import csv
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specialists.filters import bounding_box
from specialists.geo import (
    EARTH_RADIUS_KM,
    POSTCODES,
    Place,
    distance_expression,
    distance_km,
    find_place,
    within,
)
from specialists.models import SpecialistPage


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


@settings(max_examples=300, deadline=None)
@given(
    latitude=st.floats(min_value=-85, max_value=85),
    longitude=st.floats(min_value=-179, max_value=179),
    radius=st.integers(min_value=1, max_value=1000),
    bearing=st.floats(min_value=0, max_value=360),
    fraction=st.floats(min_value=0, max_value=1),
)
def test_bounding_box_never_excludes_a_point_within_the_radius(
    latitude, longitude, radius, bearing, fraction
):
    """The finder's pre-filter is only an optimisation: it must not change any result."""
    place = Place("here", "DE", latitude, longitude)
    lat, lon = _destination(latitude, longitude, bearing, radius * fraction * 0.999)
    box = bounding_box(place, radius)

    assert distance_km(place, lat, lon) <= radius
    assert box["latitude__gte"] <= lat <= box["latitude__lte"]
    if "longitude__gte" in box:
        assert box["longitude__gte"] <= lon <= box["longitude__lte"]


def test_bounding_box_of_zurich_is_tight_enough_to_help():
    box = bounding_box(find_place("Zürich").place, 100)

    assert box["latitude__lte"] - box["latitude__gte"] < 2
    assert box["longitude__lte"] - box["longitude__gte"] < 3


def _destination(latitude, longitude, bearing, km):
    """The point ``km`` from a start along ``bearing`` (great circle)."""
    lat1, lon1, theta = map(math.radians, (latitude, longitude, bearing))
    delta = km / EARTH_RADIUS_KM
    lat2 = math.asin(
        math.sin(lat1) * math.cos(delta) + math.cos(lat1) * math.sin(delta) * math.cos(theta)
    )
    lon2 = lon1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(lat1),
        math.cos(delta) - math.sin(lat1) * math.sin(lat2),
    )
    return math.degrees(lat2), (math.degrees(lon2) + 540) % 360 - 180


@pytest.mark.django_db
@pytest.mark.parametrize("radius", [1, 50, 100, 250, 1000])
def test_the_radius_condition_keeps_exactly_the_points_within_the_distance(radius):
    """``within`` compares the haversine's inner term, not the distance: the same set."""
    place = find_place("Zürich").place
    located = SpecialistPage.objects.filter(latitude__isnull=False, longitude__isnull=False)
    distances = dict(located.annotate(km=distance_expression(place)).values_list("pk", "km"))
    expected = {
        pk
        for pk, latitude, longitude in located.values_list("pk", "latitude", "longitude")
        if distance_km(place, latitude, longitude) <= radius
    }

    assert set(located.filter(within(place, radius)).values_list("pk", flat=True)) == expected
    assert {pk for pk, km in distances.items() if km <= radius} == expected
    assert located.exists()
