"""Alt+] / Alt+[ and "PEP: Go to next leftover" in a real VS Code (code-server with the packaged
.vsix, driven by playwright-core): editors/vscode/e2e/leftovers.mjs reads the status bar after
each move; screenshots land in test-artifacts/vscode-leftovers/."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.editors.conftest import ARTIFACTS, missing_dependency
from tests.editors.test_vscode import CHROMIUM, CODE_SERVER, USER_SETTINGS, VSCODE, VSIX, free_port, wait_http

pytestmark = pytest.mark.editors

DRAFT = Path(__file__).resolve().parents[1] / "fixtures" / "draft.md"


def test_alt_brackets_walk_the_placeholders_and_instructions(request: pytest.FixtureRequest, server_command: Path, tmp_path: Path) -> None:
    for path, what in [(CODE_SERVER, "code-server"), (VSIX, "the packaged .vsix"),
                       (VSCODE / "node_modules" / "playwright-core", "playwright-core"), (CHROMIUM, "chromium")]:
        if not path.exists():
            missing_dependency(f"{what} ({path})", request)
    node = shutil.which("node")
    if node is None:
        missing_dependency("node", request)
    workspace, data, extensions = tmp_path / "workspace", tmp_path / "data", tmp_path / "extensions"
    (workspace / ".vscode").mkdir(parents=True)
    (data / "User").mkdir(parents=True)
    document = workspace / "pep-draft.md"
    shutil.copyfile(DRAFT, document)
    (workspace / "pyproject.toml").write_text('[project]\nname = "proposals"\n', encoding="utf-8")
    (workspace / ".vscode" / "settings.json").write_text(json.dumps({"pepLsp.server.path": str(server_command)}), encoding="utf-8")
    (data / "User" / "settings.json").write_text(json.dumps(USER_SETTINGS), encoding="utf-8")
    (tmp_path / "config.yaml").write_text("", encoding="utf-8")
    common = ["--user-data-dir", str(data), "--extensions-dir", str(extensions), "--config", str(tmp_path / "config.yaml")]
    installed = subprocess.run([str(CODE_SERVER), *common, "--install-extension", str(VSIX)], capture_output=True, text=True, timeout=180)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    port = free_port()
    log = tmp_path / "code-server.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [str(CODE_SERVER), *common, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}",
             "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", str(workspace)],
            stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", process, log)
        artifacts = ARTIFACTS / "vscode-leftovers"
        shutil.rmtree(artifacts, ignore_errors=True)
        spec = {"url": f"http://127.0.0.1:{port}", "folder": str(workspace), "file": document.name,
                "artifacts": str(artifacts), "keys": ["Alt+]", "Alt+]", "Alt+[", "Alt+["]}
        (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        driven = subprocess.run([node, str(VSCODE / "e2e" / "leftovers.mjs"), str(tmp_path / "spec.json"), str(tmp_path / "result.json")],
                                capture_output=True, text=True, timeout=300, cwd=VSCODE)
        result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert result["errors"] == [], driven.stdout + driven.stderr
    # The leftover is selected (typing replaces it): Updated's [DD-MM-YYYY], the instruction line,
    # back, and back again wraps to the last placeholder.
    assert result["positions"] == [
        "Ln 10, Col 10 (12 selected)", "Ln 82, Col 1 (49 selected)", "Ln 10, Col 10 (12 selected)", "Ln 103, Col 33 (27 selected)",
    ]
    assert result["palette"] == "Ln 10, Col 10 (12 selected)"  # from the last, the next wraps to the first
