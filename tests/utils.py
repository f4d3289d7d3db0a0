"""Helpers shared by several test modules."""

from wagtail.models import Page

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
