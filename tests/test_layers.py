"""The layering of docs/contributing.md holds: imports point down (cms imports no content
app, no content app imports api, topics not specialists), nothing imports demo.

import-linter reads `.importlinter`; the second test proves that the same layer list
refuses an upward import, so the first cannot pass by checking nothing.
"""

import configparser
import sys
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"


def _layers():
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    return parser["importlinter:contract:layers"]["layers"].split()


def test_the_project_keeps_its_layers(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True) == 0


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("cms", "topics"),  # cms reaching up into a content app, as a shortcut would
        ("topics", "api"),  # a content app registering itself with the API
        ("topics", "specialists"),
        ("api", "demo"),
    ],
)
def test_the_layer_list_refuses_an_upward_import(tmp_path, monkeypatch, importer, imported):
    layers = _layers()
    assert layers[-1] == "cms" and layers[0] == "demo"
    for name in layers:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / importer / "shortcut.py").write_text(f"import {imported}\n")
    config = tmp_path / ".importlinter"
    config.write_text(CONFIG.read_text())
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in layers:
        monkeypatch.delitem(sys.modules, name, raising=False)
    assert lint_imports(config_filename=str(config), no_cache=True, no_logo=True) == 1
