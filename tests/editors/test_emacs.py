"""pep-lsp in a real Emacs: Debian's emacs-nox 28 with elpa-eglot, in batch mode, loads
editors/emacs/pep-lsp.el as an init file would, opens the PEP fixture, and editors/emacs/test/drive.el
reports what Flymake holds, what `completion-at-point` offers and what `eglot-code-actions` did; this file judges it.

Both major modes the configuration can give a .md file are driven: markdown-mode (elpa-markdown-mode)
and the text-mode fallback for an Emacs without it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.editors.conftest import (
    EDITORS,
    FIXTURE,
    STATUSES,
    expected_after_motivation_fix,
    expected_findings,
    line_of,
    missing_dependency,
)

pytestmark = pytest.mark.editors

CONFIG = EDITORS / "emacs" / "pep-lsp.el"
DRIVER = EDITORS / "emacs" / "test" / "drive.el"
FLYMAKE_TYPES = {1: "eglot-error", 2: "eglot-warning", 3: "eglot-note", 4: "eglot-note"}
QUICK_FIX = "Insert missing section 'Motivation'"
# Hides an installed markdown-mode, as on an Emacs without it.
WITHOUT_MARKDOWN_MODE = (
    '(setq load-path (seq-remove (lambda (dir) (string-match-p "markdown-mode" dir)) load-path))'
)


@pytest.fixture(scope="module", params=["markdown-mode", "text-mode"])
def emacs_run(
    request: pytest.FixtureRequest, server_command: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    emacs = shutil.which("emacs")
    if emacs is None:
        missing_dependency("emacs (Debian: emacs-nox elpa-eglot elpa-markdown-mode)", request)
    root = tmp_path_factory.mktemp(f"emacs-{request.param}")
    workspace = root / "project"
    workspace.mkdir()
    (workspace / "pyproject.toml").write_text('[project]\nname = "proposals"\n', encoding="utf-8")
    document = workspace / FIXTURE.name
    shutil.copyfile(FIXTURE, document)
    spec = {
        "file": str(document),
        "result": str(root / "result.json"),
        "status_line": line_of("Status: "),
        "action": {"line": line_of("## Abstract"), "character": 3, "title": QUICK_FIX},
    }
    (root / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    # The configuration's default command is `pep-lsp` on PATH: this tree's server is put there.
    env = {
        "PATH": f"{server_command.parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(root),
        "PEP_LSP_EMACS_SPEC": str(root / "spec.json"),
        "LANG": "C.UTF-8",
    }
    before = ["--eval", WITHOUT_MARKDOWN_MODE] if request.param == "text-mode" else []
    completed = subprocess.run(
        [emacs, "--batch", *before, "-l", str(CONFIG), "-l", str(DRIVER)],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (root / "result.json").exists(), (
        f"drive.el wrote no result: {completed.stdout}{completed.stderr}"
    )
    result = json.loads((root / "result.json").read_text(encoding="utf-8"))
    assert "error" not in result, result["error"] + completed.stderr[-3000:]
    result["mode"] = request.param
    result["document"] = document.read_text(encoding="utf-8")
    return result


def flymake_view(findings: list) -> list[dict]:
    """A finding as Eglot 1.9 hands it to Flymake: `source [code]: message`, columns in characters."""
    return [
        {
            "line": e.line,
            "start": e.start,
            "end": e.end,
            "type": FLYMAKE_TYPES[e.severity],
            "message": f"pep-lsp [{e.code}]: {e.message}",
        }
        for e in sorted(findings, key=lambda e: (e.line, e.start))
    ]


def test_the_markdown_file_gets_the_expected_major_mode_and_eglot(emacs_run: dict) -> None:
    assert emacs_run["major_mode"] == emacs_run["mode"]
    assert (emacs_run["managed"], emacs_run["server_name"]) == (True, "pep-lsp")


def test_flymake_shows_exactly_the_findings(emacs_run: dict) -> None:
    assert emacs_run["diagnostics"] == flymake_view(expected_findings())


def test_completion_after_status_offers_the_status_values(emacs_run: dict) -> None:
    assert sorted(emacs_run["completion"]) == sorted(STATUSES)


def test_code_actions_offer_the_quick_fix_first(emacs_run: dict) -> None:
    assert emacs_run["offered"][0] == QUICK_FIX


def test_quick_fix_inserts_the_missing_section_and_nothing_else(emacs_run: dict) -> None:
    assert emacs_run["document"] == expected_after_motivation_fix()


def test_after_the_fix_the_missing_section_finding_is_gone(emacs_run: dict) -> None:
    after = emacs_run["diagnostics_after_fix"]
    assert not [d for d in after if "[S101]" in d["message"]]
    # The header and Abstract findings stay where they were (the insertion is below them).
    kept = [d for d in flymake_view(expected_findings()) if "[S101]" not in d["message"]]
    assert [d for d in after if d in kept] == kept
