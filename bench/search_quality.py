"""Recall of the site search on the search-quality set, per language.

    DATABASE_URL=sqlite:////tmp/after.sqlite3 .venv/bin/python bench/search_quality.py

Runs every query of ``tests/search/quality.py`` through ``search.service.site_search``
against the database of the current settings (load the demo into it first:
``manage.py migrate && manage.py load_demo``) and prints, per language, how many of the
expected pages were on the first results page (``TOP_N``). Read-only: nothing is recorded.
A language the database does not have is reported as n/a. ``--misses`` lists the queries
that missed a page, so a change in recall can be traced to queries.

Kept self-contained (only ``site_search``, ``Locale`` and ``Page``) so the same file can be
copied into an older checkout to measure recall "before".
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the queries that missed")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.db import connection

    from wagtail.models import Locale

    from tests.search.quality import LANGUAGES, QUERIES, evaluate, known_miss

    present = set(Locale.objects.values_list("language_code", flat=True))
    rows, missed = [], []
    for language in LANGUAGES:
        queries = [query for query in QUERIES if query.language == language]
        if language not in present:
            rows.append((language, len(queries), None, None))
            continue
        found = expected = 0
        for query in queries:
            hits, wanted = evaluate(query)
            found += hits
            expected += wanted
            if hits < wanted:
                missed.append((query, hits, wanted))
        rows.append((language, len(queries), found, expected))

    print(f"{connection.vendor}: {connection.settings_dict['NAME']}")
    print(f"{'language':<10} {'queries':>7} {'found':>6} {'expected':>8} {'recall':>7}")
    for language, count, found, expected in rows:
        if found is None:
            print(f"{language:<10} {count:>7} {'n/a':>6} {'n/a':>8} {'n/a':>7}")
        else:
            print(f"{language:<10} {count:>7} {found:>6} {expected:>8} {found / expected:>7.0%}")
    measured = [row for row in rows if row[2] is not None]
    found, expected = sum(row[2] for row in measured), sum(row[3] for row in measured)
    print(f"{'all':<10} {sum(row[1] for row in measured):>7} {found:>6} {expected:>8} "
          f"{found / expected:>7.0%}")  # fmt: skip
    if args.misses:
        for query, hits, wanted in missed:
            mark = f" (known miss: {query.why})" if known_miss(query, connection.vendor) else ""
            print(f"  {query.language:<8} {query.kind:<10} {query.text!r}: {hits}/{wanted}{mark}")


if __name__ == "__main__":
    main()
