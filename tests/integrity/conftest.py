"""A small translated site built with factories, the actors, and a digest of what is live."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from wagtail.models import Locale, Page, TaskState, WorkflowState
from wagtail_localize.models import (
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from cms import exchange
from cms.models import RevisionProvenance
from topics.models import TopicIndexPage, TopicPage

from ..api.conftest import API
from ..factories import ARTICLE_BODY, TopicPageFactory


@pytest.fixture
def users(demo_users):
    return demo_users


@pytest.fixture
def as_user(client, users):
    """``as_user("translator_de")`` -> the test client logged in as that demo login."""

    def login(username):
        client.force_login(users[username])
        return client

    return login


@pytest.fixture
def api_as(client, token):
    """``api_as("editor")`` -> a JSON client with that login's API token."""
    return lambda username: API(client, token(username))


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a call and its on-commit callbacks (wagtail-localize publishes in on_commit)."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


def english_topic(title="Bone metastases", slug="bone-metastases", publish=True, user=None):
    index = TopicIndexPage.objects.get(locale__language_code="en")
    page = TopicPageFactory(parent=index, title=title, slug=slug, live=False, **ARTICLE_BODY)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return TopicPage.objects.get(pk=page.pk)


def translate(source, language_code, commit, publish=True):
    """A wagtail-localize translation of ``source`` with every string filled in."""
    locale = Locale.objects.get(language_code=language_code)
    translation = exchange.start_translation(source, locale)
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": f"{segment.string.data} [{language_code}]"},
        )
    commit(translation.save_target, publish=publish)
    return TopicPage.objects.get(translation_key=source.translation_key, locale=locale)


@pytest.fixture
def site(users, commit):
    """A live, approved English topic with a live German translation."""
    english = english_topic(user=users["editor"])
    german = translate(english, "de", commit)
    return {"en": english, "de": german}


def live_state():
    """Everything that decides what a visitor or an app reads, and the review records."""
    return {
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "live", "live_revision_id", "alias_of_id", "title", "locale_id", "path"
            )
        ),
        "translations": list(Translation.objects.order_by("pk").values_list("pk", "enabled")),
        "sources": list(
            TranslationSource.objects.order_by("pk").values_list(
                "pk", "content_json", "last_updated_at"
            )
        ),
        "strings": list(StringTranslation.objects.order_by("pk").values_list("pk", "data")),
        "overrides": SegmentOverride.objects.count(),
        "approvals": list(
            RevisionProvenance.objects.exclude(approval="")
            .order_by("pk")
            .values_list("revision_id", "approval")
        ),
        "workflows": list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        "tasks": list(TaskState.objects.order_by("pk").values_list("pk", "status")),
    }


def refusal(response):
    """The refusal a user saw: an error status, or a redirect carrying an error message."""
    if response.status_code >= 400:
        return response.status_code
    if response.status_code in (301, 302):
        errors = [
            str(message)
            for message in get_messages(response.wsgi_request)
            if message.level_tag in ("error", "warning")
        ]
        if errors or response.get("Location", "").rstrip("/").endswith("/admin"):
            return errors or ["redirected to the dashboard"]
    return None


def user(username):
    return get_user_model().objects.get(username=username)
