"""Hidden content in every state the leak matrix covers, each with its own markers.

Every state creates a therapy and a specialist (and, where it can be hidden, a topic)
whose title, slug and body words are unique to that state, linked to the visible demo
content so that related-content lists, the finder and search would show them if
anything leaked. ``expose`` then points visible content at the hidden pages the way
editors do: a visible specialist names them as topic and therapy (finder options), the
visible topic's body links to them (rich text), and their slugs change (redirects).
"""

from django.contrib.auth.models import Group

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail_localize.models import Translation, TranslationSource

from specialists.models import (
    SpecialistIndexPage,
    SpecialistPage,
    SpecialistTherapy,
    SpecialistTopic,
)
from topics.models import TherapyIndexPage, TherapyPage, TherapyTopic, TopicPage

VISIBLE_TOPIC_SLUG = "liver-metastases"

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


def _topic(state, parent, live=True):
    m = markers(state)
    topic = TopicPage(
        title=f"{m['title']} topic",
        slug=f"{m['slug']}-topic",
        summary=f"{m['body']} topic summary",
        live=live,
    )
    parent.add_child(instance=topic)
    revision = topic.save_revision()
    if live:
        revision.publish()
    return Page.objects.get(pk=topic.pk).specific


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
        hidden_topic = _topic(state, topic.get_parent(), live=False)
        return [therapy, _specialist(state, finder, therapy, live=False), hidden_topic]

    if state == "unpublished":
        therapy = _therapy(state, index, topic)
        specialist = _specialist(state, finder, therapy)
        hidden_topic = _topic(state, topic.get_parent())
        for page in (therapy, specialist, hidden_topic):
            page.unpublish()
        return [therapy, specialist, hidden_topic]

    if state in ("private_password", "private_login"):
        therapy = _therapy(state, index, topic)
        specialist = _specialist(state, finder, therapy)
        hidden_topic = _topic(state, topic.get_parent())
        for page in (therapy, specialist, hidden_topic):
            if state == "private_password":
                PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
                )
            else:
                restriction = PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.GROUPS
                )
                restriction.groups.set([Group.objects.get(name="Editors")])
        return [therapy, specialist, hidden_topic]

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


def expose(state, hidden, run_on_commit):
    """Point visible content at ``hidden``; returns the links' text, which is visible."""
    english = Locale.objects.get(language_code="en")
    specialist = (
        SpecialistPage.objects.live()
        .public()
        .filter(locale=english)
        .exclude(pk__in=[page.pk for page in hidden])
    ).first()
    for page in hidden:
        if isinstance(page, TopicPage):
            specialist.topic_links.add(SpecialistTopic(topic=page))
        elif isinstance(page, TherapyPage):
            specialist.therapy_links.add(SpecialistTherapy(therapy=page))
    run_on_commit(specialist.save_revision().publish)

    topic = TopicPage.objects.get(locale=english, slug=VISIBLE_TOPIC_SLUG)
    links = "".join(
        f'<p>See <a linktype="page" id="{page.pk}">further reading {number}</a>.</p>'
        for number, page in enumerate(hidden)
    )
    topic.body.append(("paragraph", RichText(links)))
    run_on_commit(topic.save_revision().publish)

    if state != "in_workflow":  # its hidden part is a revision, not the row's slug
        for page in hidden:
            page = Page.objects.get(pk=page.pk).specific
            page.slug = f"{page.slug}-moved"
            run_on_commit(page.save)
