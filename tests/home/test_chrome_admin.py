"""Editors manage the menu, the labels and the defaults in the Wagtail admin."""

import pytest

from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.models import Site

from home.models import AccessibilityLabels, MetaMenu, MetaMenuItem


@pytest.mark.django_db
def test_menu_edit_form_explains_the_fallback(admin_client):
    menu = MetaMenu.objects.get(locale__language_code="en")

    response = admin_client.get(reverse("wagtailsnippets_home_metamenu:edit", args=[menu.pk]))

    assert response.status_code == 200
    assert "shows the menu of the source language" in response.content.decode()


@pytest.mark.django_db
def test_labels_edit_form_opens(admin_client):
    labels = AccessibilityLabels.objects.get(locale__language_code="de")

    url = reverse("wagtailsnippets_home_accessibilitylabels:edit", args=[labels.pk])

    assert admin_client.get(url).status_code == 200


@pytest.mark.django_db
def test_visitor_defaults_are_a_site_setting(admin_client):
    site = Site.objects.get(is_default_site=True)

    response = admin_client.get(
        reverse("wagtailsettings:edit", args=["home", "visitordefaults", site.pk])
    )

    assert response.status_code == 200
    assert "text_size" in response.content.decode()


@pytest.mark.django_db
def test_emergency_item_needs_a_page_or_url():
    menu = MetaMenu.objects.get(locale__language_code="en")
    item = MetaMenuItem(menu=menu, kind="emergencies", label="Help", locale=menu.locale)

    with pytest.raises(ValidationError):
        item.full_clean()
