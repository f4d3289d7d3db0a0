"""Profile one URL in-process with pyinstrument, against a benchmark database.

    DATABASE_URL=sqlite:////tmp/cms-bench-…/bench.sqlite3 STATIC_ROOT=/tmp/cms-bench-…/static \\
        .venv/bin/python bench/profile.py /de/themen/… [--repeat 20] [--cache]

Requests the URL once to warm the process, then ``--repeat`` times without and
``--repeat`` times under the profiler (page cache off unless ``--cache``), and prints
the wall and CPU time per request (CPU time: what the process spent, so other processes
on a shared machine barely move it), the queries per request and pyinstrument's call
tree (``--no-tree``: the times only). Used for the notes in docs/performance.md.
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
    parser.add_argument("--no-tree", action="store_true", help="times only, no profile")
    parser.add_argument("--flat", action="store_true", help="functions by own time, not a tree")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from pyinstrument import Profiler
    from pyinstrument.stack_sampler import get_stack_sampler

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=args.cache):
        status = client.get(args.url).status_code
        with CaptureQueriesContext(connection) as captured:
            client.get(args.url)
        # Read now: every request starts by emptying the connection's query log.
        queries = list(captured.captured_queries)
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(args.repeat):
            client.get(args.url)
        elapsed = (time.perf_counter() - started) / args.repeat
        cpu = (time.process_time() - cpu_started) / args.repeat
        # Sample on the process's CPU clock: on a shared machine, wall-clock samples
        # mostly show where this process waited for a core.
        get_stack_sampler().timer_func = time.process_time
        profiler = Profiler(interval=0.0005)
        if not args.no_tree:
            with profiler:
                for _ in range(args.repeat):
                    client.get(args.url)
    print(
        f"{args.url}: status {status}, {elapsed * 1000:.1f} ms/request, "
        f"{cpu * 1000:.1f} ms CPU/request, {len(queries)} queries"
    )
    if args.sql:
        for query in sorted(queries, key=lambda q: -float(q["time"]))[:10]:
            print(f"  {query['time']} s  {query['sql'][:300]}")
    if not args.no_tree:
        print(profiler.output_text(unicode=True, color=False, show_all=False, flat=args.flat))


if __name__ == "__main__":
    main()
