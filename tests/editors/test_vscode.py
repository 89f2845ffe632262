"""pep-lsp in a real VS Code: code-server (VS Code 1.99 in a browser) with the packaged .vsix
installed, driven by playwright-core in headless Chromium. editors/vscode/e2e/drive.mjs acts like a
user and reports what the screen showed; this file judges it. Screenshots of every step land in
test-artifacts/vscode/."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.editors.conftest import (
    ARTIFACTS,
    CACHE,
    EDITORS,
    FIXTURE,
    STATUSES,
    expected_after_motivation_fix,
    expected_findings,
    fixture_lines,
    heading_tree,
    line_of,
    missing_dependency,
)

pytestmark = pytest.mark.editors

VSCODE = EDITORS / "vscode"
CODE_SERVER = CACHE / "code-server" / "node_modules" / ".bin" / "code-server"
VSIX = VSCODE / "dist" / "pep-lsp.vsix"
CHROMIUM = Path(os.environ.get("PEP_LSP_CHROMIUM", "/usr/bin/chromium"))
MISSING_SERVER = "/nonexistent/bin/pep-lsp"
SEVERITY_NAMES = {1: "error", 2: "warning", 3: "info"}
HEADER_FIELDS = ["PEP", "Title", "Author", "Status", "Type", "Created", "Updated", "Version"]

@dataclass(frozen=True)
class LineCase:
    typed_prefix: str  # the fixture line that is retyped
    typed: str
    line: str  # what the first item makes of it, in VS Code as in Neovim


SAME_AS_NEOVIM = [LineCase("Status: ", "Status:", "Status: Draft"), LineCase("Version: ", "Ver", "Version: 0.1")]

# Settings that keep first-run noise (welcome page, tips, update checks) off the screenshots.
USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "chat.commandCenter.enabled": False,
    "window.commandCenter": False,
    "editor.minimap.enabled": False,
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"code-server exited with {process.returncode}: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"code-server did not answer {url} in {timeout} s: {log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def vscode_run(request: pytest.FixtureRequest, server_command: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    for path, what in [
        (CODE_SERVER, "code-server 4.99.4"),
        (VSIX, "the packaged extension editors/vscode/dist/pep-lsp.vsix"),
        (VSCODE / "node_modules" / "playwright-core", "playwright-core (npm ci in editors/vscode)"),
        (CHROMIUM, "chromium"),
    ]:
        if not path.exists():
            missing_dependency(f"{what} ({path})", request)
    node = shutil.which("node")
    if node is None:
        missing_dependency("node", request)

    root = tmp_path_factory.mktemp("vscode")
    workspace, data, extensions = root / "workspace", root / "data", root / "extensions"
    (workspace / ".vscode").mkdir(parents=True)
    (data / "User").mkdir(parents=True)
    document = workspace / FIXTURE.name
    shutil.copyfile(FIXTURE, document)
    (workspace / "pyproject.toml").write_text('[project]\nname = "proposals"\n', encoding="utf-8")
    # The server comes from the setting, as for a user whose pep-lsp is not on PATH.
    workspace_settings = workspace / ".vscode" / "settings.json"
    workspace_settings.write_text(json.dumps({"pepLsp.server.path": str(server_command)}), encoding="utf-8")
    (data / "User" / "settings.json").write_text(json.dumps(USER_SETTINGS), encoding="utf-8")
    (root / "config.yaml").write_text("", encoding="utf-8")

    common = ["--user-data-dir", str(data), "--extensions-dir", str(extensions), "--config", str(root / "config.yaml")]
    installed = subprocess.run([str(CODE_SERVER), *common, "--install-extension", str(VSIX)],
                               capture_output=True, text=True, timeout=180)
    assert installed.returncode == 0 and "successfully installed" in installed.stdout, installed.stdout + installed.stderr

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
        artifacts = ARTIFACTS / "vscode"
        shutil.rmtree(artifacts, ignore_errors=True)
        spec = {
            "url": f"http://127.0.0.1:{port}",
            "folder": str(workspace),
            "file": FIXTURE.name,
            "artifacts": str(artifacts),
            "statusLine": line_of("Status: ") + 1,
            "statusValue": "Discussion",
            "completionLines": [
                {"line": line_of(case.typed_prefix) + 1, "typed": case.typed, "restore": fixture_lines()[line_of(case.typed_prefix)]}
                for case in SAME_AS_NEOVIM
            ],
            "hover": {"text": "## Abstract", "word": "Abstract"},
            "quickFix": {"line": line_of("## Abstract"), "character": 3, "title": "Insert missing section 'Motivation'"},
            "settingsFile": str(workspace_settings),
            "missingServerPath": MISSING_SERVER,
        }
        (root / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        driven = subprocess.run([node, str(VSCODE / "e2e" / "drive.mjs"), str(root / "spec.json"), str(root / "result.json")],
                                capture_output=True, text=True, timeout=540, cwd=VSCODE)
        assert (root / "result.json").exists(), f"drive.mjs wrote no result: {driven.stdout}{driven.stderr}"
        result = json.loads((root / "result.json").read_text(encoding="utf-8"))
        result["document"] = document.read_text(encoding="utf-8")
        result["artifacts"] = artifacts
        yield result
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def step(run: dict, name: str) -> dict:
    """A step's observations, failing with the driver's own error when the step broke."""
    assert name not in run["errors"], f"{name} failed in the editor: {run['errors'][name]}"
    return run["steps"][name]


def test_problems_panel_lists_the_findings(vscode_run: dict) -> None:
    rows = step(vscode_run, "02-problems")["rows"]
    got = [(r["severity"], r["message"], r["source"], r["code"], r["position"]) for r in rows]
    # VS Code sorts the panel by severity, then position; positions are 1-based there.
    want = [
        (SEVERITY_NAMES[e.severity], e.message, "pep-lsp", e.code, f"[Ln {e.line + 1}, Col {e.start + 1}]")
        for e in sorted(expected_findings(), key=lambda e: (e.severity, e.line, e.start))
    ]
    assert got == want


def test_hover_on_a_heading_shows_its_diagnostic(vscode_run: dict) -> None:
    texts = step(vscode_run, "04-hover")["texts"]
    assert "Missing essential section 'Motivation' (it belongs after 'Abstract')pep-lsp(S101)" in texts


def test_hover_on_a_heading_shows_the_template_guidance(vscode_run: dict) -> None:
    texts = step(vscode_run, "04-hover")["texts"]
    assert any("Write a concise summary of 200-300 words" in text for text in texts), texts


def test_typing_status_offers_the_status_values(vscode_run: dict) -> None:
    completion = step(vscode_run, "03-completion")
    assert completion["invoked"] == "trigger-character"  # popped up on the space, no Ctrl+Space
    assert sorted(completion["labels"]) == sorted(STATUSES)
    assert completion["accepted"] == "Discussion"


def test_completion_leaves_the_same_lines_as_in_neovim(vscode_run: dict) -> None:
    """The first item for `Status:` (no space) and for a field name typed halfway gives the line
    the Neovim test expects for the same keys (tests/editors/test_nvim.py, status-value and
    field-halfway)."""
    results = step(vscode_run, "03b-completion-lines")["results"]
    assert [(r["typed"], r["line"]) for r in results] == [(case.typed, case.line) for case in SAME_AS_NEOVIM]


def test_quick_fix_inserts_the_missing_section(vscode_run: dict) -> None:
    quick_fix = step(vscode_run, "05-quickfix")
    assert "Insert missing section 'Motivation'" in quick_fix["titles"]
    assert quick_fix["applied"] is True
    assert vscode_run["document"] == expected_after_motivation_fix()


def test_editing_steps_leave_the_rest_of_the_document_intact(vscode_run: dict) -> None:
    """Whatever the quick fix did, the completion round trip restored the Status line exactly."""
    step(vscode_run, "03-completion")
    step(vscode_run, "05-quickfix")
    assert "\nStatus: Discussion\n" in vscode_run["document"]


def test_outline_shows_the_section_tree(vscode_run: dict) -> None:
    items = step(vscode_run, "06-outline")["items"]
    groups = [i for i, item in enumerate(items) if item["level"] == 1]
    ours = next(i for i in groups if items[i]["label"] == "PEP Language Server")
    end = next((i for i in groups if i > ours), len(items))
    tree = [(item["level"] - 1, item["label"]) for item in items[ours + 1 : end]]
    # First the header block with its fields as children, then the ##/###/#### headings.
    header_fields = [label for level, label in tree[1 : 1 + len(HEADER_FIELDS)]]
    assert tree[0][0] == 1 and header_fields == HEADER_FIELDS
    assert all(level == 2 for level, _ in tree[1 : 1 + len(HEADER_FIELDS)])
    # The outline is read after the quick fix (step 05) inserted Motivation and its subsection.
    assert tree[1 + len(HEADER_FIELDS) :] == [(level - 1, title) for level, title in heading_tree(expected_after_motivation_fix())]


def test_missing_server_gives_one_notification_with_open_settings(vscode_run: dict) -> None:
    missing = step(vscode_run, "07-server-missing")
    assert missing["notifications"] == [
        {
            "message": f'The setting pepLsp.server.path is "{MISSING_SERVER}", but {MISSING_SERVER} is not an executable file.',
            "buttons": ["Open settings"],
        }
    ]
    # "Open settings" lands in the Settings editor, filtered to the setting to fix.
    assert missing["settingsSearch"] == "pepLsp.server.path"
    assert missing["activeTab"].startswith("Settings")


def test_every_step_left_a_screenshot(vscode_run: dict) -> None:
    names = {path.name for path in Path(vscode_run["artifacts"]).glob("*.png")}
    assert {f"{name}.png" for name in vscode_run["steps"]} <= names
