"""Helpers shared by several test modules."""

import contextlib
import logging
import socket

from wagtail.models import Page

from cms import metrics
from home.models import ContentPage, HomePage
from specialists.models import SpecialistIndexPage, SpecialistPage
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

# Every page type a visitor can reach, in tree order.
PAGE_TYPES = [
    HomePage,
    ContentPage,
    TopicIndexPage,
    TopicPage,
    TherapyIndexPage,
    TherapyPage,
    SpecialistIndexPage,
    SpecialistPage,
]


def page_in(model, language_code, **filters):
    """The first live page of ``model`` in a language."""
    return (
        model.objects.live()
        .filter(locale__language_code=language_code, **filters)
        .order_by("path")
        .first()
    )


def descendants(language_code):
    return Page.objects.filter(locale__language_code=language_code, depth__gte=2)


def english_topic(title="Bone metastases", slug="bone-metastases", publish=True, user=None):
    """A topic page with a StreamField body under the English topics index (factories)."""
    from .factories import ARTICLE_BODY, TopicPageFactory

    index = TopicIndexPage.objects.get(locale__language_code="en")
    page = TopicPageFactory(parent=index, title=title, slug=slug, live=False, **ARTICLE_BODY)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish(user=user)
    return TopicPage.objects.get(pk=page.pk)


def translate(source, language_code, commit, publish=True):
    """A wagtail-localize translation of ``source`` with every string filled in."""
    from wagtail.models import Locale
    from wagtail_localize.models import StringSegment, StringTranslation

    from cms import exchange

    locale = Locale.objects.get(language_code=language_code)
    translation = exchange.start_translation(source, locale)
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": f"{segment.string.data} [{language_code}]"},
        )
    commit(translation.save_target, publish=publish)
    return TopicPage.objects.get(translation_key=source.translation_key, locale=locale)


def free_port():
    """A TCP port nobody listens on now (for a server a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def log_records(*names, level=logging.INFO):
    """The records of loggers ``names`` as production's handler sees them: with the
    request id its filter (``cms.metrics.RequestIdFilter``) puts on each."""
    records = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collect()
    handler.addFilter(metrics.RequestIdFilter())
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(level)
    try:
        yield records
    finally:
        for logger, previous in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(previous)
