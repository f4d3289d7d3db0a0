"""Cards, links and other pages' JSON-LD are built from ``cms.i18n.card_fields`` alone.

Lists of related pages read only the columns a card shows; a template that touched a
column left out would read it again, once per card. Each card template and JSON-LD
builder is rendered here from such a list and must not query.
"""

import pytest

from django.db import connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from specialists.jsonld import specialist_structured_data
from specialists.models import (
    SpecialistIndexPage,
    SpecialistPage,
    SpecialistTherapy,
    SpecialistTopic,
)
from specialists.templatetags.specialist_tags import specialists_for
from topics.jsonld import therapy_structured_data, topic_structured_data
from topics.models import TherapyIndexPage, TherapyPage, TherapyTopic, TopicIndexPage, TopicPage

from ..factories import SpecialistPageFactory, TherapyPageFactory, TopicPageFactory

LINKS = Template(
    "{% load wagtailcore_tags %}{% for t in pages %}<a href='{% pageurl t %}'>{{ t.title }}</a>"
    "{% endfor %}"
)


@pytest.fixture
def request_(steady_versions):
    request = RequestFactory().get("/")
    Site.find_for_request(request)  # the site and its root paths: read once, remembered
    Site.get_site_root_paths()
    return request


@pytest.fixture
def related(db):
    def index(model):
        return model.objects.get(locale__language_code="en")

    topic = TopicPageFactory(parent=index(TopicIndexPage), title="Card topic")
    therapy = TherapyPageFactory(parent=index(TherapyIndexPage), title="Card therapy")
    TherapyTopic.objects.create(therapy=therapy, topic=topic, sort_order=0)
    specialist = SpecialistPageFactory(parent=index(SpecialistIndexPage), academic_title="Dr")
    SpecialistTherapy.objects.create(specialist=specialist, therapy=therapy, sort_order=0)
    SpecialistTopic.objects.create(specialist=specialist, topic=topic, sort_order=0)
    return {
        "topic": TopicPage.objects.get(pk=topic.pk),
        "therapy": TherapyPage.objects.get(pk=therapy.pk),
        "specialist": SpecialistPage.objects.get(pk=specialist.pk),
    }


def _no_queries(render):
    with CaptureQueriesContext(connection) as captured:
        html = render()
    assert [q["sql"] for q in captured.captured_queries] == []
    return html


@pytest.mark.django_db
def test_a_topic_shows_its_therapies_from_their_card_fields(related, request_):
    request = request_
    therapies = related["topic"].therapies()
    assert [t.title for t in therapies] == ["Card therapy"]

    html = _no_queries(
        lambda: "".join(
            render_to_string("includes/page_card.html", {"item": t, "request": request})
            for t in therapies
        )
    )
    data = _no_queries(lambda: topic_structured_data(related["topic"], request, therapies))

    assert "Card therapy" in html and "A treatment explained." in html
    (entity,) = data["about"]["possibleTreatment"]
    assert entity["description"] == "A treatment explained."
    assert entity["procedureType"].endswith("SurgicalProcedure")


@pytest.mark.django_db
def test_a_therapy_shows_its_topics_and_specialists_from_their_card_fields(related, request_):
    request = request_
    topics = related["therapy"].topics()
    specialists = specialists_for(related["therapy"])
    assert [s.pk for s in specialists] == [related["specialist"].pk]

    html = _no_queries(
        lambda: (
            "".join(
                render_to_string("includes/page_card.html", {"item": t, "request": request})
                for t in topics
            )
            + "".join(
                render_to_string("includes/specialist_card.html", {"item": s, "request": request})
                for s in specialists
            )
        )
    )
    data = _no_queries(lambda: therapy_structured_data(related["therapy"], request, topics))

    assert "Card topic" in html and "A condition explained." in html
    assert "Dr Example Person" in html and "Liver surgery" in html and "Zürich" in html
    assert [m["name"] for m in data["mentions"]] == ["Card topic"]


@pytest.mark.django_db
def test_a_specialist_links_its_topics_and_therapies_from_their_card_fields(related, request_):
    specialist = related["specialist"]
    pages = [*specialist.topics(), *specialist.therapies()]

    html = _no_queries(lambda: LINKS.render(Context({"pages": pages})))

    assert "Card topic" in html and "Card therapy" in html
    assert specialist_structured_data(specialist, request_)["name"]
