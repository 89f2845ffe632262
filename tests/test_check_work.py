"""`pep-lsp check` over many files does each file's work once, and no work its report does not
show: the "Suppress CODE" fix each finding gets is built for the JSON report only (the one that
lists fixes), and which rules run is decided once per configuration, not once per file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import pep_lsp.engine.check as engine
from pep_lsp.cli import main
from pep_lsp.engine.check import Settings, rules_to_run
from tests.conftest import FIXTURES


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("half-filled.md", "draft.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _suppress_fixes_built(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    built: list[str] = []
    real = engine.suppress_fix

    def counted(model: object, finding: engine.Finding) -> object:
        built.append(finding.code)
        return real(model, finding)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "suppress_fix", counted)
    main(["check", "--exit-zero", *args, "."])
    return len(built), capsys.readouterr().out


@pytest.mark.parametrize("output", ["text", "github", "sarif"])
def test_a_report_that_shows_no_fixes_builds_no_suppress_fix(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    output: str,
) -> None:
    built, report = _suppress_fixes_built(monkeypatch, capsys, "--format", output)
    assert built == 0
    assert "H2" in report  # (the files have findings)


def test_the_json_report_lists_each_findings_suppress_fix(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    built, report = _suppress_fixes_built(monkeypatch, capsys, "--format", "json")
    findings = json.loads(report)["findings"]
    suppressing = [
        f for f in findings if any(fix["title"].startswith("Suppress") for fix in f["fixes"])
    ]
    assert built == len(findings) == len(suppressing) > 0


def test_the_rules_to_run_are_decided_once_per_settings() -> None:
    settings = Settings(ignore=("S",))
    plan = rules_to_run(settings)
    assert rules_to_run(settings) is plan
    assert rules_to_run(settings, after_suppression=True) is not plan
    assert not any(rule.code.startswith("S") for rule in plan)
    other = rules_to_run(Settings(select=("S",)))
    assert other and all(rule.code.startswith("S") for rule in other)
