"""export_content / import_content round-trip the whole content into an empty database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cms.backup import content_tree, export_content
from topics.models import TopicPage

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, database_url):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.django_db
def test_export_import_round_trip_into_empty_database(tmp_path):
    english = TopicPage.objects.get(locale__language_code="en")
    english.title = "Liver metastases (draft under review)"
    english.save_revision()
    archive = tmp_path / "content.zip"
    export_content(str(archive))
    expected = content_tree()
    database = tmp_path / "restored.sqlite3"

    manage("migrate", "--no-input", database_url=f"sqlite:///{database}")
    output = manage(
        "import_content", str(archive), "--print-tree", database_url=f"sqlite:///{database}"
    )

    restored = json.loads(output.strip().splitlines()[-1])
    assert restored == json.loads(json.dumps(expected))
    assert "Liver metastases (draft under review)" in restored["latest_titles"]
    assert len(restored["pages"]) == 157


@pytest.mark.django_db
def test_import_refuses_a_file_that_is_not_an_archive(tmp_path):
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"not a zip")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"

    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "import_content", str(bogus)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "Not a content archive" in result.stderr
