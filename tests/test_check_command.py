"""`pep-lsp check` fails CI on what must not ship (issue 12 item 6): the untouched template,
thresholds (`--fail-on`, `--min-severity`), files that are not UTF-8, every configuration
mistake at once, standard input, the default path, rule names, and the summary line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pep_lsp.cli import main
from tests.conftest import FIXTURES, template_text

ROOT = Path(__file__).resolve().parents[1]
SECTIONS_ONLY = "## Abstract\n\nWe cache.\n\n## Motivation\n\nReads are slow.\n"
H100 = "error H100 Missing header block: add a fenced block of 'Field: value' lines (PEP, Title, Author, Status, ...) after the title"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("half-filled.md", "draft.md", "complete.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_process(
    *args: str, stdin: bytes = b"", cwd: Path = ROOT
) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [sys.executable, "-m", "pep_lsp", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_the_untouched_template_as_a_draft_fails(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("pep-9999.md").write_text(template_text(), encoding="utf-8")
    code, out, _ = run(capsys, "--format", "github", "pep-9999.md")
    errors = [
        line.split("::")[1].split(",title=")[1]
        for line in out.splitlines()
        if line.startswith("::error")
    ]
    assert (code, errors) == (1, ["H106", "H106", "H106", "H106"])


def test_fail_on_sets_what_exits_1(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # draft.md has only information and hints; half-filled.md has errors and warnings.
    assert run(capsys, "draft.md")[0] == 0
    assert run(capsys, "--fail-on", "information", "draft.md")[0] == 1
    assert run(capsys, "--fail-on", "hint", "draft.md")[0] == 1
    assert (
        run(capsys, "--fail-on", "error", "--select", "H203", "half-filled.md")[0] == 0
    )  # a warning only
    assert run(capsys, "--fail-on", "error", "half-filled.md")[0] == 1
    assert run(capsys, "--fail-on", "never", "half-filled.md")[0] == 0
    assert run(capsys, "--exit-zero", "--fail-on", "hint", "draft.md")[0] == 0


def test_min_severity_leaves_information_and_hints_out(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--min-severity", "warning", "draft.md")
    assert (code, out) == (
        0,
        "No problems in 1 file (1 PEP); 21 findings below --min-severity not shown.\n",
    )
    code, out, _ = run(
        capsys, "--format", "github", "--min-severity", "warning", "draft.md", "half-filled.md"
    )
    assert code == 1
    assert len(out.splitlines()) == 12 and not [
        line for line in out.splitlines() if line.startswith("::notice")
    ]
    # Hidden findings still count for --fail-on.
    assert run(capsys, "--min-severity", "error", "--fail-on", "hint", "draft.md")[0] == 1


def test_a_file_that_is_not_utf8_exits_2_naming_it_and_is_not_fixed(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin1 = (
        (FIXTURES / "half-filled.md")
        .read_text(encoding="utf-8")
        .replace("Standrad", "Standrad caf\u00e9")
        .encode("cp1252", errors="replace")
    )
    Path("latin1.md").write_bytes(latin1)
    code, out, err = run(capsys, "latin1.md", "complete.md")
    assert (code, out, err) == (
        2,
        "No problems in 1 file (1 PEP).\n",
        "pep-lsp: latin1.md: not valid UTF-8 (byte 0xe9 at line 8, byte 19); save it as UTF-8; not checked\n",
    )
    code, _, err = run(capsys, "--fix", "latin1.md")
    assert (code, err) == (
        2,
        "pep-lsp: latin1.md: not valid UTF-8 (byte 0xe9 at line 8, byte 19); save it as UTF-8; not fixed\n",
    )
    assert Path("latin1.md").read_bytes() == latin1


def test_every_configuration_mistake_is_reported_at_once(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("pep-lsp.toml").write_text(
        "abstract-max-word = 3\nselect = ['Q1']\ntitle-max-length = 0\n[rules]\nX999 = 'error'\nH205 = 'loud'\n"
    )
    code, out, err = run(capsys, "half-filled.md")
    config = Path("pep-lsp.toml").resolve()
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"pep-lsp: {config}:1: unknown option 'abstract-max-word' (did you mean 'abstract-max-words'?)",
        f"pep-lsp: {config}:2: unknown rule code or prefix 'Q1' in 'select' (see `pep-lsp rules`)",
        f"pep-lsp: {config}:3: option 'title-max-length' must be a positive whole number, not 0",
        f"pep-lsp: {config}:5: unknown rule code 'X999' in 'rules' (see `pep-lsp rules`)",
        f"pep-lsp: {config}:6: rule H205: 'loud' is not one of off, hint, info, warning, error",
    ]


def test_standard_input_with_a_file_name(tmp_path: Path) -> None:
    result = run_process(
        "check",
        "-",
        "--stdin-filename",
        "peps/pep-0012.md",
        stdin=SECTIONS_ONLY.encode(),
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (1, b"")
    assert result.stdout.decode().splitlines()[0] == f"peps/pep-0012.md:1:1: {H100}"
    # The configuration is the one nearest the file named.
    (tmp_path / "peps").mkdir()
    (tmp_path / "peps" / "pep-lsp.toml").write_text("ignore = ['H100']\n")
    result = run_process(
        "check",
        "-",
        "--stdin-filename",
        "peps/pep-0012.md",
        stdin=SECTIONS_ONLY.encode(),
        cwd=tmp_path,
    )
    assert "H100" not in result.stdout.decode()
    # Without a name, standard input is "-" and not a PEP by name.
    result = run_process("check", "-", stdin=SECTIONS_ONLY.encode(), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, b"No problems in 1 file (0 PEPs).\n")
    result = run_process("check", "-", stdin=b"\xff\xfe", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        b"pep-lsp: -: not valid UTF-8 (byte 0xff at line 1, byte 1); save it as UTF-8; not checked\n",
    )


def test_standard_input_with_fix_prints_the_fixed_text(tmp_path: Path) -> None:
    text = (FIXTURES / "half-filled.md").read_text(encoding="utf-8")
    result = run_process(
        "check", "-", "--fix", "--stdin-filename", "pep.md", stdin=text.encode(), cwd=tmp_path
    )
    assert result.stdout.decode() == text.replace("Type: Standrad\n", "Type: Standard\n").replace(
        "Created: 2026-09-14\n", "Created: 14-09-2026\n"
    )
    assert (
        result.stderr.decode().splitlines()[0] == "pep.md:8:7: fixed H205 Replace with 'Standard'"
    )
    assert result.returncode == 1


def test_check_without_a_path_checks_the_current_folder(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys)
    assert (code, out.splitlines()[-1]) == (
        1,
        "Found 33 problems (3 errors, 9 warnings, 11 information, 10 hints) in 2 of 3 files.",
    )


def test_a_clean_run_says_so_in_one_line(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("README.md").write_text("# Project\n\nNot a PEP.\n")
    assert run(capsys, "complete.md", "README.md") == (0, "No problems in 2 files (1 PEP).\n", "")


def test_rule_takes_a_name_as_well_as_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "missing-section"]) == 0
    assert capsys.readouterr().out.startswith(
        "S101 missing-section (severity: error, warning, information or hint; "
    )
    assert main(["rule", "missing-sectoin"]) == 2
    assert (
        capsys.readouterr().err
        == "pep-lsp: unknown rule code or name 'missing-sectoin' (did you mean 'missing-section'?)\n"
    )
