"""Wagtail's own v3 client, wagtail-cli, unmodified, against a live server.

wagtail-cli needs Python 3.12+, the project runs on 3.11: it lives in its own venv,
``make .cli-venv`` (pinned in ``requirements-cli.txt``). Without that venv the test
skips and says how to get it. The server is ``live_server`` on a snapshot of the demo
site, as in ``test_live.py``.
"""

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from wagtail.models import Page

from .test_live import api_token, live_demo  # noqa: F401 (a fixture)

WT = Path(__file__).resolve().parents[2] / ".cli-venv" / "bin" / "wt"

MISSING = (
    "wagtail-cli needs Python 3.12+ in .cli-venv: run `make .cli-venv` "
    "(CLI_PYTHON=/path/to/python3.12 if none is found)"
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def wt(live_demo, tmp_path):  # noqa: F811
    """``wt("editor", "pages", "list", ...)`` -> the parsed JSON wagtail-cli printed.

    Skips where the CLI's venv is missing, except in CI, which must provide it.
    """
    if not WT.exists():
        if os.environ.get("CMS_REQUIRE_CLI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)

    def run(username, *args, ok=True):
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(tmp_path),  # no user dotfile
            "WAGTAIL_CLI_BASE_URL": f"{live_demo}/api/v3",
            "WAGTAIL_CLI_TOKEN": api_token(username),
        }
        result = subprocess.run(  # noqa: S603
            [str(WT), "--json", "api", "pages", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=tmp_path,  # no manage.py: wt stays an API client
            env=env,
        )
        if not ok:
            return result
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def path_of(page):
    return urlsplit(page["meta"]["url"]).path


def test_wagtail_cli_lists_finds_searches_creates_updates_publishes_unpublishes(wt):
    listed = wt("editor", "list", "--type", "topics.TopicPage", "--locale", "de")
    german = wt("editor", "get", "/de/themen/lebermetastasen/")
    found = wt("editor", "list", "--search", "Lebermetastasen", "--locale", "de")
    index = wt("editor", "get", "/en/topics/")
    children = wt("editor", "list", "--child-of", str(index["id"]), "--order", "title")

    assert listed["count"] >= 1 and {p["meta"]["locale"] for p in listed["items"]} == {"de"}
    assert german["title"] == "Lebermetastasen" and german["meta"]["locale"] == "de"
    assert german["id"] in [item["id"] for item in found["items"]]
    titles = [item["title"] for item in children["items"]]
    assert titles == sorted(titles) and "Liver metastases" in titles

    created = wt(
        "editor",
        "create",
        "topics.TopicPage",
        "--parent",
        "/en/topics/",
        "--title",
        "Bone metastases",
        "--field",
        "summary:Tumours that spread to the bones.",
    )
    page_id = str(created["id"])
    updated = wt(
        "editor", "update", page_id, "--field", "summary:Cancer that spread to bone.", "--yes"
    )
    refused = wt("editor", "publish", page_id, ok=False)
    published = wt("admin", "publish", page_id)
    revisions = wt("editor", "revisions", "list", page_id)
    live = wt("editor", "get", path_of(published))
    unpublished = wt("admin", "unpublish", page_id)

    assert created["meta"]["draft"] is True and not Page.objects.get(pk=created["id"]).live
    assert updated["summary"] == "Cancer that spread to bone."
    assert refused.returncode != 0 and "403" in refused.stderr
    assert revisions["count"] >= 2
    assert live["id"] == created["id"] and live["summary"] == "Cancer that spread to bone."
    assert unpublished["id"] == created["id"]
    assert not Page.objects.get(pk=created["id"]).live
