"""Editors can only build a valid tree: wrong children are refused, in code and in the admin."""

import pytest

from django.urls import reverse

from home.models import ContentPage, HomePage
from specialists.models import SpecialistIndexPage, SpecialistPage
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

from .utils import page_in

INVALID = [
    (HomePage, TopicPage),
    (HomePage, SpecialistPage),
    (HomePage, TherapyPage),
    (TopicIndexPage, TherapyPage),
    (TopicIndexPage, SpecialistPage),
    (TherapyIndexPage, TopicPage),
    (SpecialistIndexPage, TopicPage),
    (TopicPage, ContentPage),
    (TherapyPage, TopicPage),
    (SpecialistPage, SpecialistPage),
]
VALID = [
    (HomePage, ContentPage),
    (HomePage, TopicIndexPage),
    (TopicIndexPage, TopicPage),
    (TherapyIndexPage, TherapyPage),
    (SpecialistIndexPage, SpecialistPage),
]


def _ids(pair):
    return f"{pair[0].__name__}>{pair[1].__name__}"


@pytest.mark.django_db
@pytest.mark.parametrize(("parent_model", "child_model"), INVALID, ids=map(_ids, INVALID))
def test_admin_refuses_invalid_child(admin_client, parent_model, child_model):
    parent = page_in(parent_model, "en")
    meta = child_model._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])

    response = admin_client.get(url, follow=True)

    assert not child_model.can_create_at(parent)
    assert response.redirect_chain[0] == ("/admin/", 302)
    assert "do not have permission" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("parent_model", "child_model"), VALID, ids=map(_ids, VALID))
def test_admin_offers_valid_child(admin_client, parent_model, child_model):
    parent = page_in(parent_model, "en")
    meta = child_model._meta
    url = reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])

    response = admin_client.get(url)

    assert response.status_code == 200


@pytest.mark.django_db
def test_second_home_page_under_a_home_is_refused(home):
    assert not HomePage.can_create_at(home)
