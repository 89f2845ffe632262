"""The workspace of proposals in a real VS Code (code-server with the packaged extension, driven
by playwright-core in headless Chromium): hover on a mention, go to definition, workspace symbols
and a heading rename saved to disk. tests/editors/workspace/drive.mjs acts; this file judges.
Screenshots land in test-artifacts/vscode-workspace/."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_workspace import ONE, THREE, TWO
from tests.editors.conftest import ARTIFACTS, missing_dependency
from tests.editors.test_vscode import CHROMIUM, CODE_SERVER, USER_SETTINGS, VSCODE, VSIX, free_port, wait_http

pytestmark = pytest.mark.editors
DRIVER = Path(__file__).parent / "workspace" / "drive.mjs"


@pytest.fixture(scope="module")
def run(request: pytest.FixtureRequest, server_command: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    for path, what in [(CODE_SERVER, "code-server"), (VSIX, "the packaged extension"),
                       (VSCODE / "node_modules" / "playwright-core", "playwright-core"), (CHROMIUM, "chromium")]:
        if not path.exists():
            missing_dependency(f"{what} ({path})", request)
    node = shutil.which("node")
    if node is None:
        missing_dependency("node", request)
    root = tmp_path_factory.mktemp("vscode-workspace")
    workspace, data, extensions = root / "workspace", root / "data", root / "extensions"
    (workspace / ".vscode").mkdir(parents=True)
    (data / "User").mkdir(parents=True)
    for name, text in (("pep-0001.md", ONE), ("pep-0002.md", TWO), ("pep-0003.md", THREE)):
        (workspace / name).write_text(text, encoding="utf-8")
    (workspace / "pyproject.toml").write_text('[project]\nname = "proposals"\n', encoding="utf-8")
    (workspace / ".vscode" / "settings.json").write_text(json.dumps({"pepLsp.server.path": str(server_command)}), encoding="utf-8")
    (data / "User" / "settings.json").write_text(json.dumps(USER_SETTINGS), encoding="utf-8")
    (root / "config.yaml").write_text("", encoding="utf-8")
    common = ["--user-data-dir", str(data), "--extensions-dir", str(extensions), "--config", str(root / "config.yaml")]
    installed = subprocess.run([str(CODE_SERVER), *common, "--install-extension", str(VSIX)], capture_output=True, text=True, timeout=180)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    port = free_port()
    log = root / "code-server.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [str(CODE_SERVER), *common, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}",
             "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", str(workspace)],
            stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", process, log)
        artifacts = ARTIFACTS / "vscode-workspace"
        shutil.rmtree(artifacts, ignore_errors=True)
        spec = {
            "url": f"http://127.0.0.1:{port}", "folder": str(workspace), "vscodeDir": str(VSCODE), "artifacts": str(artifacts),
            "mention": [11, 13], "heading": [9, 6], "newName": "Why it matters",
        }
        (root / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        driven = subprocess.run([node, str(DRIVER), str(root / "spec.json"), str(root / "result.json")],
                                capture_output=True, text=True, timeout=400)
        assert (root / "result.json").exists(), f"drive.mjs wrote no result: {driven.stdout}{driven.stderr}"
        result = json.loads((root / "result.json").read_text(encoding="utf-8"))
        result["workspace"] = workspace
        yield result
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def step(run: dict, name: str) -> dict:
    assert name not in run["errors"], f"{name} failed in the editor: {run['errors'][name]}"
    return run["steps"][name]


def test_hover_on_a_mention_shows_the_proposal(run: dict) -> None:
    texts = step(run, "02-hover")["texts"]
    assert any(
        "PEP 2: Structured logging" in text and "Status: Draft · Type: Standard" in text and "Bo Chen <bo@example.org>" in text
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
    assert (workspace / "pep-0002.md").read_text(encoding="utf-8") == TWO.replace("## Motivation", "## Why it matters")
    assert (workspace / "pep-0001.md").read_text(encoding="utf-8") == ONE.replace("pep-0002.md#motivation", "pep-0002.md#why-it-matters")
