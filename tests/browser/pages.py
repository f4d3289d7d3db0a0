"""Which pages the browser tests visit: one live page of every type, in every language."""

from django.urls import reverse
from django.utils import translation

from home.models import ContentPage, HomePage
from specialists.models import SpecialistIndexPage, SpecialistPage
from topics.models import TherapyIndexPage, TherapyPage, TopicIndexPage, TopicPage

from ..utils import page_in

LANGUAGES = ["en", "de", "fr", "it"]
PAGE_TYPES = {
    "home": HomePage,
    "content": ContentPage,
    "topic-index": TopicIndexPage,
    "topic": TopicPage,
    "therapy-index": TherapyIndexPage,
    "therapy": TherapyPage,
    "specialist-index": SpecialistIndexPage,
    "specialist": SpecialistPage,
}
# Leichte Sprache has the home page, the sections, the topic and two therapies.
EASY_LANGUAGE = "de-x-ls"
EASY_PAGE_TYPES = ["home", "topic-index", "topic", "therapy-index", "therapy"]
VIEWS = {"search": ("search", "?q=liver"), "settings": ("accessibility_settings", "")}
MODES = {
    "default": None,
    "high-contrast": "contrast:high",
    "dark": "contrast:dark",
    "text-200": "text:200",
}


def page_urls():
    urls = {}
    for language in LANGUAGES:
        for name, model in PAGE_TYPES.items():
            urls[name, language] = page_in(model, language).get_url()
        with translation.override(language):
            for name, (view, query) in VIEWS.items():
                urls[name, language] = reverse(view) + query
    for name in EASY_PAGE_TYPES:
        urls[name, EASY_LANGUAGE] = page_in(PAGE_TYPES[name], EASY_LANGUAGE).get_url()
    return urls
