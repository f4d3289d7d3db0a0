"""A typed client generated from the live OpenAPI document reads real answers.

openapi-python-client (pinned in ``requirements-dev.txt``) generates a client from
``/api/v3/openapi.json`` as an app developer would; it must do so without a warning (a
warning means an operation or a model was left out), and a topic with its relations
expanded must survive the generated models' ``from_dict`` and ``to_dict`` unchanged (date-times
compared as instants),
with every key documented: a key the document does not name would land in a model's
``additional_properties``. The topic's body gets an image, so an image value (and
whatever it later carries, such as a ``srcset``) is checked too. The server is
``live_server`` on a snapshot of the demo site, as in ``test_live.py``.
"""

import importlib
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import attrs
import httpx
import pytest
import wagtail_factories

from topics.models import TopicPage

from ..utils import page_in
from .test_live import api_token, live_demo  # noqa: F401 (a fixture)

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
MISSING = "openapi-python-client is not installed: pip install -r requirements-dev.txt"
PACKAGE = "cms_api_client"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def generated_client(live_demo, tmp_path, monkeypatch):  # noqa: F811
    """The client package generated from the live document, importable as ``PACKAGE``."""
    if not GENERATOR.exists():
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)
    document = httpx.get(f"{live_demo}/api/v3/openapi.json", timeout=30)
    (tmp_path / "openapi.json").write_bytes(document.content)
    # No post hooks: the generated code is imported, not kept, so it needs no ruff pass.
    (tmp_path / "config.json").write_text(json.dumps({"post_hooks": []}))
    result = subprocess.run(  # noqa: S603
        [
            str(GENERATOR),
            "generate",
            "--path=openapi.json",
            "--config=config.json",
            "--meta=none",
            f"--output-path={PACKAGE}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def undocumented_keys(value, where="answer"):
    """Keys of ``value`` (parsed models, recursively) that no schema names.

    A model of a schema with typed ``additionalProperties`` (``meta.alternates``) keeps
    typed extras; every other model's extras are keys its schema does not name.
    """
    found = []
    if attrs.has(type(value)):
        extras = attrs.fields_dict(type(value)).get("additional_properties")
        for name, item in getattr(value, "additional_properties", {}).items():
            if extras is not None and extras.type == "dict[str, Any]":
                found.append(f"{where}.{name}")
            found += undocumented_keys(item, f"{where}.{name}")
        for field in attrs.fields(type(value)):
            if field.name != "additional_properties":
                found += undocumented_keys(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += undocumented_keys(item, f"{where}[{index}]")
    return found


DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T", re.ASCII)


def normalized(value):
    """``value`` with date-times as ``datetime``: the models write back ``…+00:00``
    where the API wrote ``…Z``, the same instant."""
    if isinstance(value, dict):
        return {key: normalized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalized(item) for item in value]
    if isinstance(value, str) and DATETIME.match(value):
        return datetime.fromisoformat(value)
    return value


def image_values(answer):
    """Every image value in an answer (``{"id", "title", ..., "renditions"}``)."""
    if isinstance(answer, dict):
        if "renditions" in answer and "width" in answer:
            yield answer
        for item in answer.values():
            yield from image_values(item)
    elif isinstance(answer, list):
        for item in answer:
            yield from image_values(item)


def test_generated_client_round_trips_a_topic_with_expanded_relations(
    generated_client,
    live_demo,  # noqa: F811
):
    topic = page_in(TopicPage, "en")
    image = wagtail_factories.ImageFactory(title="CT scan of the liver")
    topic.body.append(("image", {"image": image, "alt_text": "A CT scan", "caption": "Scan"}))
    topic.save()
    detail = importlib.import_module(f"{PACKAGE}.api.pages.pages_detail")
    models = importlib.import_module(f"{PACKAGE}.models")
    client = generated_client.AuthenticatedClient(
        base_url=live_demo, token=api_token("editor"), raise_on_unexpected_status=True
    )

    response = detail.sync_detailed(topic.pk, client=client, expand="therapies")

    answer = json.loads(response.content)
    assert response.status_code == 200, answer
    parsed = response.parsed
    assert isinstance(parsed, models.TopicPageDetail)
    assert normalized(parsed.to_dict()) == normalized(answer)
    assert answer["therapies"] and all("meta" in card for card in answer["therapies"])
    assert all(isinstance(card, models.TherapyPageSummary) for card in parsed.therapies), (
        "expanded therapies parse as summary cards"
    )
    assert undocumented_keys(parsed) == []
    images = list(image_values(answer))
    assert images, "the topic shows its image"
    for value in images:
        image_model = models.Image.from_dict(value)
        assert normalized(image_model.to_dict()) == normalized(value)
        assert undocumented_keys(image_model, "image") == []
