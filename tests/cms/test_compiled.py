"""``cms.compiled``: a queryset compiled once gives, for other values, what the queryset
itself gives; what it cannot check it runs as the queryset."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from cms import compiled
from cms.visibility import visible
from topics.models import TopicIndexPage, TopicPage

from ..factories import TopicPageFactory


def _topics(locale_id, key):
    return visible(TopicPage.objects.filter(locale_id=locale_id, translation_key=key)).order_by(
        "pk"
    )


def _ids(pages):
    return [(type(page), page.pk, page.title, page.locale_id) for page in pages]


@pytest.fixture
def topics(locales):
    index = TopicIndexPage.objects.get(locale__language_code="en")
    return [TopicPageFactory(parent=index, title=f"Compiled {n}") for n in range(3)]


@pytest.mark.django_db
def test_other_values_give_what_the_queryset_gives(topics, locales):
    key = ("test", uuid.uuid4().hex)
    for topic in [*topics, *TopicPage.objects.exclude(pk__in=[t.pk for t in topics])[:5]]:
        found = compiled.instances(
            TopicPage, _topics, key, locale_id=topic.locale_id, key=topic.translation_key
        )
        assert _ids(found) == _ids(_topics(topic.locale_id, topic.translation_key)) == _ids([topic])
    nobody = compiled.instances(
        TopicPage, _topics, key, locale_id=locales["de"].pk, key=topics[0].translation_key
    )
    assert nobody == []


@pytest.mark.django_db
def test_a_compiled_query_is_one_query_and_sees_a_section_made_private(topics):
    key = ("test", uuid.uuid4().hex)
    topic = topics[0]
    values = {"locale_id": topic.locale_id, "key": topic.translation_key}
    compiled.instances(TopicPage, _topics, key, **values)
    with CaptureQueriesContext(connection) as queries:
        assert _ids(compiled.instances(TopicPage, _topics, key, **values)) == _ids([topic])
    assert len(queries) == 1
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.LOGIN
    )
    assert compiled.instances(TopicPage, _topics, key, **values) == []
    restriction.delete()
    assert _ids(compiled.instances(TopicPage, _topics, key, **values)) == _ids([topic])


UNCHECKED = {
    # The value decides nothing in SQL: it is not found among the parameters.
    "value-unused": lambda locale_id, key: TopicPage.objects.filter(title__startswith="Compiled"),
    # A related object read in the same query: raw() cannot build it.
    "select-related": lambda locale_id, key: TopicPage.objects.filter(
        locale_id=locale_id, translation_key=key
    ).select_related("locale"),
    # Not model instances.
    "values-list": lambda locale_id, key: TopicPage.objects.filter(
        locale_id=locale_id, translation_key=key
    ).values_list("pk", flat=True),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", UNCHECKED)
def test_what_cannot_be_checked_runs_as_the_queryset(topics, name):
    build, key = UNCHECKED[name], ("test", uuid.uuid4().hex)
    for topic in topics:
        values = {"locale_id": topic.locale_id, "key": topic.translation_key}
        assert compiled.instances(TopicPage, build, key, **values) == list(build(**values))
    assert [entry for k, entry in compiled._compiled.items() if k[0][1] == key] == [None]


@pytest.mark.django_db
@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(locale_id=st.integers(min_value=-(2**62), max_value=2**62), key=st.uuids())
def test_any_values_give_what_the_queryset_gives(locales, locale_id, key):
    """Values next to the placeholders' (large negative ids, random keys) included."""
    found = compiled.instances(TopicPage, _topics, ("test", "any"), locale_id=locale_id, key=key)
    assert _ids(found) == _ids(_topics(locale_id, key))


@pytest.mark.django_db
def test_a_value_a_field_refuses_as_placeholder_runs_as_the_queryset(topics):
    """A translation key given as text: the text placeholder is no UUID, so nothing is
    compiled; the queryset itself reads the key."""
    topic = topics[0]
    values = {"locale_id": topic.locale_id, "key": topic.translation_key.hex}
    for _attempt in range(2):
        found = compiled.instances(TopicPage, _topics, ("test", uuid.uuid4().hex), **values)
        assert _ids(found) == _ids([topic])


@pytest.mark.django_db
def test_a_long_list_is_run_as_the_queryset(topics):
    """A list longer than ``_LONGEST`` is a shape seldom seen twice: nothing is compiled."""
    key = ("test", uuid.uuid4().hex)
    pks = [topic.pk for topic in topics] + list(range(-100, -100 + compiled._LONGEST))

    def build(pks):
        return TopicPage.objects.filter(pk__in=pks).order_by("pk")

    assert _ids(compiled.instances(TopicPage, build, key, pks=pks)) == _ids(topics)
    assert not [k for k in compiled._compiled if k[0][1] == key]


@pytest.mark.django_db
def test_a_number_out_of_range_first_does_not_keep_the_shape_from_being_compiled(topics):
    """Django answers a lookup of a number out of a column's range as matching nothing,
    without SQL (PostgreSQL's integer columns); a first call with one (an id typed into
    an API URL) must not leave the shape run as a queryset for every later call."""
    key = ("test", uuid.uuid4().hex)

    def build(pk):
        return TopicPage.objects.filter(pk=pk)

    assert compiled.instances(TopicPage, build, key, pk=2**40) == []
    assert _ids(compiled.instances(TopicPage, build, key, pk=topics[0].pk)) == _ids(topics[:1])
    assert [entry is not None for k, entry in compiled._compiled.items() if k[0][1] == key] == [
        True
    ]
