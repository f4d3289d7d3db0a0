"""A list costs the same number of queries for 5 items as for 50: no query per item."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from specialists.models import SpecialistIndexPage, SpecialistPage, SpecialistSpecialty, Specialty
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

from ..factories import SpecialistPageFactory, TherapyPageFactory, TopicPageFactory
from ..utils import page_in

# Measure the work of answering, not the anonymous cache (a hit costs no queries).
pytestmark = pytest.mark.usefixtures("no_page_cache")

CASES = [
    (TopicPage, TopicIndexPage, TopicPageFactory),
    (TherapyPage, TherapyIndexPage, TherapyPageFactory),
    (SpecialistPage, SpecialistIndexPage, SpecialistPageFactory),
]


def fill_to(model, index_model, factory, count):
    index = page_in(index_model, "en")
    specialty = Specialty.objects.filter(locale=index.locale).first()
    if model is SpecialistPage:
        # Every item has a specialty, so the nested prefetch runs for any page size (the
        # seed's real specialists, listed first, have none).
        for page in model.objects.filter(locale=index.locale, specialty_links__isnull=True):
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
    return len(captured), len(response.json()["items"])


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "index_model", "factory"), CASES, ids=lambda v: v.__name__)
def test_list_query_count_does_not_grow_with_the_page_size(api, model, index_model, factory):
    fill_to(model, index_model, factory, 55)
    for query in ["&locale=en", "&locale=fr&fallback=en"]:
        path = f"/api/v3/pages/?type={model._meta.label}{query}&limit="

        small, small_items = queries_for(api, path + "5")
        large, large_items = queries_for(api, path + "50")

        assert (small_items, large_items) == (5, 50)
        assert small == large, f"{model.__name__}{query}: {small} queries for 5, {large} for 50"
        print(f"{model.__name__}{query}: {small} queries for 5 items, {large} for 50")


@pytest.mark.django_db
def test_list_of_a_section_query_count_does_not_grow(api):
    fill_to(TherapyPage, TherapyIndexPage, TherapyPageFactory, 55)
    index = page_in(TherapyIndexPage, "en")
    path = f"/api/v3/pages/?child_of={index.pk}&limit="

    small, _ = queries_for(api, path + "5")
    large, _ = queries_for(api, path + "50")

    assert small == large
