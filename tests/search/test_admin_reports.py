"""Editors see popular and zero-result searches in the Wagtail admin."""

from io import StringIO

import pytest

from django.contrib.auth.models import Group, User
from django.core.management import call_command

from cms.roles import EDITORS, setup_roles

from .helpers import search_page


@pytest.fixture
def editor(db):
    setup_roles()
    user = User.objects.create_user("search-editor", password="pw")
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.mark.django_db
def test_editor_sees_zero_result_and_popular_queries(client, editor):
    search_page(client, "de", q="Quallenstich")
    search_page(client, "fr", q="métastases")
    call_command("flush_search_statistics", stdout=StringIO())
    client.force_login(editor)

    zero = client.get("/admin/reports/searches/zero-results/").content.decode()
    popular = client.get("/admin/reports/searches/popular/").content.decode()

    assert "quallenstich" in zero and "métastases" not in zero
    assert "métastases" in popular and "quallenstich" in popular


@pytest.mark.django_db
def test_report_can_be_filtered_by_language(client, editor, locales):
    search_page(client, "de", q="Quallenstich")
    search_page(client, "fr", q="méduse")
    call_command("flush_search_statistics", stdout=StringIO())
    client.force_login(editor)

    html = client.get("/admin/reports/searches/zero-results/", {"locale": locales["fr"].pk})

    assert "méduse" in html.content.decode() and "quallenstich" not in html.content.decode()


@pytest.mark.django_db
def test_users_without_permission_cannot_see_the_report(client, db):
    user = User.objects.create_user("visitor", password="pw")
    client.force_login(user)

    response = client.get("/admin/reports/searches/popular/")

    assert response.status_code in {302, 403}


@pytest.mark.django_db
def test_editors_manage_synonyms_as_snippets(client, editor):
    client.force_login(editor)

    response = client.get("/admin/snippets/search/searchsynonym/?locale=en")

    assert response.status_code == 200
    assert "liver secondaries" in response.content.decode()
