"""A list costs the same number of queries for 5 items as for 50: no query per item."""

from collections import Counter

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from specialists.models import SpecialistIndexPage, SpecialistPage, SpecialistSpecialty, Specialty
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

from ..factories import SpecialistPageFactory, TherapyPageFactory, TopicPageFactory
from ..utils import page_in

# Measure the work of answering, not the anonymous cache (a hit costs no queries).
pytestmark = pytest.mark.usefixtures("no_page_cache", "steady_versions")

CASES = [
    (TopicPage, TopicIndexPage, TopicPageFactory),
    (TherapyPage, TherapyIndexPage, TherapyPageFactory),
    (SpecialistPage, SpecialistIndexPage, SpecialistPageFactory),
]


def fill_to(model, index_model, factory, count):
    index = page_in(index_model, "en")
    specialty = Specialty.objects.filter(locale=index.locale).first()
    if model is SpecialistPage:
        # Every item, in every language, has the same specialty, so the nested prefetch
        # and the specialty's localisation run for any page size whichever items come
        # first: the seed's real specialists and their translations have none, and which
        # of them open a list depends on the base data, not on the code under test.
        for page in model.objects.filter(specialty_links__isnull=True):
            SpecialistSpecialty.objects.create(specialist=page, specialty=specialty)
    while model.objects.live().filter(locale=index.locale).count() < count:
        page = factory(parent=index)
        if model is SpecialistPage:
            SpecialistSpecialty.objects.create(specialist=page, specialty=specialty)


def queries_for(api, path):
    api.get(path)  # warm caches that do not depend on the page (content types, site)
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured], len(response.json()["items"])


def extra(large, small):
    """The queries of the larger list that the smaller one did not run (up to their
    WHERE), so a failure names the relation that went per item."""

    def shapes(queries):
        return Counter(sql.split(" WHERE ")[0][-160:] for sql in queries)

    return list((shapes(large) - shapes(small)).elements())


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "index_model", "factory"), CASES, ids=lambda v: v.__name__)
def test_list_query_count_does_not_grow_with_the_page_size(api, model, index_model, factory):
    fill_to(model, index_model, factory, 55)
    for query in ["&locale=en", "&locale=fr&fallback=en"]:
        path = f"/api/v3/pages/?type={model._meta.label}{query}&limit="

        small, small_items = queries_for(api, path + "5")
        large, large_items = queries_for(api, path + "50")

        assert (small_items, large_items) == (5, 50)
        assert len(small) == len(large), (
            f"{model.__name__}{query}: {len(small)} queries for 5, {len(large)} for 50",
            extra(large, small),
        )
        print(f"{model.__name__}{query}: {len(small)} queries for 5 items, {len(large)} for 50")


@pytest.mark.django_db
def test_list_of_a_section_query_count_does_not_grow(api):
    fill_to(TherapyPage, TherapyIndexPage, TherapyPageFactory, 55)
    index = page_in(TherapyIndexPage, "en")
    path = f"/api/v3/pages/?child_of={index.pk}&limit="

    small, _ = queries_for(api, path + "5")
    large, _ = queries_for(api, path + "50")

    assert len(small) == len(large), extra(large, small)
