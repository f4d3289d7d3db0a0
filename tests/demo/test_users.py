"""Demo logins see the admin in the language they work in."""

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.users.models import UserProfile

from demo.users import create_demo_users

EXPECTED_LANGUAGES = {
    "admin": "en",
    "editor": "en",
    "reviewer": "en",
    "translator_de": "de",
    "translation_reviewer_de": "de",
    "translator_fr": "fr",
    "translation_reviewer_fr": "fr",
    "translator_it": "it",
    "translation_reviewer_it": "it",
}


@pytest.mark.django_db
def test_each_demo_login_has_the_admin_in_its_working_language():
    create_demo_users()

    profiles = UserProfile.objects.filter(user__username__in=EXPECTED_LANGUAGES)
    assert {p.user.username: p.preferred_language for p in profiles} == EXPECTED_LANGUAGES


@pytest.mark.django_db
def test_creating_the_demo_users_again_keeps_a_language_the_user_chose():
    create_demo_users()
    profile = UserProfile.get_for_user(get_user_model().objects.get(username="translator_de"))
    profile.preferred_language = "en"
    profile.save()

    create_demo_users()

    profile.refresh_from_db()
    assert profile.preferred_language == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["translator_de", "translation_reviewer_fr", "editor"])
def test_the_admin_answers_each_demo_login_in_its_language(client, username):
    create_demo_users()
    client.force_login(get_user_model().objects.get(username=username))

    response = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="it")

    assert response.status_code == 200
    assert f'<html lang="{EXPECTED_LANGUAGES[username]}"' in response.content.decode()
