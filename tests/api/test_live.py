"""Against a real server: an app's round trip with httpx, and a bounded schemathesis run.

Live-server tests are transactional: pytest-django runs them after the others and
flushes the database after each one, root page and all. With ``serialized_rollback``
each starts from the snapshot of the demo site that ``tests/conftest.py`` takes, so
every test here reads the full demo content (SQLite's in-memory database is shared
with the server thread; on PostgreSQL the server's own connection sees the committed
data).
"""

import io
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from django.core.management import call_command

from wagtail.models import Page

from demo.users import create_demo_users

SCHEMATHESIS_SEED = 20261122


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def live_demo(live_server):
    assert Page.objects.filter(depth__gt=1).exists(), "the demo site is back"
    create_demo_users()
    return live_server.url


def api_token(username):
    out = io.StringIO()
    call_command("api_tokens", "create", "--user", username, "--name", "e2e", stdout=out)
    return out.getvalue().strip()


def test_app_reads_german_content_and_writes_within_the_workflow(live_demo):
    app = httpx.Client(base_url=f"{live_demo}/api/v3", timeout=30)

    german = next(item for item in app.get("/locales/").json() if item["code"] == "de")
    topics = app.get("/pages/", params={"type": "topics.TopicPage", "locale": "de"}).json()
    topic = app.get(f"/pages/{topics['items'][0]['id']}/").json()
    therapy = app.get(f"/pages/{topic['therapies'][0]['id']}/").json()
    specialist = app.get(f"/pages/{topic['specialists'][0]['id']}/").json()

    assert german["home_page_id"] == topic["meta"]["breadcrumbs"][0]["id"]
    assert topic["title"] == "Lebermetastasen"
    assert {link["locale"] for link in topic["therapies"] + topic["specialists"]} == {"de"}
    assert therapy["meta"]["locale"] == "de" and topic["id"] in [t["id"] for t in therapy["topics"]]
    assert specialist["meta"]["locale"] == "de"
    assert {specialty["locale"] for specialty in specialist["specialties"]} == {"de"}

    cached = app.get(f"/pages/{topic['id']}/")
    revalidated = app.get(
        f"/pages/{topic['id']}/", headers={"If-None-Match": cached.headers["ETag"]}
    )
    assert revalidated.status_code == 304

    editor = httpx.Client(
        base_url=f"{live_demo}/api/v3",
        headers={"Authorization": f"Bearer {api_token('editor')}"},
        timeout=30,
    )
    english_topic = topic["meta"]["alternates"]["en"]
    topic_index = app.get(f"/pages/{english_topic['id']}/").json()["meta"]["parent"]
    created = editor.post(
        "/pages/",
        json={
            "meta": {"type": "topics.TopicPage", "parent_id": topic_index["id"]},
            "title": "Bone metastases",
            "summary": "Tumours that spread to the bones.",
        },
    )
    assert created.status_code == 201, created.text
    page_id = created.json()["id"]
    assert app.get(f"/pages/{page_id}/").status_code == 404, "drafts stay private"

    updated = editor.patch(f"/pages/{page_id}/", json={"summary": "Cancer that spread to bone."})
    published = editor.post(f"/pages/{page_id}/actions/publish/")
    submitted = editor.post(f"/pages/{page_id}/actions/submit/")
    read_only = editor.patch(f"/pages/{page_id}/", json={"last_reviewed": "2026-01-01"})

    assert updated.status_code == 200 and updated.json()["summary"].startswith("Cancer")
    assert published.status_code == 403 and "review" in published.json()["detail"]
    assert submitted.status_code == 200
    assert read_only.status_code == 422 and "last_reviewed" in read_only.json()["detail"]

    translator = httpx.Client(
        base_url=f"{live_demo}/api/v3",
        headers={"Authorization": f"Bearer {api_token('translator_de')}"},
        timeout=30,
    )
    assert (
        translator.patch(f"/pages/{english_topic['id']}/", json={"summary": "x"}).status_code == 403
    )
    assert translator.patch(f"/pages/{topic['id']}/", json={"summary": "x"}).status_code == 409
    refused = translator.post(f"/pages/{english_topic['id']}/translations/", json={"locale": "fr"})
    assert refused.status_code == 403
    assert app.get("/pages/", headers={"Authorization": "Bearer nope"}).status_code == 401


SCHEMATHESIS_CONFIG = Path(__file__).with_name("schemathesis.toml")
# Bounds each reader's run: schemathesis spreads it over every operation (coverage cases,
# then fuzzing until it is spent); a slower machine runs fewer cases, never longer.
SCHEMATHESIS_SECONDS = 100


@pytest.mark.parametrize("reader", ["anonymous", "editor"])
def test_schemathesis_finds_no_failure_of_any_check(live_demo, reader, tmp_path):
    """Every operation and every check, as a public reader and as an editor.

    The editor writes too (POST, PATCH, PUT, DELETE): the live server's database is this
    module's snapshot of the demo site, restored after the test. Refusals the document
    cannot state (unknown ids, two parameters together) are listed, with why, in
    ``schemathesis.toml``; no check is left out.
    """
    headers = (
        [] if reader == "anonymous" else [f"--header=Authorization: Bearer {api_token(reader)}"]
    )
    command = [
        str(Path(sys.executable).with_name("st")),
        f"--config-file={SCHEMATHESIS_CONFIG}",
        "run",
        f"{live_demo}/api/v3/openapi.json",
        "--checks=all",
        "--phases=examples,coverage,fuzzing",
        "--max-examples=5",
        f"--max-time={SCHEMATHESIS_SECONDS}",
        f"--seed={SCHEMATHESIS_SEED}",
        "--workers=1",
        "--no-shrink",
        "--generation-database=none",
        "--request-timeout=30",
        "--no-color",
        *headers,
    ]

    result = subprocess.run(  # noqa: S603
        command,
        capture_output=True,
        text=True,
        timeout=SCHEMATHESIS_SECONDS + 50,
        check=False,
        cwd=tmp_path,
    )

    summary = re.search(r"(\d+) generated, .*", result.stdout)
    print(f"schemathesis ({reader}):", summary.group(0) if summary else result.stdout[-2000:])
    assert result.returncode == 0, result.stdout[-6000:]
