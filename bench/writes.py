"""Load with writes: readers, an editor and a translator at the same time.

    make bench-writes                 # SQLite; DATABASE_URL=postgres://…/bench_… for PostgreSQL

For ``--duration`` seconds (60), wrk keeps ``--connections`` (50) clients busy on
127.0.0.1 with pages in every language, search, the finder and the API (rotating over a
URL list that includes the pages being edited), while two other processes write through
Django:

* the editor changes the summary of English topic pages and publishes each change
  (``save_revision()`` + ``revision.publish()``);
* the translator syncs German and French translations of other topics from their source
  (``TranslationSource.update_from_db``), fills every string through the PO round trip
  and publishes them with wagtail-localize (``Translation.save_target``).

The readers first run ``--warmup`` seconds (10) alone, unmeasured, so the run measures
a site under a publish storm rather than a cold start (every URL rendered once per
worker). Writers pause ``--pause`` seconds (0.2) between writes. Each writer records every write
it reports as successful (page, revision, text).
Afterwards the run asserts: no 5xx from the readers, every recorded revision is in the
database with its text, each written page's latest and live revision and live content
hold the last text written to it, and every written page (all languages, HTML and API)
and a sample of the others (``--sample 0``: all) render with 200 afterwards.

A writer runs as ``writes.py --role editor|translator --out FILE`` in its own process.
"""

import argparse
import json
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402

ROTATE_SCRIPT = ROOT / "bench" / "wrk_rotate.lua"
EDITED = 10  # English topics the editor publishes
TRANSLATED = 10  # other topics whose German and French translations the translator syncs


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2500)
    parser.add_argument("--specialists", type=int, default=1250)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=4,
        help="threads per gunicorn worker (gthread; 1: sync workers). With threads, one "
        "request re-renders a page just outdated while the others get the previous copy",
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--pause", type=float, default=0.2, help="writer: seconds between two writes"
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=10,
        help="seconds of reads before the writers start (not measured): fills the caches",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=3,
        help="seconds between the warm-up and the measured run: the requests the warm-up's "
        "clients left behind finish first (see ``settle``)",
    )
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--sample", type=int, default=500, help="pages rendered afterwards (0: all live pages)"
    )
    parser.add_argument("--role", choices=["editor", "translator"], help="run one writer")
    parser.add_argument("--out", help="writer: where to record the writes (JSON)")
    parser.add_argument("--targets", help="writer: JSON file with the page ids to write")
    return parser.parse_args(argv)


# Writers (each in its own process) ----------------------------------------------------


def editor(targets, deadline, pause):
    """Publish a new summary on each English topic in turn; record what was published."""
    from django.db import transaction

    from topics.models import TopicPage

    writes, failures, n = [], [], 0
    while time.monotonic() < deadline:
        pk = targets["editor"][n % len(targets["editor"])]
        n += 1
        text = f"Editor write {n}: summary published at {time.time():.3f}."
        try:
            with transaction.atomic():
                page = TopicPage.objects.get(pk=pk)
                page.summary = text
                revision = page.save_revision(log_action=True)
                revision.publish()
            writes.append({"page": pk, "revision": revision.pk, "summary": text})
        except Exception as error:  # noqa: BLE001 - recorded and reported
            failures.append({"page": pk, "error": repr(error)})
        time.sleep(pause)
    return writes, failures


def translator(targets, deadline, pause):
    """Sync a translation from its source, translate every string, publish it."""
    from django.db import transaction

    from wagtail.models import Page
    from wagtail_localize.models import Translation

    writes, failures, n = [], [], 0
    while time.monotonic() < deadline:
        source_pk, locale_code = targets["translator"][n % len(targets["translator"])]
        n += 1
        try:
            with transaction.atomic():
                source_page = Page.objects.get(pk=source_pk)
                translation = Translation.objects.select_related("source").get(
                    source__object_id=source_page.translation_key,
                    target_locale__language_code=locale_code,
                )
                translation.source.update_from_db()
                target = source_page.get_translation(translation.target_locale).specific
                po = translation.export_po()
                summary = None
                for entry in po:
                    if entry.msgctxt == "title":
                        entry.msgstr = target.title
                    elif entry.msgctxt == "slug":
                        entry.msgstr = target.slug
                    else:
                        entry.msgstr = f"[{locale_code} {n}] {entry.msgid}"
                    if entry.msgctxt == "summary":
                        summary = entry.msgstr
                translation.import_po(po, tool_name="bench translator")
                translation.save_target(publish=True)
            target.refresh_from_db()
            writes.append(
                {"page": target.pk, "revision": target.latest_revision_id, "summary": summary}
            )
        except Exception as error:  # noqa: BLE001 - recorded and reported
            failures.append({"page": source_pk, "locale": locale_code, "error": repr(error)})
        time.sleep(pause)
    return writes, failures


def run_writer(args):
    import django

    django.setup()
    targets = json.loads(Path(args.targets).read_text())
    deadline = time.monotonic() + args.duration
    from cms import integrity

    role = {"editor": editor, "translator": translator}[args.role]
    # The writers stand in for the whole editorial workflow: they publish as an operator.
    with integrity.administration(f"bench-writes {args.role}"):
        writes, failures = role(targets, deadline, args.pause)
    Path(args.out).write_text(json.dumps({"writes": writes, "failures": failures}))


# The run ------------------------------------------------------------------------------


def choose_targets():
    """Pages to write and URLs to read, from the generated corpus."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from wagtail.models import Locale, Page

    from specialists.models import SpecialistIndexPage, SpecialistPage
    from topics.models import TherapyPage, TopicPage

    en = Locale.objects.get(language_code="en")
    topics = list(TopicPage.objects.live().filter(locale=en).order_by("pk")[10:100])
    edited, translated = topics[:EDITED], topics[EDITED : EDITED + TRANSLATED]
    targets = {
        "editor": [page.pk for page in edited],
        "translator": [[page.pk, code] for page in translated for code in ("de", "fr")],
    }
    urls = []
    for page in [*edited, *translated]:
        urls += [p.url for p in Page.objects.filter(translation_key=page.translation_key)]
    for model in (TherapyPage, SpecialistPage):
        urls += [p.url for p in model.objects.live().order_by("?")[:20]]
    for locale in Locale.objects.exclude(language_code__in=settings.CMS_DERIVED_LANGUAGES):
        code = locale.language_code
        urls.append(f"/{code}/")
        finder = SpecialistIndexPage.objects.get(locale=locale)
        urls.append(f"{finder.url}?near=Z%C3%BCrich&radius=100")
        with translation.override(code):
            urls.append(
                f"{reverse('search')}?q=" + {"en": "liver", "de": "Leber"}.get(code, "foie")
            )
    urls += [f"/api/v3/pages/{pk}/" for pk in targets["editor"][:5]]
    urls.append("/api/v3/pages/?type=topics.TopicPage&locale=de")
    return targets, urls


def settle(seconds):
    """Let the server finish what the warm-up's clients left behind before measuring.

    wrk keeps each connection open for its whole run, and a gthread worker accepts a
    connection only when its main thread gets the GIL. When the warm-up's wrk exits, its
    unanswered requests (renders of the pages still cold) keep one worker busy; the
    measured clients, connecting at that moment, were all accepted by the other worker,
    and the busy one then stood idle for the whole measured run (seen in the access log
    with the worker pid: one worker answered every request, the other used no CPU until
    the run ended). That halves the capacity at random: p95 120 or 650 ms on the same
    code. Behind nginx (production) the pool opens new connections as it needs them, so
    no worker stays without any.
    """
    time.sleep(seconds)


def verify(records):
    """Every recorded write is in the database; the last one per page is live."""
    from wagtail.models import Page, Revision

    problems = []
    last = {}
    for role, data in records.items():
        for write in data["writes"]:
            revision = Revision.objects.filter(pk=write["revision"]).first()
            if revision is None or revision.content.get("summary") != write["summary"]:
                problems.append(f"{role}: revision {write['revision']} lost or changed")
            last[write["page"]] = (role, write)
    for pk, (role, write) in last.items():
        page = Page.objects.get(pk=pk).specific
        if page.summary != write["summary"]:
            problems.append(f"{role}: page {pk} live summary is not the last write")
        if page.latest_revision_id != write["revision"]:
            problems.append(f"{role}: page {pk} latest revision is not the last write")
        if page.live_revision_id != page.latest_revision_id:
            problems.append(f"{role}: page {pk} has unpublished changes")
    return problems, len(last)


def render_pages(base, written, sample):
    """GET pages once afterwards; returns how many and the non-200s.

    Every written page in every language, with its API detail, plus ``sample`` other live
    pages spread evenly over the tree (``--sample 0``: every live page; at ~50 ms of CPU
    per uncached page, all 10,000 take several minutes on two cores).
    """
    from wagtail.models import Page

    live = Page.objects.live().filter(depth__gt=1).order_by("path")
    keys = Page.objects.filter(pk__in=written).values("translation_key")
    chosen = list(live.filter(translation_key__in=keys))
    if sample:
        everything = list(live)
        step = max(1, len(everything) // sample)
        chosen += everything[::step]
    else:
        chosen = list(live)
    pages = {page.pk: page.url for page in chosen}
    paths = list(pages.values()) + [f"/api/v3/pages/{pk}/" for pk in pages]
    failed = []
    lock = threading.Lock()

    def get(path):
        status, _headers, _body = harness.fetch(base + path)
        if status != 200:
            with lock:
                failed.append((path, status))

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(get, paths))
    return len(paths), failed


def main(argv=None):
    args = parse_args(argv)
    if args.role:
        return run_writer(args)
    workspace, timings = harness.open_workspace(args)
    try:
        from django.db import connection

        targets, urls = choose_targets()
        connection.close()
        targets_file = workspace.dir / "targets.json"
        targets_file.write_text(json.dumps(targets))
        paths_file = workspace.dir / "paths.txt"
        paths_file.write_text("\n".join(urls) + "\n")
        with harness.gunicorn(workspace, workers=args.workers, threads=args.threads) as base:
            if args.warmup:
                harness.wrk(
                    base + "/",
                    duration=args.warmup,
                    connections=args.connections,
                    script=ROTATE_SCRIPT,
                    script_args=[str(paths_file)],
                    timeout=30,
                )
                settle(args.settle)
            writers = {
                role: subprocess.Popen(  # noqa: S603 - our own script
                    [
                        harness.PYTHON,
                        "bench/writes.py",
                        "--role",
                        role,
                        "--duration",
                        str(args.duration),
                        "--targets",
                        str(targets_file),
                        "--out",
                        str(workspace.dir / f"{role}.json"),
                        "--pause",
                        str(args.pause),
                    ],
                    cwd=ROOT,
                    env=workspace.env,
                )
                for role in ("editor", "translator")
            }
            reads = harness.wrk(
                base + "/",
                duration=args.duration,
                connections=args.connections,
                script=ROTATE_SCRIPT,
                script_args=[str(paths_file)],
                timeout=30,  # 50 clients queue for the workers; a slow answer is not a lost one
            )
            for process in writers.values():
                process.wait(timeout=args.duration + 120)
            records = {
                role: json.loads((workspace.dir / f"{role}.json").read_text()) for role in writers
            }
            problems, pages_written = verify(records)
            written = {w["page"] for data in records.values() for w in data["writes"]}
            rendered, render_failures = render_pages(base, written, args.sample)
        connection.close()
    finally:
        workspace.cleanup()
    report = {
        "database": workspace.vendor,
        "timestamp": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        "duration_s": args.duration,
        "connections": args.connections,
        "gunicorn": harness.gunicorn_label(args.workers, args.threads),
        "cache_backend": harness.cache_label(),
        "corpus": timings["corpus"],
        "reads": reads,
        "read_urls": len(urls),
        "warmup_s": args.warmup,
        "writes": {
            role: {"ok": len(data["writes"]), "failed": len(data["failures"])}
            for role, data in records.items()
        },
        "write_failures": {role: data["failures"][:10] for role, data in records.items()},
        "pages_written": pages_written,
        "lost_or_wrong": problems,
        "rendered": rendered,
        "render_failures": render_failures[:50],
    }
    report["passed"] = (
        reads.get("s5xx", 0) == 0
        and reads["socket_errors"] == 0
        and not problems
        and not render_failures
        and all(not data["failures"] for data in records.values())
    )
    write_report(report)
    return 0 if report["passed"] else 1


def hit_ratio(reads):
    """Answers served from the cache (fresh or, during a re-render, the previous copy)
    over all cacheable answers; never-stored answers (none in the rotation since searches
    are stored) are left out."""
    hits, stale = reads.get("cache_hits", 0), reads.get("cache_stale", 0)
    misses = reads.get("cache_misses", 0)
    total = hits + stale + misses
    ratio = f"{(hits + stale) / total:.1%}" if total else "-"
    return f"{hits} / {stale} / {misses} ({ratio})"


def write_report(report):
    harness.RESULTS.mkdir(exist_ok=True)
    path = harness.RESULTS / f"writes-{report['database']}-{report['timestamp']}"
    path.with_suffix(".json").write_text(json.dumps(report, indent=2, default=str))
    reads, writes = report["reads"], report["writes"]
    text = (
        f"# Load with writes: {report['database']}, {report['timestamp']}\n\n"
        f"{report['duration_s']} s after {report['warmup_s']} s of warm-up, "
        f"{report['connections']} wrk connections over "
        f"{report['read_urls']} URLs (pages in 4 languages, search, finder, API), "
        f"{report['gunicorn']}, page cache on ({report['cache_backend']}).\n\n"
        "| figure | value |\n|---|---:|\n"
        f"| reads | {reads['requests']} ({reads['rps']:.0f} req/s) |\n"
        f"| read latency p50 / p95 / p99 | {reads['p50_ms']:.0f} / {reads['p95_ms']:.0f} / "
        f"{reads['p99_ms']:.0f} ms |\n"
        f"| 2xx / 3xx / 4xx / 5xx | {reads.get('s2xx')} / {reads.get('s3xx')} / "
        f"{reads.get('s4xx')} / {reads.get('s5xx')} |\n"
        f"| socket errors | {reads['socket_errors']} |\n"
        f"| page-cache hits / stale / misses (hit ratio) | {hit_ratio(reads)} |\n"
        f"| editor publishes ok / failed | {writes['editor']['ok']} / "
        f"{writes['editor']['failed']} |\n"
        f"| translator syncs ok / failed | {writes['translator']['ok']} / "
        f"{writes['translator']['failed']} |\n"
        f"| pages written | {report['pages_written']} |\n"
        f"| lost or wrong writes | {len(report['lost_or_wrong'])} |\n"
        f"| pages + API details rendered afterwards | {report['rendered']} |\n"
        f"| non-200 afterwards | {len(report['render_failures'])} |\n"
        f"| **passed** | **{report['passed']}** |\n"
    )
    for key in ("lost_or_wrong", "render_failures", "write_failures"):
        if report[key] and any(report[key].values() if isinstance(report[key], dict) else [1]):
            text += f"\n{key}: {json.dumps(report[key], default=str)[:2000]}\n"
    path.with_suffix(".md").write_text(text)
    print(text)
    print(f"written: {path}.json, {path}.md")


if __name__ == "__main__":
    sys.exit(main())
