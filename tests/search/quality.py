"""Search-quality set: what a visitor types, per language, and the demo pages it must find.

Why a fixed set: stemming, compound splitting and synonyms each fix one kind of miss and
can break another. Measured against the demo content (``demo/content.py``,
``demo/translations/*.po``) the set gives a recall figure per language that can be compared
between commits (``bench/search_quality.py``) and a must-pass test
(``tests/search/test_search_quality.py``).

Fairness: every query is answerable from words on the expected page (in that language) or
from the demo's curated synonym groups (``SEARCH_SYNONYMS``). Pages are named by the slug of
the English source page and resolved to its translation through ``translation_key``, so the
set does not depend on translated slugs.

A query *finds* a page when the page is among the first ``TOP_N`` results: the first
results page a visitor sees (promoted results included, they are shown first).

Leichte Sprache (``de-x-ls``) may have fewer queries: the demo has only six pages in it (home,
the topic and therapy indexes, the liver-metastases topic, liver resection and
radiofrequency ablation) written with few, plain words, so there are fewer fair queries.
Its compounds are written with a middle dot ("Leber·metastasen"), which is why the usual
spelling of a compound is worth testing there.

Known misses (``why`` set, collected in ``KNOWN_MISSES``) are fair queries that the search
does not answer yet, on every database or only on those in ``miss_on``. They are measured
(the recall figure counts them); the test asserts that they still miss, so a fix shows up
as a failure that asks to move the query into the must-pass set. ``why`` says what stops
them.
"""

from dataclasses import dataclass

from django.utils.translation import override

from wagtail.models import Locale, Page

TOP_N = 10

# What a query tests; a query has one main kind.
TITLE = "title"  # the page's title or most of it
INFLECTION = "inflection"  # singular/plural or another form of a word on the page
COMPOUND = "compound"  # German compound vs its parts
LAY = "lay"  # patient's word for the doctor's word on the page (via synonyms)
TECHNICAL = "technical"  # doctor's word for the patient's word on the page (via synonyms)
SPELLING = "spelling"  # plain letters for umlauts/accents, or a typo in a long word


@dataclass(frozen=True)
class Query:
    language: str
    text: str
    expected: tuple[str, ...]  # slugs of the English source pages
    kind: str
    why: str = ""  # for known misses: why the search does not answer it
    miss_on: tuple[str, ...] = ()  # database vendors on which it is a known miss


DATABASES = ("sqlite", "postgresql")  # ``connection.vendor``


def _q(language, kind, text, *expected, why="", on=DATABASES):
    return Query(language, text, tuple(expected), kind, why, on if why else ())


CHEMO = ("neoadjuvant-chemotherapy", "palliative-chemotherapy")
TOPIC = "liver-metastases"
RESECTION = "liver-resection"
RFA = "radiofrequency-ablation"

QUERIES = [
    # English
    _q("en", TITLE, "Liver resection", RESECTION),
    _q("en", TITLE, "radiofrequency ablation", RFA),
    _q("en", TITLE, "selective internal radiotherapy", "sirt"),
    _q("en", INFLECTION, "chemotherapies", *CHEMO),
    _q("en", INFLECTION, "liver metastasis", TOPIC),
    _q("en", INFLECTION, "shrinking tumour", "neoadjuvant-chemotherapy"),
    _q("en", INFLECTION, "operations", RESECTION),
    _q("en", INFLECTION, "catheters", "tace", "sirt"),
    _q("en", LAY, "chemo", *CHEMO),
    _q("en", TECHNICAL, "cytotoxic therapy", *CHEMO),
    _q("en", LAY, "liver secondaries", TOPIC),
    _q("en", LAY, "secondary liver cancer", TOPIC),
    _q("en", TECHNICAL, "hepatic metastases", TOPIC),
    _q("en", LAY, "liver cancer", TOPIC),
    _q("en", TECHNICAL, "hepatocellular carcinoma", TOPIC),
    _q("en", TECHNICAL, "HCC", TOPIC),
    _q("en", LAY, "life expectancy", TOPIC),
    _q("en", TECHNICAL, "prognosis", TOPIC),
    _q("en", LAY, "colon cancer", TOPIC),
    _q("en", TECHNICAL, "colorectal cancer", TOPIC),
    _q("en", LAY, "thermal ablation", RFA),
    _q("en", SPELLING, "hepatocelular carcinoma", TOPIC),
    _q(
        "en",
        INFLECTION,
        "laparoscopy",
        RESECTION,
        why="the page says 'laparoscopic': stemmers remove inflections, not derivations",
    ),
    _q("en", SPELLING, "chemotheraphy", *CHEMO),
    # German
    _q("de", TITLE, "Leberresektion", RESECTION),
    _q("de", TITLE, "Radiofrequenzablation", RFA),
    _q("de", TITLE, "Stereotaktische Radiochirurgie", "stereotactic-radiosurgery"),
    _q("de", INFLECTION, "Lebermetastase", TOPIC),
    _q("de", INFLECTION, "Chemotherapien", *CHEMO),
    _q("de", INFLECTION, "Krebszelle", TOPIC),
    _q("de", INFLECTION, "Katheter", "tace", "sirt"),
    _q("de", COMPOUND, "Heilungschancen", TOPIC),
    _q("de", COMPOUND, "Leberoperation", RESECTION),
    _q("de", COMPOUND, "Metastasenchirurgie", TOPIC),
    _q("de", COMPOUND, "Lebertumoren", TOPIC),
    _q("de", COMPOUND, "Chemotherapiezyklen", "neoadjuvant-chemotherapy"),
    _q("de", COMPOUND, "Leberarterie", "tace", "sirt"),
    _q("de", LAY, "Chemo", *CHEMO),
    _q("de", TECHNICAL, "zytostatische Therapie", *CHEMO),
    _q("de", LAY, "Leberkrebs", TOPIC),
    _q("de", TECHNICAL, "hepatozelluläres Karzinom", TOPIC),
    _q("de", TECHNICAL, "Leberzellkarzinom", TOPIC),
    _q("de", LAY, "Lebenserwartung", TOPIC),
    _q("de", LAY, "Darmkrebs", TOPIC),
    _q("de", TECHNICAL, "Kolonkarzinom", TOPIC),
    _q("de", LAY, "Leberfiliae", TOPIC),
    _q("de", LAY, "Thermoablation", RFA),
    _q("de", SPELLING, "Ueberlebenszeit", TOPIC),
    _q("de", SPELLING, "Lebensserwartung", TOPIC),
    _q(
        "de",
        COMPOUND,
        "Bauchspeicheldrüse",
        TOPIC,
        why="the page only has the compound 'Bauchspeicheldrüsenkrebs': a part alone does "
        "not find a compound (compounds are split in the query, not in the index)",
    ),
    _q("de", SPELLING, "Groesse Lage", TOPIC),
    # French
    _q("fr", TITLE, "Résection hépatique", RESECTION),
    _q("fr", TITLE, "Chimiothérapie néoadjuvante", "neoadjuvant-chemotherapy"),
    _q("fr", INFLECTION, "métastase hépatique", TOPIC),
    _q("fr", INFLECTION, "chimiothérapies", *CHEMO),
    _q("fr", INFLECTION, "guérir", TOPIC),
    _q("fr", INFLECTION, "nausée", "neoadjuvant-chemotherapy"),
    _q("fr", LAY, "métastases du foie", TOPIC),
    _q("fr", LAY, "chimio", *CHEMO),
    _q("fr", TECHNICAL, "traitement cytotoxique", *CHEMO),
    _q("fr", LAY, "cancer du foie", TOPIC),
    _q("fr", TECHNICAL, "carcinome hépatocellulaire", TOPIC),
    _q("fr", TECHNICAL, "CHC", TOPIC),
    _q("fr", LAY, "espérance de vie", TOPIC),
    _q("fr", TECHNICAL, "pronostic", TOPIC),
    _q("fr", LAY, "cancer du côlon", TOPIC),
    _q("fr", TECHNICAL, "cancer colorectal", TOPIC),
    _q("fr", LAY, "thermoablation", RFA),
    _q("fr", SPELLING, "resection hepatique", RESECTION),
    _q("fr", SPELLING, "chimiotherapie", *CHEMO),
    # Italian
    _q("it", TITLE, "Resezione epatica", RESECTION),
    _q("it", TITLE, "Chemioterapia palliativa", "palliative-chemotherapy"),
    _q("it", INFLECTION, "metastasi epatica", TOPIC),
    _q("it", INFLECTION, "chemioterapie", *CHEMO),
    _q("it", INFLECTION, "guarire", TOPIC),
    _q("it", INFLECTION, "tumori secondari", TOPIC),
    _q("it", LAY, "metastasi al fegato", TOPIC),
    _q("it", LAY, "chemio", *CHEMO),
    _q("it", TECHNICAL, "terapia citotossica", *CHEMO),
    _q("it", LAY, "cancro al fegato", TOPIC),
    _q("it", TECHNICAL, "carcinoma epatocellulare", TOPIC),
    _q("it", TECHNICAL, "HCC", TOPIC),
    _q("it", LAY, "aspettativa di vita", TOPIC),
    _q("it", TECHNICAL, "prognosi", TOPIC),
    _q("it", LAY, "tumore del colon", TOPIC),
    _q("it", TECHNICAL, "cancro colorettale", TOPIC),
    _q("it", LAY, "termoablazione", RFA),
    _q("it", SPELLING, "soppravvivenza", TOPIC),
    _q(
        "it",
        SPELLING,
        "resezione epatika",
        RESECTION,
        why="typos are corrected in synonym terms only, not in words of the pages (by design)",
    ),
    # Leichte Sprache (six pages; see the module docstring)
    _q("de-x-ls", TITLE, "Behandlung mit Hitze", RFA),
    _q("de-x-ls", TITLE, "Leber·operation", RESECTION),
    _q("de-x-ls", COMPOUND, "Lebermetastasen", TOPIC),
    _q("de-x-ls", COMPOUND, "Leberoperation", RESECTION),
    _q("de-x-ls", COMPOUND, "Darmkrebs", TOPIC),
    _q("de-x-ls", COMPOUND, "Chemotherapie", TOPIC),
    _q("de-x-ls", COMPOUND, "Vollnarkose", RESECTION),
    _q("de-x-ls", INFLECTION, "Lebermetastase", TOPIC),
    _q("de-x-ls", INFLECTION, "Knoten", TOPIC, RESECTION, RFA),
    _q(
        "de-x-ls",
        INFLECTION,
        "Nadeln",
        RFA,
        why="the page says 'Nadel'; PostgreSQL 15's German stemmer keeps 'nadeln' (Snowball "
        "3's, used on SQLite, gives 'nadel')",
        on=("postgresql",),
    ),
    _q("de-x-ls", LAY, "Leberkrebs", TOPIC),
    _q("de-x-ls", TECHNICAL, "RFA", RFA),
    _q("de-x-ls", COMPOUND, "Krebsknoten", TOPIC),
    _q("de-x-ls", INFLECTION, "Nebenwirkungen", RESECTION, RFA),
    _q(
        "de-x-ls",
        COMPOUND,
        "Facharzt",
        "home",
        why="the page writes 'Fach·ärzte'; 'Facharzt' has 8 letters and only words of 9+ "
        "letters are split (search/analysis.py), so its parts are not tried",
    ),
]

KNOWN_MISSES = [query for query in QUERIES if query.why]

LANGUAGES = ["en", "de", "fr", "it", "de-x-ls"]


def known_miss(query, vendor):
    """Whether ``query`` is a known miss on the database ``vendor`` (``connection.vendor``)."""
    return vendor in query.miss_on


def expected_pages(query):
    """The live pages ``query`` must find: the translations of its English source pages."""
    english = Locale.objects.get(language_code="en")
    locale = Locale.objects.get(language_code=query.language)
    keys = [
        Page.objects.get(locale=english, slug=slug, depth__gte=2).translation_key
        for slug in query.expected
    ]
    return list(Page.objects.live().filter(locale=locale, translation_key__in=keys))


def found_pages(query):
    """The pages on the first ``TOP_N`` results of the site search, as a visitor sees them."""
    from search.service import site_search

    locale = Locale.objects.get(language_code=query.language)
    with override(query.language):
        outcome = site_search({"q": query.text}, locale, per_page=TOP_N, record=False)
    return [hit.page.pk for hit in outcome.hits[:TOP_N]]


def evaluate(query):
    """(found, expected): how many of the query's pages are on the first results page."""
    expected = expected_pages(query)
    found = set(found_pages(query))
    return sum(page.pk in found for page in expected), len(query.expected)
