"""JSON-LD on medical pages and specialist profiles, and it cannot be broken out of."""

import json
import re

import pytest

from specialists.models import SpecialistPage
from topics.models import TherapyPage, TopicPage

from .utils import page_in


def _json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])
def test_topic_is_a_medical_condition_on_a_reviewed_medical_web_page(client, language):
    topic = page_in(TopicPage, language)

    data = _json_ld(client.get(topic.get_url()).content.decode())

    assert data["@type"] == "MedicalWebPage"
    assert data["inLanguage"] == language
    assert data["lastReviewed"] == topic.last_reviewed.isoformat()
    assert data["about"]["@type"] == "MedicalCondition"
    assert data["about"]["name"] == topic.title
    treatments = data["about"]["possibleTreatment"]
    assert len(treatments) == 8
    assert {t["@type"] for t in treatments} == {"MedicalProcedure", "MedicalTherapy"}
    assert all(f"/{language}/" in t["url"] for t in treatments)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("therapy_type", "schema_type"),
    [("surgery", "MedicalProcedure"), ("systemic", "MedicalTherapy")],
)
def test_therapy_is_a_procedure_or_a_therapy(client, therapy_type, schema_type):
    therapy = page_in(TherapyPage, "fr", therapy_type=therapy_type)

    data = _json_ld(client.get(therapy.get_url()).content.decode())

    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == therapy.last_reviewed.isoformat()
    assert data["about"]["@type"] == schema_type
    assert data["mentions"][0]["@type"] == "MedicalCondition"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "schema_type"), [("physician", "Physician"), ("centre", "MedicalClinic")]
)
def test_specialist_is_a_physician_or_a_clinic(client, kind, schema_type):
    specialist = page_in(SpecialistPage, "it", kind=kind, is_sample=True)

    data = _json_ld(client.get(specialist.get_url()).content.decode())

    assert data["@type"] == schema_type
    assert data["address"]["addressLocality"] == specialist.city
    assert data["geo"]["latitude"] == specialist.latitude


@pytest.mark.django_db
def test_real_specialist_without_a_known_place_has_no_address(client):
    specialist = page_in(SpecialistPage, "de", is_sample=False)

    data = _json_ld(client.get(specialist.get_url()).content.decode())

    assert data["name"] == specialist.display_name
    assert "address" not in data and "geo" not in data


@pytest.mark.django_db
def test_editor_text_cannot_close_the_script_element(client):
    topic = page_in(TopicPage, "en")
    topic.summary = 'Liver </script><script>alert("x")</script> & more'
    topic.save_revision().publish()

    html = client.get(topic.get_url()).content.decode()

    assert "<script>alert" not in html.split("</head>")[0]
    assert _json_ld(html)["description"] == topic.summary


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "fr", "it"])
def test_therapy_page_shows_its_topics_and_specialists_in_the_same_language(client, language):
    therapy = page_in(TherapyPage, language, therapy_type="radiotherapy")
    specialists = SpecialistPage.objects.live().filter(
        locale=therapy.locale, therapy_links__therapy__translation_key=therapy.translation_key
    )
    assert specialists.exists()

    html = client.get(therapy.get_url()).content.decode()

    assert 'id="specialists-heading"' in html
    for specialist in specialists:
        assert f'href="{specialist.get_url()}"' in html
    for topic in therapy.topics():
        assert f'href="{topic.get_url()}"' in html
        assert topic.locale == therapy.locale


@pytest.mark.django_db
@pytest.mark.parametrize("model", [TopicPage, TherapyPage])
def test_medical_pages_show_review_dates_and_references(client, model):
    page = page_in(model, "de")

    html = client.get(page.get_url()).content.decode()

    assert "Zuletzt geprüft" in html
    assert "Nächste Prüfung fällig" in html
    assert f'datetime="{page.last_reviewed.isoformat()}"' in html
    if page.references.exists():
        assert 'id="references-heading">Quellen<' in html
