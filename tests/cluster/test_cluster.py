"""Proofs that the production topology holds under faults (issue 17), on loopback.

Slow (the cluster starts with the demo site, minutes on a busy machine), so they run
only with ``CMS_CLUSTER_TESTS=1``. ``CMS_CLUSTER_STATE=var/cluster`` runs them against
a cluster already started by ``make cluster``; otherwise the module starts its own
(database ``cluster_test``) and stops it afterwards. Every part is stopped and started
by the PIDs the runner recorded (cms.cluster).
"""

import concurrent.futures
import os
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from cms.cluster import BIN, ROOT, Cluster

pytestmark = pytest.mark.skipif(
    os.environ.get("CMS_CLUSTER_TESTS") != "1", reason="cluster proofs: CMS_CLUSTER_TESTS=1"
)
VISIBLE_WITHIN = 1.0  # seconds


@pytest.fixture(scope="module")
def cluster():
    existing = os.environ.get("CMS_CLUSTER_STATE")
    if existing:
        yield Cluster(existing)
        return
    running = Cluster(tempfile.mkdtemp(prefix="cms-cluster-test-"), database="cluster_test")
    running.start()
    try:
        yield running
    finally:
        running.stop()


def shell(cluster, code):
    """Python run with the cluster's production settings, as an operator (the gate lets
    an administrator publish a reviewed revision again, as ``load_demo`` does)."""
    script = (
        "from cms import integrity\n"
        "with integrity.administration('cluster proofs'):\n"
        + "".join(f"    {line}\n" for line in code.split("; "))
    )
    result = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=cluster.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.fixture(scope="module")
def topic(cluster):
    """A live English topic page: ``(id, path)``."""
    out = shell(
        cluster,
        "from topics.models import TopicPage; "
        "p = TopicPage.objects.filter(locale__language_code='en').order_by('pk').first(); "
        "p.live or p.get_latest_revision().publish(); "  # an interrupted earlier run
        "print(p.pk, p.url)",
    )
    pk, url = out.split()[-2:]
    return int(pk), "/" + url.split("/", 3)[-1] if url.startswith("http") else url


def wait_for(check, timeout):
    """Seconds until ``check()`` is true, or ``None`` if it never was within ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def status(url, **kwargs):
    try:
        return httpx.get(url, timeout=5, **kwargs).status_code
    except httpx.HTTPError:
        return None


def admin_client(cluster, node):
    """A signed-in admin session on one node (CSRF token included)."""
    client = httpx.Client(base_url=cluster.node_url(node), timeout=30)
    client.get("/admin/login/")
    client.post(
        "/admin/login/",
        data={
            "username": "admin",
            "password": "demo-password-change-me",
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
        headers={"Referer": cluster.node_url(node) + "/admin/login/"},
    )
    assert "sessionid" in client.cookies
    return client


def test_an_unpublish_through_node_a_is_never_served_again_by_node_b(cluster, topic):
    pk, path = topic
    node_b = cluster.node_url("node_b")
    for url in (node_b + path, f"{node_b}/api/v3/pages/{pk}/"):
        assert status(url) == 200  # cached on B before the change
        assert status(url) == 200

    admin = admin_client(cluster, "node_a")
    response = admin.post(
        f"/admin/pages/{pk}/unpublish/",
        data={"csrfmiddlewaretoken": admin.cookies["csrftoken"]},
        headers={"Referer": cluster.node_url("node_a") + "/admin/"},
    )
    assert response.status_code in (200, 302)
    changed_at = time.monotonic()

    page_gone = wait_for(lambda: status(node_b + path) == 404, 5)
    api_gone = wait_for(lambda: status(f"{node_b}/api/v3/pages/{pk}/") == 404, 5)
    assert page_gone is not None and time.monotonic() - changed_at < 5
    assert page_gone <= VISIBLE_WITHIN, f"node B served the page for {page_gone:.2f} s"
    assert api_gone is not None and api_gone <= VISIBLE_WITHIN
    # ... and never again, through either node or nginx.
    for _ in range(20):
        for base in (cluster.node_url("node_a"), node_b, cluster.url):
            assert status(base + path) == 404


def test_a_publish_through_node_a_is_served_by_node_b_within_a_second(cluster, topic):
    pk, path = topic
    node_b = cluster.node_url("node_b")
    if status(node_b + path) == 200:  # run alone: take it offline first
        shell(cluster, f"from wagtail.models import Page; Page.objects.get(pk={pk}).unpublish()")
        assert wait_for(lambda: status(node_b + path) == 404, 5) is not None

    # The reviewed revision published again, as the admin's "publish" does.
    shell(
        cluster,
        f"from wagtail.models import Page; Page.objects.get(pk={pk}).specific"
        ".get_latest_revision().publish()",
    )
    page_back = wait_for(lambda: status(node_b + path) == 200, 5)
    api_back = wait_for(lambda: status(f"{node_b}/api/v3/pages/{pk}/") == 200, 5)
    assert page_back is not None and page_back <= VISIBLE_WITHIN
    assert api_back is not None and api_back <= VISIBLE_WITHIN


def _load_codes(url, seconds, connections):
    """GETs from ``connections`` threads for ``seconds``; any answer but 200 is a failure."""
    deadline = time.monotonic() + seconds
    counts = {"ok": 0, "failed": 0}

    def one_client():
        with httpx.Client(timeout=10) as client:
            while time.monotonic() < deadline:
                try:
                    code = client.get(url).status_code
                except httpx.HTTPError:
                    code = None
                counts["ok" if code == 200 else "failed"] += 1

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        for future in [pool.submit(one_client) for _ in range(connections)]:
            future.result()
    return counts


def test_killing_node_a_under_load_fails_no_request(cluster, topic):
    _pk, path = topic
    with concurrent.futures.ThreadPoolExecutor(1) as runner:
        load = runner.submit(_load_codes, cluster.url + path, 15, 20)
        time.sleep(5)
        cluster.stop_part("node_a", sig=9)  # SIGKILL: in-flight requests are cut off
        counts = load.result()
    cluster.start_part("node_a")

    assert counts["ok"] > 0
    assert counts["failed"] == 0, counts


def test_reads_continue_while_the_replica_is_down_and_return_to_it(cluster, topic):
    pk, path = topic
    node = cluster.node_url("node_a")
    cluster.stop_part("replica")
    try:
        counts = _load_codes(cluster.url + path, 3, 4)
        api = _load_codes(f"{cluster.url}/api/v3/pages/{pk}/", 2, 4)
        assert counts["failed"] == 0 and api["failed"] == 0, (counts, api)
        assert httpx.get(node + "/healthz").json()["replica"]["status"] == "degraded"
    finally:
        cluster.start_part("replica")
    back = wait_for(lambda: httpx.get(node + "/healthz").json()["replica"]["status"] == "ok", 20)
    assert back is not None


def test_without_redis_pages_are_served_and_healthz_says_degraded(cluster, topic):
    pk, path = topic
    cluster.stop_part("redis")
    try:
        counts = _load_codes(cluster.url + path, 2, 4)
        api = _load_codes(f"{cluster.url}/api/v3/pages/{pk}/", 2, 4)
        health = httpx.get(cluster.url + "/healthz")
        assert counts["failed"] == 0 and api["failed"] == 0, (counts, api)
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
        assert health.json()["cache"] == "unavailable"
    finally:
        cluster.start_part("redis")
    assert wait_for(lambda: httpx.get(cluster.url + "/healthz").json()["cache"] == "ok", 10)


def test_tasks_wait_while_the_worker_is_stopped_and_drain_when_it_returns(cluster, topic):
    pk, _path = topic
    node = cluster.node_url("node_a")
    cluster.stop_part("worker")
    try:
        # An editor saves: the search-index update is queued, not run.
        shell(cluster, f"from wagtail.models import Page; Page.objects.get(pk={pk}).save()")
        backlog = httpx.get(node + "/healthz").json()["tasks"]["backlog"]
        assert backlog > 0
    finally:
        cluster.start_part("worker")
    drained = wait_for(lambda: httpx.get(node + "/healthz").json()["tasks"]["backlog"] == 0, 30)
    assert drained is not None


def test_an_image_stored_through_one_node_is_served_through_nginx_with_renditions(cluster):
    out = shell(
        cluster,
        "import io; from PIL import Image as P; from django.core.files.images import ImageFile;"
        " from wagtail.images.models import Image; b = io.BytesIO();"
        " P.new('RGB', (64, 48), 'red').save(b, 'PNG');"
        " i = Image(title='cluster proof'); i.file = ImageFile(b, name='proof.png'); i.save();"
        " print(i.file.url, i.get_rendition('width-32').url)",
    )
    original, rendition = out.split()[-2:]
    for url in (original, rendition):
        response = httpx.get(url, timeout=10)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("image/")
    assert "/media/" in original
    assert Path(original).name != Path(rendition).name
