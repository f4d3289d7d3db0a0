"""Profile one URL in-process with pyinstrument, against a benchmark database.

    DATABASE_URL=sqlite:////tmp/cms-bench-…/bench.sqlite3 STATIC_ROOT=/tmp/cms-bench-…/static \\
        .venv/bin/python bench/profile.py /de/themen/… [--repeat 20] [--cache]

Requests the URL once to warm the process, then ``--repeat`` times under the profiler
(page cache off unless ``--cache``), and prints the time per request, the queries per
request and pyinstrument's call tree. Used for the notes in docs/performance.md.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cache", action="store_true")
    parser.add_argument("--sql", action="store_true", help="print the slowest queries")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from pyinstrument import Profiler

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=args.cache):
        status = client.get(args.url).status_code
        with CaptureQueriesContext(connection) as captured:
            client.get(args.url)
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        with profiler:
            for _ in range(args.repeat):
                client.get(args.url)
        elapsed = (time.perf_counter() - started) / args.repeat
    print(f"{args.url}: status {status}, {elapsed * 1000:.1f} ms/request, {len(captured)} queries")
    if args.sql:
        for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:10]:
            print(f"  {query['time']} s  {query['sql'][:300]}")
    print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()
