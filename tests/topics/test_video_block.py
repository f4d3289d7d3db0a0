"""The video block: accessible without JavaScript, strict about its files, per-language files."""

import json

import pytest
import wagtail_factories

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    TranslationContext,
)

from cms import exchange, integrity
from topics.blocks import TopicBodyBlocks, VideoBlock
from topics.models import TopicIndexPage, TopicPage

from ..factories import CaptionsFileFactory, TopicPageFactory, VideoBlockFactory, VideoFileFactory


def video_value(**kwargs):
    return VideoBlockFactory(**kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "transcript", "sign_language"),
    [
        ("en", "Transcript", "British Sign Language (BSL)"),
        ("de", "Abschrift", "Deutsche Gebärdensprache (DGS)"),
        ("fr", "Transcription", "Langue des signes française (LSF)"),
        ("it", "Trascrizione", "Lingua dei segni italiana (LIS)"),
    ],
)
def test_renders_a_captioned_video_with_transcript_without_javascript(
    language, transcript, sign_language
):
    value = video_value()

    with translation.override(language):
        html = VideoBlock().render(value)

    assert '<video controls preload="none"' in html
    assert f'<track kind="captions" src="{value["captions"].url}" srclang="{language}"' in html
    assert " default>" in html
    assert f'<source src="{value["video"].url}" type="video/mp4">' in html
    assert f"<summary>{transcript}</summary>" in html
    assert "The liver filters the blood." in html
    assert sign_language in html
    assert "<script" not in html
    assert html.count(f'href="{value["video"].url}" download') == 2  # inside <video> and below


@pytest.mark.django_db
def test_caption_language_can_differ_from_the_page_and_sign_language_is_optional():
    value = video_value(caption_language="de", sign_language="")

    html = VideoBlock().render(value)

    assert 'srclang="de" label="German"' in html
    assert "sign language" not in html.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("child", "document", "message"),
    [
        ("captions", lambda: wagtail_factories.DocumentFactory(), "WebVTT"),
        ("captions", lambda: CaptionsFileFactory(file__data=b"<html>not captions"), "WebVTT"),
        ("video", lambda: CaptionsFileFactory(), "MP4 or WebM"),
    ],
)
def test_wrong_files_are_a_validation_error_on_the_field(child, document, message):
    block = VideoBlock()
    value = video_value()
    value[child] = document()

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)

    assert list(error.value.block_errors) == [child]
    assert message in " ".join(error.value.block_errors[child].messages)


@pytest.mark.django_db
def test_captions_are_required():
    value = video_value()
    value["captions"] = None

    with pytest.raises(ValidationError):
        VideoBlock().clean(value)
    with pytest.raises(StreamBlockValidationError):
        TopicBodyBlocks().clean(TopicBodyBlocks().normalize([("video", value)]))


@pytest.mark.django_db
def test_admin_answers_a_bad_caption_file_with_a_form_error(client):
    client.force_login(get_user_model().objects.get(username="editor"))
    index = TopicIndexPage.objects.get(locale__language_code="en")
    pdf = wagtail_factories.DocumentFactory()
    data = nested_form_data(
        {
            "title": "Signed topic",
            "slug": "signed-topic",
            "summary": "A topic with a video.",
            "body": streamfield(
                [
                    (
                        "video",
                        {
                            "title": "Explained in sign language",
                            "video": VideoFileFactory().pk,
                            "captions": pdf.pk,
                            "caption_language": "",
                            "sign_language": "page",
                            "transcript": rich_text("<p>What the video says.</p>"),
                        },
                    )
                ]
            ),
            "references": inline_formset([]),
            "comments": inline_formset([]),
        }
    )

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["topics", "topicpage", index.pk]), data
    )

    assert response.status_code == 200
    assert "WebVTT" in response.content.decode()
    assert not TopicPage.objects.filter(slug="signed-topic").exists()


@pytest.fixture
def topic_with_video():
    index = TopicIndexPage.objects.get(locale__language_code="en")
    page = TopicPageFactory(parent=index, slug="signed", live=False, body__0__video__title="Signed")
    page.save_revision().publish()
    return TopicPage.objects.get(pk=page.pk)


@pytest.mark.django_db
def test_title_and_transcript_are_translated_strings(topic_with_video):
    translation_ = exchange.start_translation(
        topic_with_video, Locale.objects.get(language_code="de")
    )

    paths = set(
        StringSegment.objects.filter(source=translation_.source).values_list(
            "context__path", flat=True
        )
    )
    block_id = topic_with_video.body[0].id
    assert {f"body.{block_id}.title", f"body.{block_id}.transcript"} <= paths


def overridable(translation_, child):
    return OverridableSegment.objects.get(
        source=translation_.source, context__path__endswith=f".{child}"
    )


@pytest.mark.django_db
def test_a_translation_may_use_its_own_video_and_captions(topic_with_video, commit):
    german = Locale.objects.get(language_code="de")
    translation_ = exchange.start_translation(topic_with_video, german)
    translator = get_user_model().objects.get(username="translator_de")
    german_video, german_captions = VideoFileFactory(), CaptionsFileFactory()

    with integrity.acting_as(translator):
        for child, document in [("video", german_video), ("captions", german_captions)]:
            SegmentOverride.objects.create(
                locale=german,
                context=overridable(translation_, child).context,
                data_json=json.dumps(document.pk),
            )
    commit(translation_.save_target, publish=False)

    draft = TopicPage.objects.get(
        translation_key=topic_with_video.translation_key, locale=german
    ).get_latest_revision_as_object()
    video = draft.body[0].value
    assert (video["video"], video["captions"]) == (german_video, german_captions)


@pytest.mark.django_db
def test_other_parts_of_the_video_block_are_not_overridable(topic_with_video):
    german = Locale.objects.get(language_code="de")
    exchange.start_translation(topic_with_video, german)
    block_id = topic_with_video.body[0].id
    title_context = TranslationContext.objects.get(
        object_id=topic_with_video.translation_key, path=f"body.{block_id}.title"
    )

    with (
        integrity.acting_as(get_user_model().objects.get(username="translator_de")),
        pytest.raises(integrity.IntegrityViolation),
    ):
        SegmentOverride.objects.create(
            locale=german, context=title_context, data_json=json.dumps("Forged")
        )


@pytest.mark.django_db
def test_a_translation_cannot_swap_in_a_file_the_block_refuses(topic_with_video):
    german = Locale.objects.get(language_code="de")
    translation_ = exchange.start_translation(topic_with_video, german)
    pdf = wagtail_factories.DocumentFactory()

    with (
        integrity.acting_as(get_user_model().objects.get(username="translator_de")),
        pytest.raises(integrity.IntegrityViolation, match="WebVTT"),
    ):
        SegmentOverride.objects.create(
            locale=german,
            context=overridable(translation_, "captions").context,
            data_json=json.dumps(pdf.pk),
        )


@pytest.mark.django_db
def test_whoever_swapped_in_a_file_may_not_approve_the_translation(topic_with_video, commit):
    """Four eyes: a replaced file is words of its author, like a translated string."""
    german = Locale.objects.get(language_code="de")
    translation_ = exchange.start_translation(topic_with_video, german)
    commit(translation_.save_target, publish=False)
    reviewer = get_user_model().objects.get(username="translation_reviewer_de")
    page = TopicPage.objects.get(translation_key=topic_with_video.translation_key, locale=german)
    assert reviewer.pk not in integrity.change_authors(page)

    with integrity.acting_as(reviewer):
        SegmentOverride.objects.create(
            locale=german,
            context=overridable(translation_, "video").context,
            data_json=json.dumps(VideoFileFactory().pk),
            last_translated_by=reviewer,
        )

    assert reviewer.pk in integrity.change_authors(page)
    with pytest.raises(integrity.IntegrityViolation, match="four-eyes"):
        integrity.check_may_approve(page, reviewer)
