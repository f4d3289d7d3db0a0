"""The benchmark reports judge the goals of issue 14 from the measured rows."""

from bench import growth, run


def _row(target, rps, *, mode="uncached", ratio=0.0, queries=5, cold=9, p95_1=None):
    kind, baseline = run.TARGETS[target]
    row = {
        "target": target,
        "mode": mode,
        "kind": kind,
        "baseline": baseline,
        "rps": rps,
        "ratio": ratio,
        "queries": queries,
        "cold_queries": cold,
        "p50_ms": 1.0,
        "p95_ms": 2.0,
        "p99_ms": 3.0,
        "errors": 0,
    }
    if p95_1 is not None:
        row["p95_1_ms"] = p95_1
    return row


def test_goals_say_which_target_is_met():
    rows = [
        _row("topic", 300, ratio=0.07, cold=11),
        _row("therapy", 200, ratio=0.05, cold=13),
        _row("search", 90, queries=8, p95_1=40.0),
        _row("finder", 40, queries=9, p95_1=75.0),
    ]
    lines = {
        tuple(cell.strip() for cell in line.split("|")[1:3]): line
        for line in run.goals(rows).splitlines()
    }

    assert lines[("topic", "uncached ≥ 6% of hello")].endswith("| 7.0% | yes |")
    assert lines[("therapy", "uncached ≥ 6% of hello")].endswith("| **no** |")
    assert lines[("therapy", "≤ 12 queries (cold cache)")].endswith("| 13 | **no** |")
    assert lines[("search", "p95 ≤ 50 ms, one connection")].endswith("| yes |")
    assert lines[("finder", "≤ 8 queries (warm)")].endswith("| 9 | **no** |")


def test_the_table_shows_cold_cache_and_new_worker_counts():
    row = {**_row("topic", 300, ratio=0.07, cold=9), "new_worker_queries": 23}

    line = run.table([row, _row("topic", 900, mode="cached")]).splitlines()

    assert "| 5 (9 / 23) |" in line[2] and "| 5 (-) |" in line[3]


def test_growth_compares_the_largest_size_with_the_smallest():
    reports = [
        {"generated": 500, "rows": [_row("hello", 3000), _row("topic", 200, ratio=0.07)]},
        {"generated": 40000, "rows": [_row("hello", 3000), _row("topic", 150, ratio=0.05)]},
    ]

    lines = growth.growth_table(reports).splitlines()

    topic = next(line for line in lines if line.startswith("| topic |"))
    hello = next(line for line in lines if line.startswith("| hello |"))
    assert "| 200 (7.0%) | 150 (5.0%) | 75% | **no** |" in topic
    assert hello.endswith("| 100% | - |")
    assert growth.corpus_args(40000) == ["--pages", "10000", "--specialists", "5000"]
