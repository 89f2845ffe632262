"""`pep-lsp check`: output format, exit codes, folders, and agreement with the server's rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pep_lsp.cli import main
from pep_lsp.engine.check import check
from tests.conftest import FIXTURES, fixture_text

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pep_lsp", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_check_prints_path_line_col_severity_code_message_and_exits_1() -> None:
    result = run("check", "tests/fixtures/half-filled.md")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "tests/fixtures/half-filled.md:5:8: warning H203 Title is 69 characters long; keep it to 50 or fewer",
        "tests/fixtures/half-filled.md:8:7: error H205 Type 'Standrad' is not one of Standard, Informational, Process; did you mean 'Standard'?",
        "tests/fixtures/half-filled.md:9:10: error H206 Created '2026-09-14' is not in the DD-MM-YYYY format: write '14-09-2026'",
        "tests/fixtures/half-filled.md:10:10: error H206 Updated '31-02-2026' is not a real date: February 2026 has 28 days",
    ]
    assert (
        "tests/fixtures/half-filled.md:73:1: warning L104 Example content from the template left in 'Configuration Changes': replace it with your own"
        in lines
    )
    assert (
        "tests/fixtures/half-filled.md:78:5: warning S104 Section 'Data Model Changes' is empty: write it or remove the heading"
        in lines
    )
    assert (
        "tests/fixtures/half-filled.md:101:4: warning S101 Missing important section 'Impact Analysis' (it belongs after 'Implementation')"
        in lines
    )
    assert lines[-1] == "Found 12 problems (3 errors, 9 warnings) in 1 file."


def test_complete_pep_is_clean_and_exits_0() -> None:
    result = run("check", "tests/fixtures/complete.md")
    # A clean run says so in one line (issue 12 item 6).
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "No problems in 1 file (1 PEP).\n",
        "",
    )


def test_draft_with_only_information_and_hints_exits_0() -> None:
    result = run("check", "tests/fixtures/draft.md")
    assert result.returncode == 0
    assert (
        result.stdout.splitlines()[-1] == "Found 21 problems (11 information, 10 hints) in 1 file."
    )


def test_folders_recurse_into_markdown_and_skip_non_peps(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "README.md").write_text("# Readme\n\nNot a PEP [at all].\n")
    (tmp_path / "docs" / "pep.md").write_text(fixture_text("half-filled.md"))
    (tmp_path / "notes.txt").write_text("ignored")
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    assert {line.split(":")[0] for line in result.stdout.splitlines()[:-1]} == {
        str(tmp_path / "docs" / "pep.md")
    }


def test_a_file_named_and_also_inside_a_named_folder_is_checked_once(tmp_path: Path) -> None:
    """`check . docs/pep.md` (or `check . .`) reports each file once, not its findings twice."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "pep.md").write_text(fixture_text("half-filled.md"))
    once = run("check", str(tmp_path)).stdout
    assert run("check", str(tmp_path), str(tmp_path / "docs" / "pep.md")).stdout == once
    assert run("check", str(tmp_path), str(tmp_path / "docs" / ".." / "docs")).stdout == once
    assert once.endswith("in 1 file.\n")


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such/file.md"]) == 2
    assert capsys.readouterr().err == "pep-lsp: no/such/file.md: No such file or directory\n"


def test_version_and_rules() -> None:
    assert run("--version").stdout == "pep-lsp 0.1.0\n"
    rules = run("rules").stdout.splitlines()
    assert rules[0].split()[:5] == ["C101", "section-too-long", "warning,", "draft:", "info"]
    doc = run("rule", "s101").stdout
    assert doc.startswith(
        "S101 missing-section (severity: error, warning, information or hint; warning, information or hint in a Draft (by the section's priority in the template))\n\nWhat it checks: every `##` and `###` section"
    )
    assert run("rule", "Z999").returncode == 2


def test_check_does_not_import_pygls() -> None:
    code = "import sys; from pep_lsp.cli import main; main(['check', 'tests/fixtures/complete.md']); print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stdout.splitlines()[-1] == "[]"


def test_cli_and_library_agree_on_every_fixture() -> None:
    for path in sorted(FIXTURES.glob("*.md")):
        expected = [
            f"{path.relative_to(ROOT)}:{f.span.start.line + 1}:{f.span.start.col + 1}: {f.severity.label} {f.code} {f.message}"
            for f in check(path.read_text())
        ]
        printed = [
            line
            for line in run("check", str(path.relative_to(ROOT))).stdout.splitlines()
            if not line.startswith(("Found ", "No problems "))
        ]
        assert printed == expected, path.name


def test_demo_script_prints_what_the_editor_receives() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/demo.py", "examples/pep-9002-draft.md"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "PROBLEMS in examples/pep-9002-draft.md (8), as the editor receives them from the server:"
    )
    assert (
        lines[1]
        == "  [Ln 56, Col 4] warning S101  Missing essential section 'Implementation' (it belongs after 'Specification')"
    )
    assert lines[2] == "      ## Specification"


def test_a_reader_that_goes_away_ends_the_check_quietly(tmp_path) -> None:
    """`pep-lsp check . | head`: no traceback when the pipe closes early; exit 2."""
    for index in range(300):
        (tmp_path / f"pep-{index}.md").write_text(fixture_text("half-filled.md"), encoding="utf-8")
    script = f"{sys.executable} -m pep_lsp check {tmp_path} | head -c 1; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stderr == ""
    assert result.returncode == 2
