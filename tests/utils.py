"""Helpers shared by several test modules."""

from wagtail.models import Page


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
