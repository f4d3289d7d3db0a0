"""Hidden content in every state the leak matrix covers, each with its own markers.

Every state creates a therapy and a specialist whose title, slug and body words are
unique to that state, linked to the visible demo content so that related-content lists,
the finder and search would show them if anything leaked.
"""

from django.contrib.auth.models import Group

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail_localize.models import Translation, TranslationSource

from specialists.models import SpecialistIndexPage, SpecialistPage, SpecialistTherapy
from topics.models import TherapyIndexPage, TherapyPage, TherapyTopic, TopicPage

STATES = [
    "draft",
    "unpublished",
    "private_password",
    "private_login",
    "translation_draft",
    "in_workflow",
]


def markers(state):
    word = state.replace("_", "")
    return {
        "title": f"Zyxqua{word}",
        "slug": f"zyxqua-{word}",
        "body": f"Quoxbody{word}",
    }


def _therapy(state, index, topic, live=True):
    m = markers(state)
    therapy = TherapyPage(
        title=f"{m['title']} therapy",
        slug=m["slug"],
        summary=f"{m['body']} summary",
        therapy_type="surgery",
        intent="curative",
        live=live,
        topic_links=[TherapyTopic(topic=topic)],
    )
    index.add_child(instance=therapy)
    revision = therapy.save_revision()
    if live:
        revision.publish()
    return Page.objects.get(pk=therapy.pk).specific


def _specialist(state, finder, therapy, live=True):
    m = markers(state)
    specialist = SpecialistPage(
        title=f"Dr {m['title']}",
        slug=f"{m['slug']}-dr",
        given_name="Quinn",
        family_name=m["title"],
        focus=f"{m['body']} focus",
        city="Zürich",
        country="CH",
        latitude=47.3769,
        longitude=8.5417,
        live=live,
        therapy_links=[SpecialistTherapy(therapy=therapy)],
    )
    finder.add_child(instance=specialist)
    revision = specialist.save_revision()
    if live:
        revision.publish()
    return Page.objects.get(pk=specialist.pk).specific


def build(state, run_on_commit):
    """Create the hidden content for ``state``; returns the pages visitors must not see."""
    english = Locale.objects.get(language_code="en")
    index = TherapyIndexPage.objects.get(locale=english)
    finder = SpecialistIndexPage.objects.get(locale=english)
    topic = TopicPage.objects.get(locale=english)
    m = markers(state)

    if state == "draft":
        therapy = _therapy(state, index, topic, live=False)
        return [therapy, _specialist(state, finder, therapy, live=False)]

    if state == "unpublished":
        therapy = _therapy(state, index, topic)
        specialist = _specialist(state, finder, therapy)
        therapy.unpublish()
        specialist.unpublish()
        return [therapy, specialist]

    if state in ("private_password", "private_login"):
        therapy = _therapy(state, index, topic)
        specialist = _specialist(state, finder, therapy)
        for page in (therapy, specialist):
            if state == "private_password":
                PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
                )
            else:
                restriction = PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.GROUPS
                )
                restriction.groups.set([Group.objects.get(name="Editors")])
        return [therapy, specialist]

    if state == "translation_draft":
        therapy = TherapyPage.objects.get(slug="hifu", locale=english)
        german = Locale.objects.get(language_code="de")
        source, _created = TranslationSource.get_or_create_from_instance(therapy)
        live_german = therapy.get_translation(german)
        live_german.delete()
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=german
        )
        po = translation.export_po()
        for entry in po:
            if entry.msgid == therapy.title:
                entry.msgstr = f"{m['title']} Therapie"
            elif entry.msgid == therapy.slug:
                entry.msgstr = m["slug"]
            elif entry.msgid == therapy.summary:
                entry.msgstr = f"{m['body']} Zusammenfassung"
        translation.import_po(po)
        run_on_commit(translation.save_target, publish=False)
        return [therapy.get_translation(german).specific]

    if state == "in_workflow":
        therapy = TherapyPage.objects.get(slug="sirt", locale=english)
        draft = therapy.get_latest_revision_as_object()
        draft.title = f"{m['title']} therapy"
        draft.summary = f"{m['body']} summary"
        draft.slug = m["slug"]
        revision = draft.save_revision()
        therapy.get_workflow().start(therapy, user=None)
        assert revision.pk == Page.objects.get(pk=therapy.pk).latest_revision_id
        return [therapy]

    raise ValueError(state)
