"""Proofs that the production topology holds under faults (issue 17), on loopback.

Slow (the cluster starts with the demo site, minutes on a busy machine), so they run
only with ``CMS_CLUSTER_TESTS=1``. ``CMS_CLUSTER_STATE=var/cluster`` runs them against
a cluster already started by ``make cluster``; otherwise the module starts its own
(database ``cluster_test``, or ``CMS_CLUSTER_DATABASE``: two runs on one PostgreSQL must
not drop each other's) and stops it afterwards. Every part is stopped and started
by the PIDs the runner recorded (cms.cluster).
"""

import concurrent.futures
import io
import json
import os
import re
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

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
    running = Cluster(
        tempfile.mkdtemp(prefix="cms-cluster-test-"),
        database=os.environ.get("CMS_CLUSTER_DATABASE", "cluster_test"),
        # Every request of the proofs comes from 127.0.0.1: at production's 600 API
        # requests a minute per client, a 2 s load on a fast API is refused with 429s
        # (the rate limiter is proven in tests/cms/test_rate_limits.py).
        settings={"RATE_LIMIT_API": "100000/m", "RATE_LIMIT_SEARCH": "100000/m"},
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()


def wait_for(check, timeout):
    """Seconds from now until the start of the first ``check()`` that came out true (a
    request sent then was already answered with the change: its own render time, such
    as a first rendition, is not staleness), or ``None`` if none did within ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        checked_at = time.monotonic() - started
        if check():
            return checked_at
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


@pytest.fixture(scope="module")
def admin_token(cluster):
    """An API token of the demo administrator, made by an operator as the API's docs say
    (``manage.py api_tokens create``; this site's admin has no token screen): the one
    step of these proofs that does not go through a node's HTTP."""
    result = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", "api_tokens", "create", "--user", "admin"]
        + ["--name", f"cluster proofs {time.time():.0f}"],
        cwd=ROOT,
        env=cluster.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().split()[-1]


def api(base_url, token):
    """An API v3 client writing with ``token`` (a client per test: node A is restarted)."""
    return httpx.Client(
        base_url=f"{base_url}/api/v3",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


def publish_change(client, pk, **fields):
    """Save ``fields`` as a new revision and publish it, as an administrator (the gate
    lets administrators publish without a review); the publish's response."""
    saved = client.patch(f"/pages/{pk}/", json=fields)
    assert saved.status_code == 200, saved.text
    published = client.post(f"/pages/{pk}/actions/publish/")
    assert published.status_code == 200, published.text
    return published


def marker(label):
    """A word no page contains yet (and search finds as one word)."""
    return f"{label}{uuid.uuid4().hex[:10]}"


def first_page(cluster, page_type):
    """The first live English page of a type: ``(id, path)``, read from node A's API."""
    listed = httpx.get(
        cluster.node_url("node_a") + "/api/v3/pages/",
        params={"type": page_type, "locale": "en", "limit": 1},
        timeout=30,
    ).json()
    page = listed["items"][0]
    return page["id"], urlsplit(page["meta"]["url"]).path


@pytest.fixture(scope="module")
def topic(cluster):
    """A live English topic page: ``(id, path)``."""
    return first_page(cluster, "topics.TopicPage")


def serves(base, pk, path, text):
    """True when ``base`` (a node or nginx) answers page and API detail with ``text`` in
    them."""
    try:
        page = httpx.get(base + path, timeout=5)
        detail = httpx.get(f"{base}/api/v3/pages/{pk}/", timeout=5)
    except httpx.HTTPError:
        return False
    return page.status_code == detail.status_code == 200 and text in page.text + detail.text


def test_a_page_published_through_node_a_is_served_updated_by_node_b_within_a_second(
    cluster, topic, admin_token
):
    pk, path = topic
    node_b = cluster.node_url("node_b")
    for url in (node_b + path, f"{node_b}/api/v3/pages/{pk}/"):
        assert status(url) == 200  # cached on B before the change
        assert status(url) == 200
    summary = f"Updated through node A's API: {marker('publish')}."

    publish_change(api(cluster.node_url("node_a"), admin_token), pk, summary=summary)
    changed_at = time.monotonic()

    page_new = wait_for(lambda: summary in httpx.get(node_b + path, timeout=5).text, 5)
    api_new = wait_for(
        lambda: httpx.get(f"{node_b}/api/v3/pages/{pk}/", timeout=5).json()["summary"] == summary,
        5,
    )
    assert page_new is not None and api_new is not None, "node B kept the old page"
    assert time.monotonic() - changed_at <= VISIBLE_WITHIN + 1  # both checks together
    assert page_new <= VISIBLE_WITHIN, f"node B served the old page for {page_new:.2f} s"
    assert api_new <= VISIBLE_WITHIN, f"node B served the old API answer for {api_new:.2f} s"


def test_an_unpublish_through_node_a_is_never_served_again_by_node_b(cluster, topic, admin_token):
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

    # Published again through node A's API: back on node B within the second too.
    published = api(cluster.node_url("node_a"), admin_token).post(f"/pages/{pk}/actions/publish/")
    assert published.status_code == 200, published.text
    page_back = wait_for(lambda: status(node_b + path) == 200, 5)
    api_back = wait_for(lambda: status(f"{node_b}/api/v3/pages/{pk}/") == 200, 5)
    assert page_back is not None and page_back <= VISIBLE_WITHIN
    assert api_back is not None and api_back <= VISIBLE_WITHIN


def png(width=64, height=48):
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(data, "PNG")
    return data.getvalue()


def test_an_image_uploaded_through_node_a_is_served_through_node_b_with_renditions(
    cluster, topic, admin_token
):
    """Uploaded with node A's API and put in a topic published through node A; node B
    renders the page (a rendition made from the original in the object store) and the
    API, and every image URL node B names is served from the object store (via nginx)."""
    node_a = api(cluster.node_url("node_a"), admin_token)
    title = marker("image")
    uploaded = node_a.post(
        "/images/", data={"title": title}, files={"file": (f"{title}.png", png(), "image/png")}
    )
    assert uploaded.status_code == 201, uploaded.text
    image_id = uploaded.json()["id"]
    pk, path = topic
    image_block = {"image": image_id, "alt_text": "A red square", "caption": title}
    publish_change(node_a, pk, body=[{"type": "image", "value": image_block}])
    changed_at = time.monotonic()

    node_b = cluster.node_url("node_b")
    shown = wait_for(lambda: serves(node_b, pk, path, title), 5)
    assert shown is not None and time.monotonic() - changed_at < 5
    assert shown <= VISIBLE_WITHIN, f"node B served the page without the image for {shown:.2f} s"
    html = httpx.get(node_b + path, timeout=10).text
    in_page = re.findall(r'<img[^>]+src="([^"]+)"', html.split('<figure class="image">', 1)[1])
    detail = httpx.get(f"{node_b}/api/v3/pages/{pk}/", timeout=10).json()
    in_api = detail["body"][0]["value"]["image"]
    original = httpx.get(f"{node_b}/api/v3/images/{image_id}/", timeout=10).json()
    urls = {
        "original": original["meta"]["download_url"],
        "page rendition": in_page[0],
        **{f"API {name}": rendition["url"] for name, rendition in in_api["renditions"].items()},
    }
    assert in_api["id"] == image_id and len(set(urls.values())) == len(urls), urls
    for what, url in urls.items():
        url = urljoin(cluster.url, url)
        assert title in url and url.startswith(cluster.url + "/media/"), (what, url)
        response = httpx.get(url, timeout=10)  # nginx, from the bucket
        assert response.status_code == 200, (what, url)
        assert response.headers["content-type"].startswith("image/"), (what, url)


def json_lines(logfile):
    """The JSON objects of a log file (gunicorn's own lines are plain text)."""
    lines = []
    for line in Path(logfile).read_text().splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
    return lines


def test_a_request_id_goes_from_nginx_through_the_node_to_the_worker(cluster, topic, admin_token):
    """A publish through nginx: nginx's id is in nginx's access log, in the JSON log of
    the node that answered it and in the worker's log lines of the tasks it enqueued
    (search-index update, webhooks)."""
    pk, _path = topic
    published = publish_change(api(cluster.url, admin_token), pk, summary=marker("traced"))
    request_id = published.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id), "nginx's $request_id"

    def logged(*names):
        return [
            line
            for name in names
            for line in json_lines(cluster.dir / f"{name}.log")
            if line.get("request_id") == request_id
        ]

    # nginx writes its access line after the answer has gone out, so the client can read
    # the log before the line is there: wait for it as for the others.
    access_log = cluster.dir / "nginx-access.log"
    assert wait_for(lambda: f"rid={request_id}" in access_log.read_text(), 10) is not None
    assert (
        wait_for(
            lambda: any(
                line["logger"] == "cms.requests" and "POST" in line["message"]
                for line in logged("node_a", "node_b")
            ),
            10,
        )
        is not None
    ), "no node logged the publish under the id"
    assert wait_for(lambda: logged("worker"), 15) is not None, "the worker never logged the id"
    assert (
        wait_for(
            lambda: any("state=SUCCESSFUL" in line["message"] for line in logged("worker")), 15
        )
        is not None
    ), "the worker logged no finished task under the id"


class Sent(NamedTuple):
    """One request of a load: monotonic times, the status (``None``: no answer) and
    nginx's request id (to find it in nginx's access log)."""

    sent: float
    answered: float
    status: int | None
    request_id: str | None


def _load(url, seconds, connections):
    """Every GET sent from ``connections`` threads for ``seconds``."""
    deadline = time.monotonic() + seconds
    requests = []

    def one_client():
        with httpx.Client(timeout=10) as client:
            while time.monotonic() < deadline:
                sent = time.monotonic()
                try:
                    response = client.get(url)
                    code, request_id = response.status_code, response.headers.get("X-Request-ID")
                except httpx.HTTPError:
                    code, request_id = None, None
                requests.append(Sent(sent, time.monotonic(), code, request_id))

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        for future in [pool.submit(one_client) for _ in range(connections)]:
            future.result()
    return requests


def _load_codes(url, seconds, connections):
    """GETs from ``connections`` threads for ``seconds``; any answer but 200 is a failure."""
    requests = _load(url, seconds, connections)
    failed = sum(request.status != 200 for request in requests)
    return {"ok": len(requests) - failed, "failed": failed}


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


def test_without_redis_pages_are_served_publishing_works_and_nothing_stale_after(
    cluster, topic, admin_token
):
    pk, path = topic
    bases = (cluster.node_url("node_a"), cluster.node_url("node_b"), cluster.url)
    for base in bases:  # the current version, stored in Redis by every node
        assert serves(base, pk, path, "")
    summary = f"Published while Redis was down: {marker('redis')}."

    cluster.stop_part("redis")
    try:
        counts = _load_codes(cluster.url + path, 2, 4)
        api_counts = _load_codes(f"{cluster.url}/api/v3/pages/{pk}/", 2, 4)
        health = httpx.get(cluster.url + "/healthz")
        publish_change(api(cluster.node_url("node_a"), admin_token), pk, summary=summary)
        assert counts["failed"] == 0 and api_counts["failed"] == 0, (counts, api_counts)
        assert health.status_code == 200
        assert health.json()["status"] == "degraded"
        assert health.json()["cache"] == "unavailable"
    finally:
        cluster.start_part("redis")
    assert wait_for(lambda: httpx.get(cluster.url + "/healthz").json()["cache"] == "ok", 10)

    # The change is served by both nodes once Redis is back, and never the old version.
    assert wait_for(lambda: serves(cluster.node_url("node_b"), pk, path, summary), 2) is not None
    for _ in range(5):
        for base in bases:
            assert serves(base, pk, path, summary), f"{base} served the page from before Redis"


def test_tasks_wait_while_the_worker_is_stopped_and_drain_when_it_returns(
    cluster, topic, admin_token
):
    """Publishes through node A while the worker is down: their tasks wait, nothing is
    lost, and when it is back they run: the search index finds the new words."""
    pk, _path = topic
    node = cluster.node_url("node_a")
    word = marker("queued")
    cluster.stop_part("worker")
    try:
        publish_change(
            api(node, admin_token), pk, summary=f"Indexed once the worker is back: {word}."
        )
        backlog = httpx.get(node + "/healthz").json()["tasks"]["backlog"]
        assert backlog > 0
    finally:
        cluster.start_part("worker")
    drained = wait_for(lambda: httpx.get(node + "/healthz").json()["tasks"]["backlog"] == 0, 30)
    assert drained is not None
    found = httpx.get(f"{cluster.node_url('node_b')}/api/v3/search/", params={"q": word}).json()
    assert found["count"] >= 1, found


def upstreams_by_request_id(cluster):
    """The nodes nginx sent each request to, in order, from its access log: a request
    ``proxy_next_upstream`` retried has two (``upstream=A:port, B:port``)."""
    logged = re.finditer(
        r"rid=(\w+) upstream=(.*?) cache=", (cluster.dir / "nginx-access.log").read_text()
    )
    return {line[1]: line[2].split(", ") for line in logged}


def test_killing_node_a_under_load_fails_no_request_after_the_failover(cluster, topic):
    """Last, as it restarts node A. No request fails but those in flight while node A
    died (sent before it was gone, answered after the SIGKILL), and these are counted:
    nginx retries on node B every one node A had not begun to answer
    (``proxy_next_upstream``), but not one whose headers it has already passed on (a
    gunicorn worker writes headers and body in two writes: a kill between them cuts
    the answer), so at most one per worker of node A can fail. Later retries are node A
    tried again once fail_timeout has passed, refused, answered by node B."""
    _pk, path = topic
    with concurrent.futures.ThreadPoolExecutor(1) as runner:
        load = runner.submit(_load, cluster.url + path, 15, 20)
        time.sleep(5)
        killed_at = time.monotonic()
        cluster.stop_part("node_a", sig=9)  # SIGKILL: in-flight requests are cut off
        gone_at = time.monotonic()
        requests = load.result()
    cluster.start_part("node_a")

    # nginx logs a request after answering it: wait until every answered one is logged.
    answered = {r.request_id for r in requests if r.request_id}
    assert wait_for(lambda: answered <= upstreams_by_request_id(cluster).keys(), 10) is not None
    upstreams = upstreams_by_request_id(cluster)
    in_flight = [r for r in requests if r.sent < gone_at and r.answered > killed_at]
    after = [r for r in requests if r not in in_flight]
    retried = [r for r in requests if len(upstreams.get(r.request_id, ())) > 1]
    in_flight_retried = [r for r in in_flight if r in retried]
    in_flight_failed = [r for r in in_flight if r.status != 200]
    failed_after = [r for r in after if r.status != 200]
    report = (
        f"node A killed under load: {len(requests)} requests; {len(in_flight)} in flight "
        f"while it died: {len(in_flight_retried)} retried by nginx on node B, "
        f"{len(in_flight_failed)} failed (cut after their headers); "
        f"{len(after)} outside the kill: {len(failed_after)} failed, "
        f"{len(retried) - len(in_flight_retried)} retried later (node A tried again)"
    )
    print(f"\n{report}")

    assert not failed_after, report
    assert in_flight_retried, f"the kill cut off no request: {report}"
    workers = int(os.environ.get("CLUSTER_NODE_WORKERS", "2"))
    assert len(in_flight_failed) <= workers, report
