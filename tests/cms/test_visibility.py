"""``cms.visibility``: the private sections are read when a query runs, and the rule for
a page in hand (``is_visible``) agrees with the rule in SQL (``visible``)."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

from cms.visibility import is_visible, visible
from topics.models import TopicIndexPage, TopicPage

from ..factories import TopicPageFactory


def _english_index():
    return TopicIndexPage.objects.get(locale__language_code="en")


@pytest.mark.django_db
def test_a_queryset_built_before_a_restriction_hides_the_section_when_it_runs():
    index = _english_index()
    topic = TopicPageFactory(parent=index, title="Later private")
    pages = visible(TopicPage.objects.filter(pk=topic.pk))  # built, not run
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert list(pages) == []


@pytest.mark.django_db
def test_a_restriction_removed_shows_the_section_again():
    index = _english_index()
    topic = TopicPageFactory(parent=index, title="Private for a while")
    restriction = PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert not visible(TopicPage.objects.filter(pk=topic.pk)).exists()
    restriction.delete()
    assert visible(TopicPage.objects.filter(pk=topic.pk)).exists()


@pytest.mark.django_db
def test_the_rule_in_hand_agrees_with_the_rule_in_sql():
    index = _english_index()
    private = TopicPageFactory(parent=index, title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    TopicPageFactory(parent=private, title="Below a private page")
    draft = TopicPageFactory(parent=index, title="Draft")
    draft.unpublish()
    pages = list(Page.objects.filter(depth__gte=2))
    shown = set(visible(Page.objects.filter(depth__gte=2)).values_list("pk", flat=True))
    assert {page.pk for page in pages if is_visible(page)} == shown
    assert private.pk not in shown and draft.pk not in shown
    assert len(shown) < len(pages)


@pytest.mark.django_db
def test_without_private_sections_the_rule_adds_no_sql(steady_versions):
    PageViewRestriction.objects.all().delete()
    visible(Page.objects.all()).exists()  # the sections, read once per content version
    with CaptureQueriesContext(connection) as captured:
        visible(Page.objects.all()).exists()
    (query,) = captured.captured_queries
    assert "wagtailcore_pageviewrestriction" not in query["sql"]
