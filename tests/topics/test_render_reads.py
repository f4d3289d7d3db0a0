"""An uncached article reads each thing once: choosers, relations and breadcrumbs."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

from cms.i18n import forget_prefetched, localize_keys, prefetch_linked_pages, prefetched_choices
from cms.models import linked_page_ids
from home.templatetags.site_tags import breadcrumb_trail
from topics.models import TherapyPage, TopicPage

from ..utils import page_in


def _chosen_therapies(page):
    return [
        therapy.pk
        for block in page.body
        if block.block_type == "therapy_links"
        for therapy in block.value["therapies"]
    ]


def _stored_therapy_ids(page):
    return [
        pk
        for block in page.body.raw_data
        if block["type"] == "therapy_links"
        for item in block["value"]["therapies"]
        for pk in [item["value"] if isinstance(item, dict) else item]
    ]


@pytest.fixture
def topic(db):
    page = page_in(TopicPage, "de")
    assert _stored_therapy_ids(page), "the demo topic lists therapies in its body"
    yield TopicPage.objects.get(pk=page.pk)  # a body nobody has read yet
    forget_prefetched()


@pytest.mark.django_db
def test_choosers_take_the_prefetched_pages(topic):
    prefetch_linked_pages(linked_page_ids(topic), "de")

    with CaptureQueriesContext(connection) as queries:
        chosen = _chosen_therapies(topic)

    assert chosen == [int(pk) for pk in _stored_therapy_ids(topic)]
    # Other blocks (images, videos) read their own objects; no page is read again.
    assert not [q for q in queries.captured_queries if '"wagtailcore_page"' in q["sql"]]


@pytest.mark.django_db
def test_choosers_read_their_pages_without_a_prefetch(topic):
    forget_prefetched()

    chosen = _chosen_therapies(topic)

    assert chosen == [int(pk) for pk in _stored_therapy_ids(topic)]


@pytest.mark.django_db
def test_a_prefetched_page_of_another_type_is_not_taken_for_a_therapy(topic):
    prefetch_linked_pages({topic.pk}, "de")

    assert prefetched_choices([topic.pk], TherapyPage) is None
    assert prefetched_choices([topic.pk], Page)[topic.pk].pk == topic.pk


@pytest.mark.django_db
def test_keys_resolve_in_order_and_drop_what_is_not_live(topic):
    therapies = list(TherapyPage.objects.live().filter(locale=topic.locale).order_by("-title")[:3])
    hidden = therapies[1]
    Page.objects.filter(pk=hidden.pk).update(live=False)
    keys = [therapy.translation_key for therapy in therapies]
    english = [TherapyPage.objects.get(translation_key=k, locale__language_code="en") for k in keys]

    found = localize_keys(keys, topic.locale, model=TherapyPage)

    assert [page.pk for page in found] == [therapies[0].pk, therapies[2].pk]
    assert all(type(page) is TherapyPage for page in found)
    assert english[0].pk not in [page.pk for page in found]


@pytest.mark.django_db
def test_topic_relations_are_the_therapies_linked_to_it(topic):
    links = TherapyPage.objects.live().filter(
        locale=topic.locale,
        translation_key__in=TherapyPage.objects.filter(
            topic_links__topic__translation_key=topic.translation_key
        ).values("translation_key"),
    )

    assert {page.pk for page in topic.therapies()} == {page.pk for page in links}
    assert all(page.locale_id == topic.locale_id for page in topic.therapies())


@pytest.mark.django_db
def test_breadcrumbs_of_a_routed_page_cost_no_query(client, topic, django_assert_num_queries):
    ancestors = [page for page in topic.get_ancestors() if page.depth >= 2]
    html = client.get(topic.url).content.decode()
    nav = html[html.index('<nav class="breadcrumbs"') :]
    nav = nav[: nav.index("</nav>")]

    for crumb in ancestors:
        assert f'href="{crumb.url}"' in nav
    assert nav.count("<li>") == len(ancestors) + 1

    # What the router leaves behind: each page on the path knows its parent.
    chain = [Page.objects.get(pk=page.pk) for page in ancestors]
    for child, parent in zip(chain[1:], chain, strict=False):
        child._cached_parent_obj = parent
    topic._cached_parent_obj = chain[-1]
    with django_assert_num_queries(0):
        trail = breadcrumb_trail(topic)
    assert [page.pk for page in trail] == [page.pk for page in ancestors]


@pytest.mark.django_db
def test_breadcrumbs_of_a_page_not_routed_read_its_ancestors(topic):
    trail = breadcrumb_trail(topic)

    assert [page.pk for page in trail] == [
        page.pk for page in topic.get_ancestors() if page.depth >= 2
    ]
