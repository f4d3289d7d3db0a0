"""Topic and therapy pages as a PDF for the doctor, in the visitor's language."""

import io

import pytest
from pypdf import PdfReader

from django.urls import reverse
from django.utils import formats, timezone, translation

from home.models import HomePage
from home.pdf import STATIC_ORIGIN, _static_files_only
from topics.models import TherapyPage, TopicPage

from ..utils import page_in


def _pdf_url(page, language):
    with translation.override(language):
        return reverse("page_pdf", args=[page.pk])


def _text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return reader, " ".join(page.extract_text() for page in reader.pages).replace("\u00ad", "")


@pytest.mark.django_db
def test_topic_pdf_has_review_reviewer_address_and_print_date_in_german(client, settings):
    settings.CMS_PUBLIC_BASE_URL = "https://liver.example.org"
    topic = page_in(TopicPage, "de")

    response = client.get(_pdf_url(topic, "de"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    reader, text = _text(response)
    with translation.override("de"):
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        reviewed = formats.date_format(topic.last_reviewed, "DATE_FORMAT")
    for expected in [
        topic.title,
        f"Medizinisch geprüft von Redaktionsausschuss (Demo) am {reviewed}",
        f"Adresse dieser Seite: https://liver.example.org{topic.url}",
        f"Gedruckt am {today}",
        "Quellen",
    ]:
        assert expected in " ".join(text.split()), expected
    assert "Barrierefreiheit einstellen" not in text  # no site navigation
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged for screen readers
    assert reader.metadata.title.startswith(topic.title)


@pytest.mark.django_db
def test_therapy_pdf_in_french(client):
    therapy = page_in(TherapyPage, "fr")

    response = client.get(_pdf_url(therapy, "fr"))

    _reader, text = _text(response)
    assert response.status_code == 200
    assert therapy.title in text
    assert "Imprimé le" in text


@pytest.mark.django_db
def test_only_live_medical_pages_in_the_urls_language(client, django_capture_on_commit_callbacks):
    topic_en = page_in(TopicPage, "en")
    draft = page_in(TherapyPage, "it")
    with django_capture_on_commit_callbacks(execute=True):
        draft.unpublish()

    for url in [
        _pdf_url(page_in(HomePage, "de"), "de"),
        _pdf_url(topic_en, "de"),
        _pdf_url(draft, "it"),
        "/de/pdf/999999/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(_pdf_url(topic_en, "en")).status_code == 405


@pytest.mark.django_db
def test_topic_page_offers_the_pdf_and_a_print_button(client):
    topic = page_in(TopicPage, "it")

    html = client.get(topic.url).content.decode()

    assert f'href="{_pdf_url(topic, "it")}"' in html
    assert "PDF per il vostro medico" in html
    assert "data-print hidden" in html


def test_the_renderer_reads_our_static_files_and_nothing_else():
    fetcher = _static_files_only()

    assert b"@page" in fetcher.fetch(f"{STATIC_ORIGIN}/static/css/print.css").read()
    for url in [
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        f"{STATIC_ORIGIN}/static/../../etc/passwd",
        f"{STATIC_ORIGIN}/media/original_images/x.png",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
