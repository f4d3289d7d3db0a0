"""The finder finds a specialist however a visitor without umlauts writes the name."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from specialists.finder import find_specialists
from specialists.models import SpecialistIndexPage

from ..factories import SpecialistPageFactory


def make_specialist(language, commit):
    finder = SpecialistIndexPage.objects.get(locale__language_code=language)
    return commit(
        SpecialistPageFactory,
        parent=finder,
        title="Prof. Dr. Jürgen Großmüller",
        given_name="Jürgen",
        family_name="Großmüller",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["Großmüller", "Grossmüller", "Großmuller", "Grossmueller", "GROSSMUELLER"]
)
@pytest.mark.parametrize("language", ["de", "en", "fr"])
def test_every_spelling_of_a_name_finds_the_specialist(commit, locales, query, language):
    page = make_specialist(language, commit)

    result = find_specialists({"q": query}, locales[language])

    assert [card.page.pk for card in result.cards] == [page.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["Würschmidt", "Wurschmidt", "Wuerschmidt"])
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_issue_names_find_dr_wuerschmidt(locales, query, language):
    result = find_specialists({"q": query}, locales[language])

    assert [card.page.family_name for card in result.cards] == ["Würschmidt"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Wurschmid", ["Würschmidt"]),  # one letter missing
        ("Würschmitt", ["Würschmidt"]),  # one letter wrong
        ("Florian Wuerschmit", ["Würschmidt"]),  # every word must match a name
        ("Wurschmidtt", ["Würschmidt"]),
        ("Wrschmd", []),  # two letters off: not a typo any more
        ("Florian Horstmann", []),  # two people's names are nobody's name
    ],
)
def test_a_name_with_one_typo_still_finds_the_specialist(locales, query, expected):
    result = find_specialists({"q": query}, locales["de"])

    assert [card.page.family_name for card in result.cards] == expected


@pytest.mark.django_db
def test_the_typo_fallback_costs_one_query_and_only_after_an_empty_search(locales, steady_versions):
    def queries(text):
        with CaptureQueriesContext(connection) as captured:
            find_specialists({"q": text}, locales["de"])
        return len(captured.captured_queries)

    queries("Huber")  # what is read once per content version (the private sections)
    assert queries("Wurschmid") <= queries("Würschmidt") + 1
