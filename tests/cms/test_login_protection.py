"""The admin login locks a username out after repeated failures (django-axes)."""

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model


def attempt(client, password):
    return client.post(
        "/admin/login/",
        {"username": "editor", "password": password},
        REMOTE_ADDR="203.0.113.7",
    )


@pytest.mark.django_db
def test_repeated_failures_lock_out_even_the_right_password(client):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "wrong-password")
        assert response.status_code == 200
    assert attempt(client, "wrong-password").status_code == 429

    locked = attempt(client, "demo-password-change-me")

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_correct_password_signs_in(client):
    response = attempt(client, "demo-password-change-me")

    assert response.status_code == 302
    assert (
        int(client.session["_auth_user_id"]) == get_user_model().objects.get(username="editor").pk
    )
