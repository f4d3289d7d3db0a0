"""A small translated site built with factories, the actors, and a digest of what is live."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from wagtail.models import Page, TaskState, WorkflowState
from wagtail.users.models import UserProfile
from wagtail_localize.models import (
    SegmentOverride,
    StringTranslation,
    Translation,
    TranslationSource,
)

from cms.models import RevisionProvenance

from ..api.conftest import API
from ..utils import english_topic, translate


@pytest.fixture
def as_user(client, users):
    """``as_user("translator_de")`` -> the test client logged in as that demo login."""

    def login(username):
        # Demo translators see the admin in their own language; these tests read English.
        UserProfile.objects.filter(user=users[username]).update(preferred_language="en")
        client.force_login(users[username])
        return client

    return login


@pytest.fixture
def api_as(client, token):
    """``api_as("editor")`` -> a JSON client with that login's API token."""
    return lambda username: API(client, token(username))


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
