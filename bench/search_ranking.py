"""Measure ranked SQLite search on a generated corpus: modelsearch's backend vs ours.

    .venv/bin/python bench/search_ranking.py --pages 5000

Builds a throwaway SQLite database (``--db``, default in the temp folder), fills it with
``--pages`` content pages that all contain a common term, then times the first result
page plus the count, as the site search asks for them, with both backends. Prints the
timings and our query plan. Not part of the test run: timings depend on the machine.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = [
    "liver", "metastases", "surgery", "chemotherapy", "ablation", "radiotherapy", "tumour",
    "bowel", "cancer", "colorectal", "portal", "vein", "resection", "embolisation",
    "oncology", "scan", "recovery", "outlook",
]  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--term", default="liver")
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "bench-search.sqlite3"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-stock", action="store_true", help="only time our backend")
    return parser.parse_args()


def setup_django(db_path):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()


def build_corpus(pages):
    """Create ``pages`` content pages under one home page (skipped if already there)."""
    import random

    from django.core.management import call_command
    from django.db import transaction

    from wagtail.models import Locale, Page

    from home.models import ContentPage, HomePage

    call_command("migrate", verbosity=0)
    locale = Locale.objects.get_or_create(language_code="en")[0]
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        root = Page.get_first_root_node()
        root.get_children().delete()
        root.refresh_from_db()
        home = root.add_child(instance=HomePage(title="Bench home", slug="bench", locale=locale))
    existing = ContentPage.objects.count()
    rng = random.Random(42)
    started = time.perf_counter()
    with transaction.atomic():
        for number in range(existing, pages):
            text = " ".join(rng.choice(WORDS) for _ in range(60))
            home.add_child(
                instance=ContentPage(
                    title=f"{rng.choice(WORDS).title()} page {number}",
                    slug=f"page-{number}",
                    summary=text,
                    locale=locale,
                )
            )
    if pages > existing:
        print(f"created {pages - existing} pages in {time.perf_counter() - started:.1f} s")
    return locale


def time_search(backend_path, term, locale, repeat):
    from django.db import connection, reset_queries

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend(backend_path)
    best = None
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        results = backend.search(term, Page.objects.live().filter(locale=locale))
        first_page = list(results[:10])
        total = results.count()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best, total, len(first_page), len(connection.queries)


def main():
    args = parse_args()
    setup_django(args.db)
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = True  # record queries for the count below
    locale = build_corpus(args.pages)
    print(f"corpus: {args.pages} pages, term {args.term!r}, best of {args.repeat}")
    ours = time_search("search.backends.database", args.term, locale, args.repeat)
    print(f"ours  (search.backends.sqlite):    {ours[0]:8.3f} s  {ours[1]} hits, {ours[3]} queries")
    ranked_sql = [q["sql"] for q in connection.queries if "bm25" in q["sql"]]
    if ranked_sql:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + ranked_sql[0].replace("%", "%%"))
            print("our plan:")
            for row in cursor.fetchall():
                print("   ", row[-1])
    if not args.skip_stock:
        stock = time_search("modelsearch.backends.database.sqlite.sqlite", args.term, locale, 1)
        print(
            f"stock (modelsearch 1.3.2 sqlite): {stock[0]:8.3f} s  "
            f"{stock[1]} hits, {stock[3]} queries"
        )


if __name__ == "__main__":
    main()
