"""The admin reports translators and reviewers work from."""

import datetime

import pytest

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page

from topics.models import TherapyPage, TopicPage


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
def test_translations_report_shows_matrix_and_totals(client):
    therapy = TherapyPage.objects.get(slug="sirt", locale__language_code="en")
    therapy.summary += " Updated."
    therapy.save_revision().publish()
    login(client, "translator_de")

    response = client.get(reverse("cms_translations_report"))

    assert response.status_code == 200
    totals = {t["locale"].language_code: t for t in response.context["totals"]}
    pages = Page.objects.filter(locale__language_code="en", depth__gte=2).count()
    assert totals["de"]["counts"]["outdated"] == 1
    assert totals["de"]["up_to_date"] == pages - 1
    assert totals["de"]["percent"] == round(100 * (pages - 1) / pages)
    assert totals["fr"]["counts"]["outdated"] == 1
    html = response.content.decode()
    assert reverse("cms_export_locale", args=["de"]) in html


@pytest.mark.django_db
def test_translations_report_filters_by_locale_status_and_section(client):
    therapy = TherapyPage.objects.get(slug="hifu", locale__language_code="en")
    therapy.summary += " Updated."
    therapy.save_revision().publish()
    login(client, "translator_de")
    section = therapy.get_parent()

    response = client.get(
        reverse("cms_translations_report"),
        {"locale": "de", "status": "outdated", "section": section.pk},
    )

    rows = response.context["rows"]
    assert [row["page"].pk for row in rows] == [therapy.pk]
    assert [locale.language_code for locale in response.context["locales"]] == ["de"]
    german = therapy.get_translation(rows[0]["cells"][0][0])
    assert reverse("cms_sync_page", args=[german.pk]) in response.content.decode()


@pytest.mark.django_db
def test_dashboard_tells_translators_what_is_outdated(client):
    for slug in ("tace", "sirt"):
        page = TherapyPage.objects.get(slug=slug, locale__language_code="en")
        page.summary += " Updated."
        page.save_revision().publish()
    login(client, "translator_de")

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    # translator_de works with the admin in German
    assert "2 Seiten auf Deutsch veraltet" in html
    panel = html.split("translation-work-heading", 1)[1].split("</section>")[0]
    assert "Französisch" not in panel


@pytest.mark.django_db
def test_review_due_report_lists_overdue_and_soon(client):
    today = timezone.localdate()
    topic = TopicPage.objects.get(locale__language_code="en")
    topic.next_review_due = today - datetime.timedelta(days=3)
    topic.save_revision().publish()
    therapy = TherapyPage.objects.get(slug="hifu", locale__language_code="en")
    therapy.next_review_due = today + datetime.timedelta(days=10)
    therapy.save_revision().publish()
    login(client, "admin")

    response = client.get(reverse("cms_review_due_report"))

    assert [p.pk for p in response.context["overdue"]] == [topic.pk]
    assert [p.pk for p in response.context["due_soon"]] == [therapy.pk]


@pytest.mark.django_db
def test_translator_cannot_publish_own_translation(client):
    german = TherapyPage.objects.get(slug="hifu", locale__language_code="de")
    user = get_user_model().objects.get(username="translator_de")

    assert german.permissions_for_user(user).can_edit()
    assert not german.permissions_for_user(user).can_publish()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("reviewer", 200),
        ("editor", 200),
        ("admin", 200),
        ("translator_de", 403),
        ("translation_reviewer_de", 403),
    ],
)
def test_review_due_report_is_for_reviewers_and_editors(client, username, status):
    login(client, username)

    response = client.get(reverse("cms_review_due_report"))
    reports_menu = client.get(reverse("wagtailadmin_home")).content.decode()

    if status == 200:
        assert response.status_code == 200
    else:  # Wagtail's admin answers a refusal with a redirect and a message
        assert response.status_code == 403 or response["Location"] == reverse("wagtailadmin_home")
    assert (reverse("cms_review_due_report") in reports_menu) == (status == 200)


@pytest.mark.django_db
def test_there_is_one_translations_report(client):
    login(client, "translator_de")

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    localize = client.get("/admin/localize/reports/translations/?locale=de")

    assert reverse("cms_translations_report") in home
    assert reverse("wagtail_localize:translations_report") not in home
    assert localize.status_code == 302
    assert localize["Location"] == reverse("cms_translations_report") + "?locale=de"


@pytest.mark.django_db
def test_editors_see_every_languages_status_in_the_side_panel(client):
    topic = TopicPage.objects.get(locale__language_code="en")
    login(client, "editor")

    page = client.get(reverse("wagtailadmin_pages:edit", args=[topic.pk])).content.decode()

    assert "No other translations" not in page
    assert "German" in page and "Up to date" in page


@pytest.mark.django_db
def test_report_links_are_ones_each_role_may_open(client):
    german = TopicPage.objects.get(locale__language_code="de")
    login(client, "editor")

    report = client.get(reverse("cms_translations_report")).content.decode()

    assert reverse("wagtailadmin_pages:edit", args=[german.pk]) not in report
    assert reverse("cms_view_translation", args=[german.pk]) in report
    login(client, "translator_de")
    report = client.get(reverse("cms_translations_report")).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[german.pk]) in report
