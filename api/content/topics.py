"""What the API shows of topics and therapies, and which of them apps may write."""

from api import add_page_field, register_page_type
from api.relations import child_objects, links
from api.schemas import PageLink
from topics.models import (
    TherapyIndexPage,
    TherapyPage,
    TopicIndexPage,
    TopicPage,
    therapy_keys_by_topic,
)


def therapies_of_topics(topics, ctx):
    """The therapies each topic page lists, in its order, for every topic at once: read
    as keys (the therapy pages are never built) and resolved in the reader's language
    with the answer's other links, the lookup ``TopicPage.therapies`` makes."""
    keys = therapy_keys_by_topic({topic.translation_key for topic in topics})
    return {
        topic.pk: [ctx.link_key(key, topic) for key in keys.get(topic.translation_key, [])]
        for topic in topics
    }


def topics_of_therapies(therapies, ctx):
    children = child_objects(therapies, ctx, "topic_links", links_to=["topic"])
    return {
        therapy.pk: links(ctx, therapy, [link.topic for link in children[therapy.pk]])
        for therapy in therapies
    }


def register():
    register_page_type(TopicIndexPage, summary=["introduction"])
    register_page_type(TherapyIndexPage, summary=["introduction"])
    review_dates = ["next_review_due", "last_reviewed"]
    register_page_type(TopicPage, summary=["summary"], writable=True, filters=review_dates)
    add_page_field(TopicPage, "therapies", list[PageLink], therapies_of_topics)
    register_page_type(
        TherapyPage,
        summary=["therapy_type", "intent", "summary"],
        exclude=["topic_links"],
        writable=True,
        filters=["therapy_type", "intent", *review_dates],
    )
    add_page_field(TherapyPage, "topics", list[PageLink], topics_of_therapies)
