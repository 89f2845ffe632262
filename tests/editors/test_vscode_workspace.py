"""The workspace of proposals in a real VS Code (code-server with the packaged extension, driven
by playwright-core in headless Chromium): hover on a mention, go to definition, workspace symbols
and a heading rename saved to disk. tests/editors/workspace/drive.mjs acts; this file judges.
Screenshots land in test-artifacts/vscode-workspace/."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_workspace import ONE, THREE, TWO
from tests.editors.conftest import ARTIFACTS
from tests.editors.test_vscode import VSCODE, code_server_with_server, editor_node

pytestmark = pytest.mark.editors
DRIVER = Path(__file__).parent / "workspace" / "drive.mjs"


@pytest.fixture(scope="module")
def run(
    request: pytest.FixtureRequest, server_command: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict]:
    node = editor_node(request)
    root = tmp_path_factory.mktemp("vscode-workspace")
    workspace = root / "workspace"
    workspace.mkdir()
    for name, text in (("pep-0001.md", ONE), ("pep-0002.md", TWO), ("pep-0003.md", THREE)):
        (workspace / name).write_text(text, encoding="utf-8")
    with code_server_with_server(root, workspace, server_command) as url:
        artifacts = ARTIFACTS / "vscode-workspace"
        shutil.rmtree(artifacts, ignore_errors=True)
        spec = {
            "url": url,
            "folder": str(workspace),
            "vscodeDir": str(VSCODE),
            "artifacts": str(artifacts),
            "mention": [11, 13],
            "heading": [9, 6],
            "newName": "Why it matters",
        }
        (root / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        driven = subprocess.run(
            [node, str(DRIVER), str(root / "spec.json"), str(root / "result.json")],
            capture_output=True,
            text=True,
            timeout=400,
        )
        assert (root / "result.json").exists(), (
            f"drive.mjs wrote no result: {driven.stdout}{driven.stderr}"
        )
        result = json.loads((root / "result.json").read_text(encoding="utf-8"))
        result["workspace"] = workspace
        yield result


def step(run: dict, name: str) -> dict:
    assert name not in run["errors"], f"{name} failed in the editor: {run['errors'][name]}"
    return run["steps"][name]


def test_hover_on_a_mention_shows_the_proposal(run: dict) -> None:
    texts = step(run, "02-hover")["texts"]
    assert any(
        "PEP 2: Structured logging" in text
        and "Status: Draft · Type: Standard" in text
        and "Bo Chen <bo@example.org>" in text
        and "pep-0002.md" in text
        for text in texts
    ), texts


def test_f12_on_a_mention_opens_the_proposal(run: dict) -> None:
    definition = step(run, "03-definition")
    assert definition["tab"] == "pep-0002.md"
    assert definition["selection"].startswith("Ln 3, Col 1"), definition


def test_workspace_symbols_by_words(run: dict) -> None:
    assert step(run, "04-symbols")["labels"] == ["PEP 2: Structured logging"]


def test_f2_on_a_heading_renames_it_and_every_link(run: dict) -> None:
    assert step(run, "05-rename")["placeholder"] == "Motivation"
    workspace: Path = run["workspace"]
    assert (workspace / "pep-0002.md").read_text(encoding="utf-8") == TWO.replace(
        "## Motivation", "## Why it matters"
    )
    assert (workspace / "pep-0001.md").read_text(encoding="utf-8") == ONE.replace(
        "pep-0002.md#motivation", "pep-0002.md#why-it-matters"
    )
