"""Alt+] / Alt+[ and "PEP: Go to next leftover" in a real VS Code (code-server with the packaged
.vsix, driven by playwright-core): editors/vscode/e2e/leftovers.mjs reads the status bar after
each move; screenshots land in test-artifacts/vscode-leftovers/."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.editors.conftest import ARTIFACTS
from tests.editors.test_vscode import VSCODE, code_server_with_server, editor_node

pytestmark = pytest.mark.editors

DRAFT = Path(__file__).resolve().parents[1] / "fixtures" / "draft.md"


def test_alt_brackets_walk_the_placeholders_and_instructions(
    request: pytest.FixtureRequest, server_command: Path, tmp_path: Path
) -> None:
    node = editor_node(request)
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    document = workspace / "pep-draft.md"
    shutil.copyfile(DRAFT, document)
    with code_server_with_server(tmp_path, workspace, server_command) as url:
        artifacts = ARTIFACTS / "vscode-leftovers"
        shutil.rmtree(artifacts, ignore_errors=True)
        spec = {
            "url": url,
            "folder": str(workspace),
            "file": document.name,
            "artifacts": str(artifacts),
            "keys": ["Alt+]", "Alt+]", "Alt+[", "Alt+["],
        }
        (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
        driven = subprocess.run(
            [
                node,
                str(VSCODE / "e2e" / "leftovers.mjs"),
                str(tmp_path / "spec.json"),
                str(tmp_path / "result.json"),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=VSCODE,
        )
        result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result["errors"] == [], driven.stdout + driven.stderr
    # The leftover is selected (typing replaces it): Updated's [DD-MM-YYYY], the instruction line,
    # back, and back again wraps to the last placeholder.
    assert result["positions"] == [
        "Ln 10, Col 10 (12 selected)",
        "Ln 82, Col 1 (49 selected)",
        "Ln 10, Col 10 (12 selected)",
        "Ln 103, Col 33 (27 selected)",
    ]
    assert (
        result["palette"] == "Ln 10, Col 10 (12 selected)"
    )  # from the last, the next wraps to the first
