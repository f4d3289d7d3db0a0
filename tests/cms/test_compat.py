"""Each patch in ``cms.compat`` does what it says (one test per seam, see docs/upgrading.md)."""

import pytest

import modelcluster.models
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from cms import integrity
from home.models import ContentPage, MetaMenu, MetaMenuItem
from topics.models import TopicPage

from ..utils import english_topic, translate


@pytest.mark.django_db
def test_every_page_publish_passes_the_gate(users):
    page = english_topic("Gallstones", "gallstones", publish=False)
    revision = page.save_revision(user=users["editor"])

    with integrity.as_system(), pytest.raises(integrity.IntegrityViolation):
        PublishPageRevisionAction(revision, user=None).execute()

    assert not TopicPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_a_draft_of_a_live_translation_is_a_revision_not_the_live_row(commit):
    english = english_topic("Gallstones", "gallstones")
    german = translate(english, "de", commit)
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=german.locale
    )
    StringTranslation.objects.filter(locale=german.locale, data=german.title).update(
        data="Neuer Entwurf"
    )

    with integrity.as_system():
        translation.save_target(publish=False)

    live = TopicPage.objects.get(pk=german.pk)
    assert live.title == german.title
    assert live.get_latest_revision_as_object().title == "Neuer Entwurf"


def _change_slug(page, slug, commit):
    draft = page.get_latest_revision_as_object()
    draft.slug = slug
    revision = draft.save_revision()
    if page.live:
        commit(revision.publish)
    else:
        commit(draft.save)


@pytest.mark.django_db
def test_a_page_never_published_leaves_no_redirect_behind(commit):
    page = english_topic("Gallstones", "gallstones", publish=False)

    _change_slug(page, "gallstones-renamed", commit)

    assert not Redirect.objects.filter(old_path__contains="gallstones").exists()


@pytest.mark.django_db
def test_a_first_publish_under_a_new_slug_leaves_no_redirect_behind(commit):
    page = english_topic("Gallstones", "gallstones", publish=False)
    draft = page.get_latest_revision_as_object()
    draft.slug = "gallstones-final"

    commit(draft.save_revision().publish)

    assert TopicPage.objects.get(pk=page.pk).slug == "gallstones-final"
    assert not Redirect.objects.filter(old_path__contains="gallstones").exists()


@pytest.mark.django_db
def test_a_live_page_still_gets_its_redirect(commit):
    page = english_topic("Gallstones", "gallstones")

    _change_slug(page, "gallstones-renamed", commit)

    redirect = Redirect.objects.get(old_path__contains="gallstones")
    assert redirect.redirect_page_id == page.pk
    assert redirect.automatically_created


@pytest.mark.django_db
def test_indexed_text_passes_through_the_backends_index_text(home, commit):
    """``database_indexers_analyse_text``: the stored title has the plain spellings (and,
    on SQLite, the stems) that ``search.analysis`` adds; autocomplete text is unchanged."""
    from django.db import connection

    from wagtail.search.models import IndexEntry

    page = commit(home.add_child, instance=ContentPage(title="Zürich resections", slug="zr"))

    entry = IndexEntry.objects.get(object_id=str(page.pk), content_type_id=page.content_type_id)

    assert "zuerich" in str(entry.title)
    assert "zuerich" not in str(entry.autocomplete)
    if connection.vendor == "sqlite":
        assert "resect" in str(entry.title).split()


@pytest.mark.django_db
def test_rows_read_from_the_database_skip_modelclusters_relation_scan(monkeypatch):
    """``clusterable_models_built_from_rows_without_a_scan``: rows are built without
    listing the model's child relations; child objects passed by name still are."""
    calls = []
    scan = modelcluster.models.get_all_child_relations

    def counted(model):
        calls.append(model)
        return scan(model)

    monkeypatch.setattr(modelcluster.models, "get_all_child_relations", counted)

    topics = list(TopicPage.objects.all()[:3])
    assert topics and calls == []

    menu = MetaMenu(locale=Locale.get_default(), items=[MetaMenuItem(label="Suche", kind="search")])
    assert calls
    assert [item.label for item in menu.items.all()] == ["Suche"]
