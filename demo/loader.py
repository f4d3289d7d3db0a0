"""Build the demo site: source pages, snippets, and wagtail-localize translations.

Idempotent: every step looks for what it would create (by slug under its parent, by
name, by translation) and leaves existing content alone, so editors' changes survive
a second run.
"""

from pathlib import Path

import polib

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource

from cms import integrity
from cms.roles import setup_roles
from home.models import (
    AccessibilityLabels,
    ContentPage,
    FooterLink,
    FooterMenu,
    HomeFeaturedTopic,
    HomePage,
    MetaMenu,
    MetaMenuItem,
)
from search.models import SearchSynonym
from specialists.models import (
    SpecialistIndexPage,
    SpecialistLanguage,
    SpecialistPage,
    SpecialistSpecialty,
    SpecialistTherapy,
    SpecialistTopic,
    Specialty,
)
from topics.models import (
    Reference,
    TherapyIndexPage,
    TherapyPage,
    TherapyTopic,
    TopicIndexPage,
    TopicPage,
)

from . import content

CATALOG_DIR = Path(__file__).resolve().parent / "translations"


def load_catalog(language_code):
    """Source string -> translation, from ``translations/<code>.po``.

    The source is English, except for a derived language: ``de-x-ls.po`` maps German text
    to Leichte Sprache.
    """
    path = CATALOG_DIR / f"{language_code}.po"
    if not path.exists():
        return {}
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr}


class DemoLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created = 0

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def run(self):
        """Build everything; each step commits on its own.

        wagtail-localize publishes a translation in ``on_commit``; one transaction
        around the whole run would publish stale copies of parents created earlier.
        """
        with integrity.administration("load_demo"):
            self._run()

    def _run(self):
        self.log("Locales …")
        self.locales = {
            code: Locale.objects.get_or_create(language_code=code)[0]
            for code, _name in settings.LANGUAGES
        }
        self.source = self.locales[settings.CMS_SOURCE_LOCALE]
        self.log("Home page and site …")
        home = self.home_page()
        self.log("Specialties …")
        specialties = {name: self.specialty(name) for name in content.SPECIALTIES}
        self.log("Sections …")
        topics_index = self.child(home, TopicIndexPage, content.TOPIC_INDEX, show_in_menus=True)
        therapy_index = self.child(
            home, TherapyIndexPage, content.THERAPY_INDEX, show_in_menus=True
        )
        finder = self.child(home, SpecialistIndexPage, content.SPECIALIST_INDEX, show_in_menus=True)
        content_pages = {
            data["slug"]: self.child(home, ContentPage, data, body=data["body"])
            for data in content.CONTENT_PAGES
        }
        self.log("Therapies …")
        therapies = {
            data["slug"]: self.child(therapy_index, TherapyPage, data, body=data["body"])
            for data in content.THERAPIES
        }
        self.log("Topic: liver metastases …")
        topic = self.topic(topics_index, therapies, finder)
        self.link_therapies_to_topic(therapies.values(), topic)
        if not home.featured_topics.exists():
            home.featured_topics = [HomeFeaturedTopic(page=topic)]
            home.finder_page = finder
            home.save_revision().publish()
        self.log("Specialists …")
        for data in content.SPECIALISTS:
            self.specialist(finder, data, specialties, therapies, topic)
        synonyms = [self.synonym(terms) for terms in content.SEARCH_SYNONYMS]
        self.log(f"Source pages ready ({self.created} created).")
        self.log("Meta menu and accessibility labels …")
        chrome = [
            self.meta_menu(content_pages),
            self.footer(content_pages),
            self.accessibility_labels(),
        ]
        self.translate_all(home, [*specialties.values(), *synonyms, *chrome])
        self.translate_derived(home, [topics_index, therapy_index, topic])
        self.log("Search promotions …")
        self.promotions()
        self.log("Roles …")
        setup_roles()

    def home_page(self):
        home = HomePage.objects.filter(locale=self.source, depth=2).first()
        if home is None:
            root = Page.get_first_root_node()
            for placeholder in root.get_children().filter(content_type__model="page"):
                placeholder.delete()
            home = HomePage(
                title=content.HOME["title"],
                slug=content.HOME["slug"],
                locale=self.source,
                introduction=content.HOME["introduction"],
                finder_heading=content.HOME["finder_heading"],
                finder_text=content.HOME["finder_text"],
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created += 1
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": "localhost",
                "port": 80,
                "root_page": home,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
        return home

    def child(self, parent, model, data, **extra):
        existing = parent.get_children().filter(slug=data["slug"]).specific().first()
        if existing is not None:
            return existing
        fields = {
            name: value
            for name, value in data.items()
            if name in {field.name for field in model._meta.get_fields()}
        }
        fields.update(extra)
        if issubclass(model, TherapyPage | TopicPage):
            fields.update(
                reviewed_by=content.REVIEWED_BY,
                last_reviewed=content.LAST_REVIEWED,
                next_review_due=content.NEXT_REVIEW_DUE,
            )
        page = model(**fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page

    def specialty(self, name):
        return Specialty.objects.get_or_create(name=name, locale=self.source)[0]

    def synonym(self, terms):
        return SearchSynonym.objects.get_or_create(terms=terms, locale=self.source)[0]

    def promotions(self):
        """One promoted result per language, unless editors already promote for that query."""
        for code, (query_string, slug, description) in content.SEARCH_PROMOTIONS.items():
            query = Query.get(query_string)
            source = Page.objects.filter(slug=slug, locale=self.source).first()
            page = source and source.get_translation_or_none(self.locales[code])
            if page is not None and not SearchPromotion.objects.filter(query=query).exists():
                SearchPromotion.objects.create(
                    query=query, page=page, description=description, sort_order=0
                )

    def meta_menu(self, content_pages):
        menu = MetaMenu.objects.filter(locale=self.source).first()
        if menu is None:
            menu = MetaMenu(locale=self.source)
            menu.items = [
                MetaMenuItem(
                    kind=item["kind"],
                    label=item["label"],
                    link_page=content_pages.get(item.get("page")),
                    locale=self.source,
                )
                for item in content.META_MENU
            ]
            menu.save()
        return menu

    def footer(self, content_pages):
        footer = FooterMenu.objects.filter(locale=self.source).first()
        if footer is None:
            footer = FooterMenu(locale=self.source, publisher=content.FOOTER["publisher"])
            footer.links = [
                FooterLink(label=label, link_page=content_pages[slug], locale=self.source)
                for label, slug in content.FOOTER["links"]
            ]
            footer.save()
        return footer

    def accessibility_labels(self):
        labels = AccessibilityLabels.objects.filter(locale=self.source).first()
        if labels is None:
            labels = AccessibilityLabels.objects.create(
                locale=self.source, **content.ACCESSIBILITY_LABELS
            )
        return labels

    def topic(self, index, therapies, finder):
        data = content.TOPIC
        existing = index.get_children().filter(slug=data["slug"]).specific().first()
        if existing is not None:
            return existing
        body = []
        for block_type, value in data["body"]:
            if block_type == "therapy_links":
                value = {**value, "therapies": list(therapies.values())}
            elif block_type == "call_to_action":
                value = {**value, "page": finder}
            body.append((block_type, value))
        return self.child(
            index,
            TopicPage,
            data,
            body=body,
            references=[Reference(**ref) for ref in data["references"]],
        )

    def link_therapies_to_topic(self, therapies, topic):
        for therapy in therapies:
            if not therapy.topic_links.exists():
                therapy.topic_links = [TherapyTopic(topic=topic)]
                therapy.save_revision().publish()

    def specialist(self, finder, data, specialties, therapies, topic):
        names = [
            data.get("academic_title", ""),
            data.get("given_name", ""),
            data.get("family_name", ""),
        ]
        title = data.get("organisation_name") or " ".join(part for part in names if part)
        latitude, longitude = data.get("coordinates", (None, None))
        slug = data.get("slug") or slugify(title)
        page_data = {
            "slug": slug,
            "title": title,
            **{
                key: data[key]
                for key in (
                    "kind",
                    "academic_title",
                    "given_name",
                    "family_name",
                    "organisation_name",
                    "focus",
                    "city",
                    "region",
                    "postcode",
                    "country",
                )
                if key in data
            },
        }
        return self.child(
            finder,
            SpecialistPage,
            page_data,
            latitude=latitude,
            longitude=longitude,
            is_sample=data["sample"],
            phone="+41 44 000 00 00" if data["sample"] and data.get("country") == "CH" else "",
            email=f"{slug}@example.org" if data["sample"] else "",
            specialty_links=[
                SpecialistSpecialty(specialty=specialties[s]) for s in data["specialties"]
            ],
            therapy_links=[SpecialistTherapy(therapy=therapies[t]) for t in data["therapies"]],
            topic_links=[SpecialistTopic(topic=topic)],
            spoken_languages=[SpecialistLanguage(language=code) for code in data["languages"]],
        )

    def translate_all(self, home, snippets):
        sources = list(snippets) + [
            page.specific for page in home.get_descendants(inclusive=True).order_by("path")
        ]
        for code, locale in self.locales.items():
            if locale == self.source or code in settings.CMS_DERIVED_LANGUAGES:
                continue
            catalog = load_catalog(code)
            done = 0
            for instance in sources:
                done += self.translate(instance, locale, catalog)
            self.log(f"Translations into {code}: {done} created.")

    def translate_derived(self, home, sections):
        """Leichte Sprache of the home page, the topic and two therapies, from German.

        Translated from the live German pages (the gate refuses any other source), in
        tree order so each parent exists first; other pages stay German-only, and the
        header links them to the Leichte Sprache home page.
        """
        slugs = set(content.EASY_LANGUAGE_THERAPIES)
        pages = [home, *sections]
        pages += [
            page
            for page in TherapyPage.objects.filter(locale=self.source, slug__in=slugs).order_by(
                "path"
            )
        ]
        for code, base in settings.CMS_DERIVED_LANGUAGES.items():
            catalog = load_catalog(code)
            done = 0
            for page in sorted(pages, key=lambda page: page.path):
                german = page.get_translation_or_none(self.locales[base])
                if german is not None:
                    done += self.translate(german.specific, self.locales[code], catalog)
            self.log(f"Translations into {code} (from {base}): {done} created.")

    @transaction.atomic
    def translate(self, instance, locale, catalog):
        """Translate ``instance`` through wagtail-localize, filling strings from ``catalog``."""
        if instance.get_translation_or_none(locale) is not None:
            return 0
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        po = translation.export_po()
        for entry in po:
            entry.msgstr = catalog.get(entry.msgid, "")
        translation.import_po(po, tool_name="demo catalog")
        translation.save_target(publish=True)
        return 1


def catalog_template(home):
    """All source strings of the demo, as a PO template for translators."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=utf-8"}
    seen = set()
    snippets = [
        *Specialty.objects.filter(locale=home.locale),
        *SearchSynonym.objects.filter(locale=home.locale),
        *MetaMenu.objects.filter(locale=home.locale),
        *FooterMenu.objects.filter(locale=home.locale),
        *AccessibilityLabels.objects.filter(locale=home.locale),
    ]
    for instance in snippets + [
        page.specific for page in home.get_descendants(inclusive=True).order_by("path")
    ]:
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        for entry in source.export_po():
            if entry.msgid not in seen:
                seen.add(entry.msgid)
                po.append(polib.POEntry(msgid=entry.msgid, msgstr="", comment=entry.msgctxt))
    return po
