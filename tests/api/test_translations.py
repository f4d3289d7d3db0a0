"""Translations through wagtail-localize only, for the translator's own language."""

import polib
import pytest

from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from topics.models import TherapyIndexPage, TopicPage

from ..factories import TherapyPageFactory
from ..utils import page_in


@pytest.fixture
def english_only(db):
    page = TherapyPageFactory(
        parent=page_in(TherapyIndexPage, "en"),
        title="Microwave ablation",
        summary="Heat from microwaves destroys the tumour.",
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def translator(api, token):
    return api.as_user(token("translator_de"))


@pytest.fixture
def started(translator, english_only, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(
            f"/api/v3/pages/{english_only.pk}/translations/", {"locale": "de"}
        )
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
def test_starting_a_translation_makes_a_wagtail_localize_draft(started, english_only):
    german = english_only.get_translation(page_in(TopicPage, "de").locale)

    assert started["page_id"] == german.pk
    assert not german.live, "a new translation is a draft"
    source = TranslationSource.objects.get_for_instance(english_only)
    assert Translation.objects.filter(source=source, target_locale=german.locale).exists()
    segments = {segment["context"]: segment for segment in started["segments"]}
    assert segments["title"]["source"] == "Microwave ablation"
    assert segments["title"]["translation"] is None
    assert started["progress"]["translated"] == 0


@pytest.mark.django_db
def test_submitting_segments_saves_a_translated_draft(
    translator, started, english_only, django_capture_on_commit_callbacks
):
    title = next(s for s in started["segments"] if s["context"] == "title")
    summary = next(s for s in started["segments"] if s["context"] == "summary")

    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(
            f"/api/v3/pages/{english_only.pk}/translations/de/segments/",
            {
                "segments": [
                    {"id": title["id"], "translation": "Mikrowellenablation"},
                    {"id": summary["id"], "translation": "Mikrowellen zerstören den Tumor."},
                ]
            },
        )

    assert response.status_code == 200, response.content
    assert response.json()["progress"]["translated"] == 2
    draft = translator.get(f"/api/v3/pages/{started['page_id']}/?version=draft").json()
    assert draft["title"] == "Mikrowellenablation"
    assert draft["summary"] == "Mikrowellen zerstören den Tumor."
    assert draft["meta"]["locale"] == "de"


@pytest.mark.django_db
def test_po_file_round_trip(translator, started, english_only, django_capture_on_commit_callbacks):
    exported = translator.get(f"/api/v3/pages/{english_only.pk}/translations/de/po/").json()
    po = polib.pofile(exported["po"])
    for entry in po:
        if entry.msgctxt == "title":
            entry.msgstr = "Mikrowellenablation"

    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(
            f"/api/v3/pages/{english_only.pk}/translations/de/po/", {"po": str(po)}
        )

    assert response.status_code == 200, response.content
    assert response.json()["progress"]["translated"] == 1
    draft = translator.get(f"/api/v3/pages/{started['page_id']}/?version=draft").json()
    assert draft["title"] == "Mikrowellenablation"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "po",
    [
        'msgid "unterminated\nmsgstr',
        "/etc/passwd",
        'msgid ""\nmsgstr ""\n'
        '"X-WagtailLocalize-TranslationID: 00000000-0000-0000-0000-000000000000\\n"\n',
    ],
    ids=["malformed", "a-path", "another-translation"],
)
def test_bad_po_files_are_422_and_change_nothing(translator, started, english_only, po):
    before = StringTranslation.objects.count()

    response = translator.post(f"/api/v3/pages/{english_only.pk}/translations/de/po/", {"po": po})

    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"]
    assert StringTranslation.objects.count() == before


@pytest.mark.django_db
def test_unknown_segment_is_422_and_changes_nothing(translator, started, english_only):
    title = next(s for s in started["segments"] if s["context"] == "title")
    before = StringTranslation.objects.count()

    response = translator.post(
        f"/api/v3/pages/{english_only.pk}/translations/de/segments/",
        {"segments": [{"id": title["id"], "translation": "x"}, {"id": 999999, "translation": "y"}]},
    )

    assert response.status_code == 422
    assert StringTranslation.objects.count() == before


@pytest.mark.django_db
def test_translators_work_only_in_their_language(api, token, english_only):
    german = api.as_user(token("translator_de"))
    french = api.as_user(token("translator_fr"))
    editor = api.as_user(token("editor"))

    assert (
        german.post(f"/api/v3/pages/{english_only.pk}/translations/", {"locale": "fr"}).status_code
        == 403
    )
    # Editors start translations into any language; only its translators fill one in.
    assert (
        editor.post(f"/api/v3/pages/{english_only.pk}/translations/", {"locale": "de"}).status_code
        == 201
    )
    assert french.get(f"/api/v3/pages/{english_only.pk}/translations/de/").status_code == 403
    assert editor.get(f"/api/v3/pages/{english_only.pk}/translations/de/").status_code == 403


@pytest.mark.django_db
def test_translation_requests_that_make_no_sense(api, token, english_only):
    german = api.as_user(token("translator_de"))

    assert (
        german.post(f"/api/v3/pages/{english_only.pk}/translations/", {"locale": "en"}).status_code
        == 422
    )
    assert (
        german.post(f"/api/v3/pages/{english_only.pk}/translations/", {"locale": "xx"}).status_code
        == 404
    )
    assert german.get(f"/api/v3/pages/{english_only.pk}/translations/de/").status_code == 404
    assert (
        api.post(f"/api/v3/pages/{english_only.pk}/translations/", {"locale": "de"}).status_code
        == 401
    )


@pytest.fixture
def german_therapy(db):
    from topics.models import TherapyPage

    return page_in(TherapyPage, "de")


@pytest.mark.django_db
def test_changing_a_live_translation_stays_a_draft_until_reviewed(
    api, translator, german_therapy, django_capture_on_commit_callbacks
):
    english = german_therapy.get_translation(page_in(TopicPage, "en").locale)
    live_title = german_therapy.title
    detail = translator.get(f"/api/v3/pages/{english.pk}/translations/de/").json()
    title = next(s for s in detail["segments"] if s["context"] == "title")

    with django_capture_on_commit_callbacks(execute=True):
        saved = translator.post(
            f"/api/v3/pages/{english.pk}/translations/de/segments/",
            {"segments": [{"id": title["id"], "translation": "Neuer Titel"}]},
        )
        submitted = translator.post(f"/api/v3/pages/{english.pk}/translations/de/submit/")

    assert saved.status_code == 200 and submitted.status_code == 200, submitted.content
    assert api.get(f"/api/v3/pages/{german_therapy.pk}/").json()["title"] == live_title
    draft = translator.get(f"/api/v3/pages/{german_therapy.pk}/?version=draft").json()
    assert draft["title"] == "Neuer Titel"
    assert Page.objects.get(pk=german_therapy.pk).workflow_in_progress


@pytest.mark.django_db
def test_po_made_from_an_older_source_is_422(translator, started, english_only):
    po = (
        'msgid ""\nmsgstr ""\n\n'
        'msgctxt "title"\nmsgid "A title that no longer exists"\nmsgstr "Ein Titel"\n'
    )

    response = translator.post(f"/api/v3/pages/{english_only.pk}/translations/de/po/", {"po": po})

    assert response.status_code == 422
    assert "older version" in response.json()["errors"][0]["msg"]
