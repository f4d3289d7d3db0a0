"""What ``run.py`` and ``writes.py`` share: a throwaway database, gunicorn, and wrk.

The database is a SQLite file in a temporary folder unless ``DATABASE_URL`` points at
PostgreSQL; a PostgreSQL database is dropped and recreated, so its name must start with
``bench`` (a guard against pointing the benchmark at real content).
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"


class Workspace:
    """Environment, database and static files of one benchmark run."""

    def __init__(self, database_url=None, keep=False):
        self.dir = Path(tempfile.mkdtemp(prefix="cms-bench-"))
        self.keep = keep
        self.database_url = database_url or f"sqlite:///{self.dir / 'bench.sqlite3'}"
        self.vendor = "postgresql" if self.database_url.startswith("postgres") else "sqlite"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": self.database_url,
            "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(60),
            "STATIC_ROOT": str(self.dir / "static"),
            "MEDIA_ROOT": str(self.dir / "media"),
            "PYTHONPATH": str(ROOT),
        }
        if os.environ.get("REDIS_URL"):
            # A shared Redis must not hand this run another run's pages.
            self.env["CACHE_KEY_PREFIX"] = "bench-" + secrets.token_hex(6)

    def apply_env(self):
        """Use this run's settings in the current process too (before ``django.setup()``)."""
        os.environ.update(self.env)

    def manage(self, *args, **env):
        return self.run([PYTHON, "manage.py", *args], **env)

    def run(self, command, **env):
        started = time.monotonic()
        subprocess.run(command, cwd=ROOT, env={**self.env, **env}, check=True)
        return time.monotonic() - started

    def prepare(self, pages, specialists, log=print):
        """Fresh database, migrations, demo + corpus, static files. Returns timings."""
        if self.vendor == "postgresql":
            recreate_postgres(self.database_url)
        timings = {"migrate_seconds": self.manage("migrate", "--noinput", "-v0")}
        log(f"migrate: {timings['migrate_seconds']:.1f} s")
        stats_file = self.dir / "corpus.json"
        timings["corpus_wall_seconds"] = self.run(
            [
                PYTHON,
                "bench/corpus.py",
                "--pages",
                str(pages),
                "--specialists",
                str(specialists),
                "--stats",
                str(stats_file),
            ]
        )
        timings["corpus"] = json.loads(stats_file.read_text())
        timings["collectstatic_seconds"] = self.manage("collectstatic", "--noinput", "-v0")
        return timings

    def cleanup(self):
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def open_workspace(args):
    """A throwaway database filled with the corpus, and Django set up on it."""
    workspace = Workspace(args.database_url or os.environ.get("DATABASE_URL"), args.keep)
    print(f"workspace {workspace.dir} ({workspace.vendor})")
    try:
        timings = workspace.prepare(args.pages, args.specialists)
        workspace.apply_env()
        import django

        django.setup()
    except BaseException:
        workspace.cleanup()
        raise
    return workspace, timings


def recreate_postgres(database_url):
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.startswith("bench"):
        raise SystemExit(f"Refusing to drop database {name!r}: its name must start with 'bench'.")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(workspace, *, workers=2, threads=1, **env):
    """gunicorn with the production (bench) settings on 127.0.0.1; yields the base URL."""
    port = free_port()
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "cms.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    if threads > 1:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    if os.environ.get("BENCH_ACCESS_LOG"):
        # Service time per request (microseconds), the page-cache outcome and the worker's
        # pid: the time spent serving apart from the time spent queueing in front of the
        # workers, and how the requests were shared between the workers.
        command += [
            "--access-logfile",
            os.environ["BENCH_ACCESS_LOG"],
            "--access-logformat",
            '%(t)s %(s)s %(D)s %({x-page-cache}o)s "%(U)s?%(q)s" %(p)s',
        ]
    log = open(workspace.dir / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        command, cwd=ROOT, env={**workspace.env, **env}, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/bench/hello/", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def gunicorn_label(workers, threads):
    if threads > 1:
        return f"{workers} gunicorn workers x {threads} threads (gthread)"
    return f"{workers} gunicorn sync workers"


def cache_label():
    if os.environ.get("REDIS_URL"):
        return "Redis, shared by the workers"
    return "local memory, per worker"


def wait_until_up(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=15):  # noqa: S310 - loopback
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def fetch(url, headers=None):
    """GET without following redirects: ``(status, headers, body)``."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wrk(
    url, *, duration=10, connections=8, threads=2, script=WRK_SCRIPT, script_args=(), timeout=10
):
    """Run wrk; returns req/s, latency percentiles (ms) and error counts."""
    command = [
        "wrk",
        f"-t{min(threads, connections)}",  # wrk wants a connection per thread
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        f"{timeout}s",
        "-s",
        str(script),
        url,
    ]
    if script_args:
        command += ["--", *script_args]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRK_JSON "))
    raw = json.loads(line[len("WRK_JSON ") :])
    seconds = raw["duration_us"] / 1e6
    socket_errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "non_2xx_3xx": raw["status"],
        "socket_errors": socket_errors,
        "errors": raw["status"] + socket_errors,
        **{
            key: raw[key]
            for key in ("s2xx", "s3xx", "s4xx", "s5xx", "cache_hits", "cache_stale", "cache_misses")
            if key in raw
        },
    }
