"""The production topology on loopback: ``make cluster`` / ``make cluster-stop``.

Starts, from the machine's own engines: a Redis of its own on a free port (so stopping
it in a fault test touches nobody else), a database ``cluster_primary`` on the
machine's PostgreSQL as the primary, a streaming replica made from it with
``pg_basebackup -R`` in a temporary folder and started with ``pg_ctl`` on a free port,
moto's standalone S3 server, two gunicorn nodes on the production settings, the task
worker (``manage.py db_worker``) and nginx in front. Every process is started in its
own session and its PID written to ``state.json`` in the state folder, so
``cluster-stop`` (or a test) stops exactly those.

The machine's PostgreSQL must accept replication connections from loopback; when its
``pg_hba.conf`` has no such line and this runs as a user that may edit it (root on a
developer machine or CI), one ``host replication all 127.0.0.1/32 trust`` line is
appended and the server reloaded (``pg_reload_conf()``). Said on the console; see
docs/deployment.md.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
NODES = ("node_a", "node_b")
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message):
    print(f"[cluster] {message}", flush=True)


def _as_postgres(command):
    """PostgreSQL refuses to run as root: run its server tools as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _alive(pid):
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:  # a zombie child of ours is not alive
        done, _status = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


class Cluster:
    """One loopback cluster, described by ``state_dir/state.json``."""

    def __init__(self, state_dir, database=None, settings=None):
        self.dir = Path(state_dir).resolve()
        self.state_file = self.dir / "state.json"
        self.state = json.loads(self.state_file.read_text()) if self.state_file.exists() else {}
        self.database = database or self.state.get("database") or "cluster_primary"
        # Environment settings of the nodes and the worker on top of the production ones
        # (the proofs raise the per-client rate limit: all their load comes from one IP).
        self.settings = dict(settings or {})

    # -- state ------------------------------------------------------------------------
    def save(self):
        self.state["database"] = self.database
        self.state_file.write_text(json.dumps(self.state, indent=2))

    @property
    def parts(self):
        return self.state.setdefault("parts", {})

    @property
    def env(self):
        return self.state["env"]

    @property
    def url(self):
        return self.state["urls"]["site"]

    def node_url(self, name):
        return f"http://127.0.0.1:{self.parts[name]['port']}"

    # -- start ------------------------------------------------------------------------
    def start(self, *, demo=True):
        if self.state.get("parts") and any(_alive(p["pid"]) for p in self.parts.values()):
            raise SystemExit(f"A cluster is running from {self.dir}; `make cluster-stop` first.")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.state = {"parts": {}, "started": time.time()}
        ports = {name: free_port() for name in ("nginx", "redis", "replica", "s3", *NODES)}
        self.state["ports"] = ports
        self.state["env"] = self._environment(ports)
        self.save()
        try:
            self._start_parts(ports, demo=demo)
        except BaseException:
            # A part that did not come up must not leave the others running (nothing
            # would stop them: the caller never gets a cluster to stop).
            self.stop()
            raise
        self.state["urls"] = {
            "site": f"http://127.0.0.1:{ports['nginx']}",
            "admin": f"http://127.0.0.1:{ports['nginx']}/admin/",
            **{name: f"http://127.0.0.1:{ports[name]}" for name in NODES},
            **{f"{name}_metrics": f"http://127.0.0.1:{ports[name]}/metrics" for name in NODES},
            "s3": f"http://127.0.0.1:{ports['s3']}",
            "redis": self.env["REDIS_URL"],
            "primary": self.env["DATABASE_URL"],
            "replica": self.env["DATABASE_REPLICA_URL"],
        }
        self.save()
        return self.state["urls"]

    def _start_parts(self, ports, *, demo):
        self._start_redis(ports["redis"])
        self._start_s3(ports["s3"])
        self._prepare_primary(demo=demo)
        self._start_replica(ports["replica"])
        self._manage("collectstatic", "--noinput", "-v0")
        for name in NODES:
            self._start_node(name, ports[name])
        self._start_worker()
        self._start_nginx(ports)

    def _environment(self, ports):
        site = f"http://127.0.0.1:{ports['nginx']}"
        static_root = self.dir / "static"
        return {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": site,
            "DJANGO_ALLOW_LOOPBACK_BASE_URL": "1",
            "DJANGO_CSRF_TRUSTED_ORIGINS": site,
            # Plain HTTP on loopback: no TLS redirect, HSTS or secure-only cookies.
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
            "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{ports['replica']}/"
            f"{self.database}",
            "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
            "TASKS_BACKEND": "database",
            "AWS_STORAGE_BUCKET_NAME": "cms-media",
            "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{ports['s3']}",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_ACCESS_KEY_ID": "cluster",
            "AWS_SECRET_ACCESS_KEY": "cluster",  # moto accepts any key
            "AWS_S3_CUSTOM_DOMAIN": f"127.0.0.1:{ports['nginx']}/media",
            "AWS_S3_URL_PROTOCOL": "http:",
            "CMS_TRUSTED_PROXY_COUNT": "1",
            # A change made on one node is served by every node within a second.
            "PAGE_CACHE_VERSION_TTL": "0.5",
            "STATIC_ROOT": str(static_root),
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            **self.settings,
        }

    def _spawn(self, name, command, *, env=None, port=None):
        """Start ``command`` in its own session, logging to ``<name>.log``; remember it."""
        logfile = open(self.dir / f"{name}.log", "a")  # noqa: SIM115 - the child keeps it
        process = subprocess.Popen(  # noqa: S603 - our own command lines
            command,
            cwd=ROOT,
            env=env or self.env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        logfile.close()
        self.parts[name] = {"pid": process.pid, "port": port, "command": command}
        self.save()
        return process

    def _manage(self, *args, env=None):
        subprocess.run(  # noqa: S603
            [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env or self.env, check=True
        )

    def _start_redis(self, port):
        self._spawn(
            "redis",
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            port=port,
        )
        _wait(lambda: _connects(port), "Redis")
        log(f"Redis on {port}")

    def _psql(self, sql, database="postgres"):
        return subprocess.run(  # noqa: S603
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atqc", sql],  # noqa: S607
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def _prepare_primary(self, *, demo):
        self._allow_replication()
        self._psql(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self._psql(f'CREATE DATABASE "{self.database}"')
        log(f"primary: database {self.database} on 127.0.0.1:5432")
        primary_only = {**self.env, "DATABASE_REPLICA_URL": "", "TASKS_BACKEND": ""}
        self._manage("migrate", "--noinput", "-v0", env=primary_only)
        if demo:
            self._manage("load_demo", env=primary_only)
            self._manage("demo_users", env=primary_only)

    def _allow_replication(self):
        rules = self._psql(
            "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)"
        )
        if rules != "0":
            return
        hba = Path(self._psql("SHOW hba_file"))
        if not os.access(hba, os.W_OK):
            raise SystemExit(
                f"PostgreSQL allows no replication connections and {hba} is not writable: add "
                "'host replication all 127.0.0.1/32 trust' (or scram) and reload the server."
            )
        with hba.open("a") as file:
            file.write("\n# cms.cluster: streaming replica on loopback\n")
            file.write("host replication all 127.0.0.1/32 trust\n")
        self._psql("SELECT pg_reload_conf()")
        log(f"added a loopback replication line to {hba} and reloaded PostgreSQL")

    def _start_replica(self, port):
        data = Path(tempfile.mkdtemp(prefix="cms-cluster-replica-"))
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        data.chmod(0o700)
        self.state["replica_dir"] = str(data)
        subprocess.run(  # noqa: S603
            _as_postgres(
                [
                    str(PG_BIN / "pg_basebackup"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    "5432",
                    "-U",
                    "postgres",
                    "-D",
                    str(data),
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                ]
            ),
            check=True,
        )
        # Debian keeps the configuration outside the data folder: the copy gets its own.
        for name, text in {
            "postgresql.conf": (
                f"port = {port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{data}'\nhot_standby = on\n"
                "hot_standby_feedback = on\nmax_connections = 100\n"
            ),
            "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
            "pg_ident.conf": "",
        }.items():
            (data / name).write_text(text)
            if os.geteuid() == 0:
                shutil.chown(data / name, "postgres", "postgres")
        self.parts["replica"] = {"pid": None, "port": port, "data": str(data)}
        self.start_part("replica")
        log(f"replica (pg_basebackup -R, streaming) on {port}, data in {data}")

    def _start_s3(self, port):
        self._spawn("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], port=port)
        _wait(lambda: _connects(port), "moto S3 server")
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=self.env["AWS_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="cluster",
            aws_secret_access_key="cluster",  # noqa: S106 - moto
        )
        bucket = self.env["AWS_STORAGE_BUCKET_NAME"]
        client.create_bucket(Bucket=bucket)
        # Media are public (nginx and a CDN fetch them anonymously); writes need the key.
        client.put_bucket_policy(
            Bucket=bucket,
            Policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": "*",
                            "Action": "s3:GetObject",
                            "Resource": f"arn:aws:s3:::{bucket}/*",
                        }
                    ],
                }
            ),
        )
        log(f"S3 (moto) on {port}, bucket {self.env['AWS_STORAGE_BUCKET_NAME']}")

    def _node_command(self, port):
        return [
            str(BIN / "gunicorn"),
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            os.environ.get("CLUSTER_NODE_WORKERS", "2"),
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ]

    def _start_node(self, name, port):
        metrics_dir = self.dir / f"prometheus-{name}"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir()
        env = {**self.env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "CMS_NODE": name}
        self._spawn(name, self._node_command(port), env=env, port=port)
        self.parts[name]["env"] = env
        self.save()
        _wait(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), f"gunicorn {name}", 90)
        log(f"{name}: gunicorn on {port}")

    def _start_worker(self):
        self._spawn(
            "worker",
            [str(BIN / "python"), "manage.py", "db_worker", "--interval", "0.2", "-v", "1"],
        )
        log("worker: manage.py db_worker")

    def _start_nginx(self, ports):
        # nginx's workers drop root for www-data, which may not enter the repository:
        # their cache and buffers live in a folder of their own.
        work = Path(tempfile.mkdtemp(prefix="cms-cluster-nginx-"))
        self.state["nginx_dir"] = str(work)
        for sub in ("nginx-tmp", "nginx-cache"):
            (work / sub).mkdir()
            if os.geteuid() == 0:
                shutil.chown(work / sub, "www-data", "www-data")
        work.chmod(0o755)
        template = (Path(__file__).parent / "nginx.conf").read_text()
        servers = "\n".join(
            f"        server 127.0.0.1:{ports[name]} max_fails=1 fail_timeout=5s;" for name in NODES
        )
        conf = self.dir / "nginx.conf"
        conf.write_text(
            template.format(
                user="user www-data;" if os.geteuid() == 0 else "",
                state=self.dir,
                work=work,
                port=ports["nginx"],
                upstream_servers=servers,
                media_upstream=f"http://127.0.0.1:{ports['s3']}/"
                f"{self.env['AWS_STORAGE_BUCKET_NAME']}/",
                media_host=f"127.0.0.1:{ports['s3']}",
            )
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self._spawn(
            "nginx",
            [nginx, "-c", str(conf), "-p", str(self.dir), "-g", "daemon off;"],
            port=ports["nginx"],
        )
        _wait(lambda: _answers(f"http://127.0.0.1:{ports['nginx']}/healthz"), "nginx")
        log(f"nginx on {ports['nginx']}")

    # -- one part at a time (fault tests) ----------------------------------------------
    def stop_part(self, name, sig=signal.SIGTERM, timeout=20):
        part = self.parts[name]
        pid = part.get("pid")
        if pid and _alive(pid):
            if name == "replica":
                os.kill(pid, signal.SIGINT)  # PostgreSQL's fast shutdown
            else:
                # The session this runner started for it (a gunicorn master and its
                # workers): a SIGKILLed master must not leave workers holding the port.
                os.killpg(pid, sig)
            deadline = time.monotonic() + timeout
            while _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if _alive(pid):
                (os.kill if name == "replica" else os.killpg)(pid, signal.SIGKILL)
        part["pid"] = None
        self.save()

    def start_part(self, name):
        part = self.parts[name]
        if name == "replica":
            data = part["data"]
            try:
                # A standby accepts reads only once it has a snapshot of the primary's
                # transactions: on a busy machine that took 73 s, past pg_ctl's 60.
                subprocess.run(  # noqa: S603
                    _as_postgres(
                        [
                            str(PG_BIN / "pg_ctl"),
                            "-D",
                            data,
                            "-l",
                            str(Path(data) / "server.log"),
                            "-w",
                            "-t",
                            "300",
                            "start",
                        ]
                    ),
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            finally:
                # Recorded even when pg_ctl gave up waiting, so a stop stops it.
                pid_file = Path(data) / "postmaster.pid"
                if pid_file.exists():
                    part["pid"] = int(pid_file.read_text().split()[0])
                self.save()
            return
        self._spawn(name, part["command"], env=part.get("env"), port=part.get("port"))
        if name in NODES:
            self.parts[name]["env"] = part.get("env")
            self.save()
            _wait(lambda: _answers(f"{self.node_url(name)}/healthz"), name, 90)
        elif part.get("port"):
            _wait(lambda: _connects(part["port"]), name)

    # -- stop -------------------------------------------------------------------------
    def stop(self):
        for name in ("nginx", *NODES, "worker", "s3", "replica", "redis"):
            if name in self.parts:
                self.stop_part(name)
                log(f"stopped {name}")
        for key in ("replica_dir", "nginx_dir"):
            folder = self.state.get(key)
            if folder and Path(folder).name.startswith("cms-cluster-"):
                shutil.rmtree(folder, ignore_errors=True)
        self.state_file.unlink(missing_ok=True)


def _connects(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback
            return True
    except urllib.error.HTTPError as error:
        return error.code < 500
    except (urllib.error.URLError, OSError):
        return False


def _wait(ready, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start within {timeout} s")
