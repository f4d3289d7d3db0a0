"""Growth: ``make bench`` at several corpus sizes, side by side in one table.

    make bench-growth                                   # SQLite: 500, 10,000, 40,000 pages
    make bench-growth DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pg
    .venv/bin/python bench/growth.py --sizes 500 2000 --duration 3     # a quick run

Each size is a full ``bench/run.py`` run in a process of its own (fresh database, corpus,
gunicorn, wrk; Django is set up on one database per process); its own report is
written as usual. The growth table compares each target's uncached and cached
throughput with its throughput at the smallest size: the goal is that every public
endpoint keeps at least 80 % of it at the largest size. Ratios against hello-world
are in each run's own report; absolute req/s are comparable between sizes only because
the runs follow each other on the same machine, so the baselines are listed too.
"""

import argparse
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import harness, run  # noqa: E402

KEEPS = 0.80  # share of the smallest size's throughput each endpoint keeps at the largest


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 10000, 40000])
    parser.add_argument("--duration", type=int, default=5, help="seconds per target")
    parser.add_argument("--database-url", default=None)
    return parser.parse_args(argv)


def corpus_args(size):
    """``run.py`` options for ``size`` generated pages: four languages, half of the
    source pages specialists (as the default corpus)."""
    source = max(size // 4, 8)
    return ["--pages", str(source), "--specialists", str(source // 2)]


def growth_table(reports):
    sizes = [report["generated"] for report in reports]
    head = ["target", "page cache"] + [f"{size:,} pages: req/s (ratio)" for size in sizes]
    head += [f"{sizes[-1]:,} vs {sizes[0]:,}", f"keeps ≥ {KEEPS:.0%}"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(sizes) + 1) + "---|"]
    by_size = [{(r["mode"], r["target"]): r for r in report["rows"]} for report in reports]
    for key in by_size[0]:
        rows = [measured.get(key) for measured in by_size]
        if any(row is None for row in rows):
            continue
        mode, target = key
        cells = [f"{row['rps']:.0f} ({row['ratio']:.1%})" for row in rows]
        kept = rows[-1]["rps"] / rows[0]["rps"] if rows[0]["rps"] else 0.0
        public = run.TARGETS[target][0] != "baseline"
        verdict = ("yes" if kept >= KEEPS else "**no**") if public else "-"
        lines.append(f"| {target} | {mode} | " + " | ".join(cells) + f" | {kept:.0%} | {verdict} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    args = parse_args(argv)
    reports = []
    harness.RESULTS.mkdir(exist_ok=True)
    for size in args.sizes:
        out = harness.RESULTS / f".growth-{size}.json"
        options = [*corpus_args(size), "--duration", str(args.duration), "--out", str(out)]
        if args.database_url:
            options += ["--database-url", args.database_url]
        subprocess.run([harness.PYTHON, "bench/run.py", *options], cwd=ROOT, check=True)
        report = json.loads(out.read_text())
        out.unlink()
        report["generated"] = report["timings"]["corpus"]["pages"]
        reports.append(report)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    db = reports[0]["database"]
    text = (
        f"# Growth: {db}, {stamp}\n\n"
        "Each column is one `bench/run.py` run "
        + ", ".join(f"`{r['database']}-{r['timestamp']}`" for r in reports)
        + f"; {reports[0]['gunicorn']}; wrk {reports[0]['wrk']}.\n\n"
        + growth_table(reports)
        + "\nGoals per size (issue 14):\n\n"
        + "\n".join(f"{r['generated']:,} pages:\n\n{run.goals(r['rows'])}" for r in reports)
    )
    harness.RESULTS.mkdir(exist_ok=True)
    path = harness.RESULTS / f"growth-{db}-{stamp}"
    path.with_suffix(".json").write_text(json.dumps(reports, indent=2, default=str))
    path.with_suffix(".md").write_text(text)
    print(text)
    print(f"written: {path}.json, {path}.md")


if __name__ == "__main__":
    main()
